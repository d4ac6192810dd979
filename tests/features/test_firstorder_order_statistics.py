"""First order's percentiles and median, taken from one sorted copy, are numpy's to the bit.

``numpy.percentile`` (method "linear") and ``numpy.median`` are what PyRadiomics calls;
firstorder computes them from a sorted copy (one sort instead of two selections), so these
checks compare with numpy itself on many sizes, ties and float32 values.
"""
from __future__ import annotations

import numpy as np
import pytest

from axilla.features.firstorder import _median, _percentiles


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 10, 11, 143, 1000, 1001])
@pytest.mark.parametrize("kind", ["normal", "ties", "float32"])
def test_order_statistics_equal_numpy(n, kind):
    rng = np.random.default_rng(n)
    values = {"normal": rng.normal(100, 20, n),
              "ties": rng.integers(-3, 4, n).astype(np.float64),
              "float32": rng.normal(0, 1, n).astype(np.float32).astype(np.float64)}[kind]
    ordered = np.sort(values)
    assert np.array_equal(_percentiles(ordered), np.percentile(values, [10, 25, 75, 90]))
    assert _median(ordered) == np.median(values)
