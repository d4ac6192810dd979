"""R's ``pretty()``: round axis ticks covering a range (R's ``R_pretty`` in src/appl/pretty.c)."""
from __future__ import annotations

import math

import numpy as np


def r_pretty(low: float, high: float, n: int = 5, high_bias: float = 1.5) -> np.ndarray:
    """About ``n + 1`` equally spaced round values covering [low, high]."""
    h5 = 0.5 + 1.5 * high_bias
    span = high - low
    cell = span / n if span > 0 else max(abs(low), 1.0)
    base = 10.0 ** math.floor(math.log10(cell))
    unit = base
    if 2 * base - cell < high_bias * (cell - unit):
        unit = 2 * base
        if 5 * base - cell < h5 * (cell - unit):
            unit = 5 * base
            if 10 * base - cell < high_bias * (cell - unit):
                unit = 10 * base
    first = math.floor(low / unit + 1e-7)
    last = math.ceil(high / unit - 1e-7)
    while first * unit > low + 1e-10 * unit:
        first -= 1
    while last * unit < high - 1e-10 * unit:
        last += 1
    return np.arange(first, last + 1) * unit
