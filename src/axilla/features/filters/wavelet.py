"""Stationary wavelet images (PyRadiomics image type ``Wavelet``).

As PyRadiomics ``imageoperations.getWaveletImage`` / ``_swt3``: each odd-sized axis is
padded by one wrapped voxel, then ``pywt.swtn(level=1)`` is applied ``start_level +
level`` times to the running approximation (PyWavelets' stationary transform, periodic;
here ``csrc/swt.c``, PyWavelets' sums in PyWavelets' order, equal to ``pywt.swtn`` bit for
bit, tests/features/test_swt.py);
sub-bands ``a``/``d`` are renamed ``L``/``H`` over the axes x, y, z (``wavelet-LLH``: low
in x and y, high in z) and the last approximation is yielded last (``wavelet-LLL``).
Levels after the first are named ``wavelet2-...``. With ``force2D`` the axis
``force2Ddimension`` is not filtered (4 sub-bands).

A voxel's value depends only on voxels within ``filter length x number of passes`` of
it. The window is the ROI's box grown by that margin along each filtered axis (the whole
padded axis where the grown box would reach past an end), so every voxel of the box is
the whole-image value, bit for bit (tests/features/test_filters_window.py).
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

import numpy as np
import pywt
import SimpleITK as sitk

from axilla.errors import SettingsError
from axilla.features import _kernels
from axilla.features.filters.roi_window import Window, roi_box


def _axis_window(low: int, high: int, size: int, margin: int) -> tuple[np.ndarray, int]:
    """Indices (into the image) of one axis' window, and where the box starts in it.

    The padded axis has an even length; PyRadiomics' pad voxel repeats index 0. A window
    that would wrap around the axis' ends takes the whole axis instead: PyWavelets sums
    the taps of outputs near the array's ends in another order, so only the whole axis
    reproduces those voxels to the last bit.
    """
    padded = size + size % 2
    length = high - low + 1 + 2 * margin
    length += length % 2
    if low - margin < 0 or low - margin + length > padded:
        positions, start = np.arange(padded), low
    else:
        positions, start = np.arange(low - margin, low - margin + length), margin
    return np.where(positions == size, 0, positions), start


def wavelet(image: sitk.Image, mask: sitk.Image, settings: Mapping,
            **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``(wavelet-<bands>, sub-band values)`` for every sub-band, on the ROI's box."""
    args = {**settings, **custom}
    name = args.get("wavelet") or "coif1"
    try:
        bank = pywt.Wavelet(name)
    except ValueError:
        raise SettingsError(f"wavelet must be a discrete PyWavelets wavelet. Got {name!r}",
                            fix="use one of pywt.wavelist(kind='discrete'), e.g. coif1"
                            ) from None
    start_level = args.get("start_level") or 0
    levels = args.get("level") or 1
    dimension = image.GetDimension()
    axes = list(range(dimension - 1, -1, -1))
    if args.get("force2D"):
        axes.remove(args.get("force2Ddimension") or 0)
    low, high = roi_box(image, mask, args)
    array = sitk.GetArrayViewFromImage(image)
    margin = bank.dec_len * (start_level + levels)
    indices, starts = [], []
    for axis in range(dimension):
        if axis in axes:
            positions, start = _axis_window(low[axis], high[axis], array.shape[axis], margin)
        else:
            positions, start = np.arange(low[axis], high[axis] + 1), 0
        indices.append(positions)
        starts.append(start)
    data = array[np.ix_(*indices)]
    # PyWavelets filters float32 (and float16) images in float32, everything else in float64
    data = data.astype(np.float32 if data.dtype in (np.float16, np.float32) else np.float64)
    filters = _filters(name, data.dtype)
    box = tuple(slice(s, s + h - lo + 1) for s, lo, h in zip(starts, low, high))
    box_start = tuple(int(v) for v in low)
    approximation = "a" * len(axes)

    def on_box(values: np.ndarray) -> Window:
        return Window(np.ascontiguousarray(values[box]), box_start)

    for _ in range(start_level):
        data = _swt_bands(data, filters, axes)[approximation]
    for level in range(1, levels + 1):
        bands = _swt_bands(data, filters, axes)
        data = bands.pop(approximation)
        prefix = "wavelet" if level == 1 else f"wavelet{level}"
        for key, values in bands.items():
            yield f"{prefix}-{key.replace('a', 'L').replace('d', 'H')}", on_box(values)
        del bands
    prefix = "wavelet" if levels == 1 else f"wavelet{levels}"
    yield f"{prefix}-{'L' * len(axes)}", on_box(data)


def _swt_bands(data: np.ndarray, filters: tuple[np.ndarray, np.ndarray], axes: list[int]
               ) -> dict[str, np.ndarray]:
    """``pywt.swtn(data, level=1, axes=axes)[0]``: every sub-band of one stationary level,
    keyed and ordered as PyWavelets does (one ``a``/``d`` letter per axis, in ``axes``
    order)."""
    lead = 3 - data.ndim  # the kernel sees (z, y, x); a 2D image is one slice
    bands = [("", data)]
    for axis in axes:
        split = []
        for key, values in bands:
            low, high = np.empty_like(values), np.empty_like(values)
            as_3d = (1,) * lead + values.shape
            _kernels.swt_axis(values.reshape(as_3d), *filters, axis + lead,
                              low.reshape(as_3d), high.reshape(as_3d))
            split += [(key + "a", low), (key + "d", high)]
        bands = split
    return dict(bands)


@functools.lru_cache(maxsize=64)
def _filters(name: str, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """PyWavelets' decomposition filters of wavelet ``name`` as its transform applies them to
    ``dtype`` data. Its float32 filters are computed in float32 from the coefficient tables,
    not rounded from the float64 ones, so both are read back from PyWavelets' own transform
    of a unit impulse: output ``k`` of the impulse is filter tap ``(k + f/2) mod n``."""
    bank = pywt.Wavelet(name)
    taps = bank.dec_len
    impulse = np.zeros(2 * taps, dtype)
    impulse[0] = 1
    low, high = pywt.swt(impulse, bank, level=1)[0]
    order = (np.arange(taps) - taps // 2) % len(impulse)
    return np.ascontiguousarray(low[order]), np.ascontiguousarray(high[order])
