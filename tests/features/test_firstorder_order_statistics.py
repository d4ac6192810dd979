"""First order's statistics, computed in C (csrc/firstorder.c), are numpy's to the bit.

PyRadiomics computes them with numpy (``np.sum``, ``np.mean``, ``np.percentile`` method
"linear", ``np.median``); the kernel repeats numpy's pairwise summation and percentile
interpolation, so these checks compare with the numpy expressions themselves, with ``==``,
on many sizes (below 8, up to 128 and beyond: numpy's three ways of summing), ties, float32
values and a voxel shift.
"""
from __future__ import annotations

import numpy as np
import pytest

from axilla.features import _kernels
from axilla.features.firstorder import _statistics

SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 15, 16, 17, 127, 128, 129, 143, 255, 256, 257,
         1000, 1001, 4099, 100_003]


def _values(n: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(n)
    return {"normal": rng.normal(100, 20, n),
            "ties": rng.integers(-3, 4, n).astype(np.float64),
            "float32": rng.normal(0, 1, n).astype(np.float32).astype(np.float64)}[kind]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("kind", ["normal", "ties", "float32"])
def test_statistics_equal_numpy(n, kind):
    x = _values(n, kind)
    got = _statistics(x, 0)
    p10, p25, p75, p90 = np.percentile(x, [10, 25, 75, 90])
    mean = x.mean()
    centred = x - mean
    kept = x[(x >= p10) & (x <= p90)]
    expected = {
        "Energy": np.sum(x ** 2), "Minimum": x.min(), "Maximum": x.max(),
        "10Percentile": p10, "25Percentile": p25, "75Percentile": p75, "90Percentile": p90,
        "Mean": mean, "Median": np.median(x),
        "MeanAbsoluteDeviation": np.mean(np.abs(x - mean)),
        "RootMeanSquared": np.sqrt(np.sum(x ** 2) / n),
        "Variance": np.mean(centred ** 2),
    }
    for name, value in expected.items():
        assert got[name] == value, name
    if kept.size:
        assert got["RobustMeanAbsoluteDeviation"] == np.mean(np.abs(kept - kept.mean()))
    else:  # n = 2: no voxel within [P10, P90]; PyRadiomics' mean of nothing is NaN
        assert np.isnan(got["RobustMeanAbsoluteDeviation"])
    m2 = np.mean(centred * centred)
    if m2 == 0:
        assert got["Skewness"] == got["Kurtosis"] == 0.0
    else:  # scipy-free definitions PyRadiomics writes out: m3 / m2^1.5, m4 / m2^2
        assert got["Skewness"] == np.mean(centred * centred * centred) / m2 ** 1.5
        assert got["Kurtosis"] == np.mean((centred * centred) * (centred * centred)) / m2 ** 2.0


def test_voxel_shift_enters_energy_only():
    x = _values(143, "normal")
    shifted, plain = _statistics(x, 300.0), _statistics(x, 0)
    assert shifted["Energy"] == np.sum((x + 300.0) ** 2)
    assert shifted["RootMeanSquared"] == np.sqrt(np.sum((x + 300.0) ** 2) / 143)
    assert shifted["Variance"] == plain["Variance"] and shifted["Mean"] == plain["Mean"]


@pytest.mark.parametrize("x, ordered, out, error", [
    (np.ones(3), np.ones(3), np.empty(14), ValueError),
    (np.ones(3), np.ones(2), np.empty(15), ValueError),
    (np.empty(0), np.empty(0), np.empty(15), ValueError),
    (np.array([1.0, 2.0]), np.array([2.0, 1.0]), np.empty(15), ValueError),
    (np.array([1.0, np.nan]), np.array([1.0, np.nan]), np.empty(15), ValueError),
    (np.ones(3, np.float32), np.ones(3), np.empty(15), TypeError),
], ids=["out size", "ordered size", "empty", "not ascending", "NaN", "float32"])
def test_kernel_refuses_what_it_cannot_read(x, ordered, out, error):
    with pytest.raises(error):
        _kernels.first_order(x, ordered, 0.0, out)


def test_direction_means_are_numpy_nanmean_to_the_bit():
    rng = np.random.default_rng(5)
    for n_dir in (1, 4, 7, 8, 13, 26, 200):
        values = rng.normal(size=(23, n_dir)) * 10.0 ** rng.integers(-3, 4, size=(23, 1))
        values[rng.random(values.shape) < 0.2] = np.nan
        values[0] = np.nan
        means = np.empty(23)
        _kernels.direction_means(values, means)
        kept = ~np.isnan(values)
        count = kept.sum(axis=-1)
        expected = np.where(kept, values, 0).sum(axis=-1) / np.maximum(count, 1)
        assert np.array_equal(np.isnan(means), count == 0) and np.isnan(means[0])
        assert np.array_equal(means[count > 0], expected[count > 0])
