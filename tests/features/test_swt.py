"""The Wavelet image type's stationary transform (csrc/swt.c) equals PyWavelets' to the bit.

PyRadiomics calls ``pywt.swtn(level=1)``; Axilla runs its own compiled pass with
PyWavelets' filters and PyWavelets' order of summation (periodization, wrapped taps of the
line's ends first), so every sub-band must equal ``pywt.swtn``'s with ``==``: here on
short and long axes (filters longer than the line wrap several times), float32 data
(filtered in float32 with PyWavelets' float32 filters) and float64, 2D and 3D, every axis
subset PyRadiomics uses.
"""
from __future__ import annotations

import numpy as np
import pytest
import pywt

from axilla.features import _kernels
from axilla.features.filters.wavelet import _filters, _swt_bands

WAVELETS = ["coif1", "haar", "db4", "sym5", "bior2.2", "rbio3.5", "dmey"]


@pytest.mark.parametrize("name", WAVELETS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sub_bands_equal_pywavelets(name, dtype):
    rng = np.random.default_rng(len(name))
    filters = _filters(name, np.dtype(dtype))
    for shape, axes in [((4, 6, 8), [2, 1, 0]), ((2, 2, 2), [2, 1, 0]), ((6, 14, 4), [2, 1]),
                        ((2, 30, 12), [2, 1, 0]), ((10, 8), [1, 0]), ((16, 2), [1])]:
        data = (rng.normal(size=shape) * 100).astype(dtype)
        got = _swt_bands(data, filters, axes)
        expected = pywt.swtn(data, name, level=1, start_level=0, axes=axes)[0]
        assert list(got) == list(expected)
        for key in expected:
            assert got[key].dtype == expected[key].dtype
            assert np.array_equal(got[key], expected[key]), (shape, key)


def test_float64_filters_are_pywavelets_decomposition_filters():
    for name in WAVELETS:
        low, high = _filters(name, np.dtype(np.float64))
        bank = pywt.Wavelet(name)
        assert low.tolist() == bank.dec_lo and high.tolist() == bank.dec_hi


def test_float32_filters_are_pywavelets_own_not_rounded_doubles():
    # coif1's float32 taps are computed in float32 by PyWavelets; at least one differs from
    # the float64 tap rounded to float32, which is why they are read back from pywt
    low, high = _filters("coif1", np.dtype(np.float32))
    bank = pywt.Wavelet("coif1")
    assert low.dtype == np.float32
    assert np.sum(low != np.float32(bank.dec_lo)) == 1  # PyRadiomics' default wavelet
    assert np.sum(high != np.float32(bank.dec_hi)) == 1
    data = np.random.default_rng(1).normal(size=(1, 1, 12)).astype(np.float32)
    expected = pywt.swt(data[0, 0], bank, level=1)[0]
    out_low, out_high = np.empty_like(data), np.empty_like(data)
    _kernels.swt_axis(data, low, high, 2, out_low, out_high)
    assert np.array_equal(out_low[0, 0], expected[0])
    assert np.array_equal(out_high[0, 0], expected[1])


@pytest.mark.parametrize("args, error", [
    ((np.ones((2, 2, 2), np.int16), np.ones(2), np.ones(2), 0), TypeError),
    ((np.ones((2, 2, 2)), np.ones(2, np.float32), np.ones(2), 0), TypeError),
    ((np.ones((2, 2, 2)), np.ones(2), np.ones(3), 0), ValueError),
    ((np.ones((2, 2, 2)), np.ones(2), np.ones(2), 3), ValueError),
    ((np.ones((2, 2)), np.ones(2), np.ones(2), 0), TypeError),
], ids=["integer image", "filter type", "filter lengths", "axis", "2-D image"])
def test_kernel_refuses_what_it_cannot_read(args, error):
    image = args[0]
    with pytest.raises(error):
        _kernels.swt_axis(*args, np.empty(image.shape, image.dtype),
                          np.empty(image.shape, image.dtype))


def test_kernel_refuses_outputs_of_another_shape():
    with pytest.raises(ValueError, match="shape"):
        _kernels.swt_axis(np.ones((2, 2, 2)), np.ones(2), np.ones(2), 0, np.empty((2, 2, 4)),
                          np.empty((2, 2, 2)))
