"""R's ``spline(method = "fmm")`` and ``approx``: interpolation as MASS's profile CIs use it.

Forsythe, Malcolm & Moler (1977) "Computer Methods for Mathematical Computations",
section 4.4 (cubic spline with end third derivatives matched to the cubics through the
first and last four points), as in R's ``stats/src/splines.c``.
"""
from __future__ import annotations

import numpy as np


def fmm_coefficients(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients b, c, d with ``s(u) = y_i + b_i t + c_i t^2 + d_i t^3``, t = u - x_i."""
    n = x.size
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        b[:] = (y[1] - y[0]) / (x[1] - x[0])
        return b, c, d
    last = n - 1
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, last):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0], b[last] = -d[0], -d[n - 2]
    c[0] = c[last] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[last] = c[n - 2] / (x[last] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[last] = -c[last] * d[n - 2] * d[n - 2] / (x[last] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] -= t * d[i - 1]
        c[i] -= t * c[i - 1]
    c[last] /= b[last]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[last] = (y[last] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[last])
    for i in range(last):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[last] = 3.0 * c[last]
    d[last] = d[n - 2]
    return b, c, d


def _regularize(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort by x and average y over tied x (R's ``regularize.values``, ties = mean)."""
    ux, inverse = np.unique(x, return_inverse=True)
    return ux, np.bincount(inverse, weights=y) / np.bincount(inverse)


def r_spline(x, y, n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``spline(x, y, n = 3 * length(x), method = "fmm")``: n points on a regular grid."""
    x, y = _regularize(np.asarray(x, float), np.asarray(y, float))
    n = 3 * x.size if n is None else n
    grid = np.linspace(x[0], x[-1], n)
    b, c, d = fmm_coefficients(x, y)
    i = np.clip(np.searchsorted(x, grid, side="right") - 1, 0, x.size - 1)
    t = grid - x[i]
    return grid, y[i] + t * (b[i] + t * (c[i] + t * d[i]))


def r_approx(x, y, xout) -> np.ndarray:
    """``approx(x, y, xout)``: linear interpolation, NaN outside the range (rule = 1)."""
    x, y = _regularize(np.asarray(x, float), np.asarray(y, float))
    return np.interp(xout, x, y, left=np.nan, right=np.nan)
