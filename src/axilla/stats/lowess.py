"""R's ``lowess`` (stats::lowess, the C routine clowess): locally weighted linear regression
with tricube weights (Cleveland 1979, JASA 74:829), nearest ``round-down(f n)`` neighbours,
interpolation across points closer than ``delta``, optional robustness iterations."""
from __future__ import annotations

import numba
import numpy as np

from axilla.errors import StatsError


def lowess(x, y, f: float = 2 / 3, iterations: int = 3, delta: float | None = None):
    """Return ``(x_sorted, fitted)`` exactly as R's ``lowess(x, y, f, iter, delta)``;
    ``delta`` defaults to 1% of the range of x."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size == 0:
        raise StatsError(f"lowess needs two 1-D arrays of equal length, got {x.shape} and {y.shape}",
                         fix="pass one y per x")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise StatsError("lowess got missing or infinite values", fix="drop them first")
    if not 0 < f <= 1:
        raise StatsError(f"lowess span f must be in (0, 1], got {f}", fix="use e.g. f=2/3 (R's default)")
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    if delta is None:
        delta = 0.01 * (xs[-1] - xs[0])
    return xs, _clowess(xs, ys, float(f), int(iterations), float(delta))


@numba.njit(cache=True)
def _local_fit(x, y, xs, nleft, nright, weights, robust, rw):
    """Weighted local line at ``xs`` over neighbours ``nleft..nright`` (clowess ``lowest``);
    returns (fitted, ok)."""
    n = x.size
    span = x[n - 1] - x[0]
    h = max(xs - x[nleft], x[nright] - xs)
    h9, h1 = 0.999 * h, 0.001 * h
    total = 0.0
    j = nleft
    while j < n:
        weights[j] = 0.0
        r = abs(x[j] - xs)
        if r <= h9:
            if r <= h1:
                weights[j] = 1.0
            else:
                q = 1.0 - (r / h) ** 3
                weights[j] = q * q * q
            if robust:
                weights[j] *= rw[j]
            total += weights[j]
        elif x[j] > xs:
            break
        j += 1
    last = j - 1
    if total <= 0.0:
        return 0.0, False
    for k in range(nleft, last + 1):
        weights[k] /= total
    if h > 0.0:
        centre = 0.0
        for k in range(nleft, last + 1):
            centre += weights[k] * x[k]
        slope = xs - centre
        spread = 0.0
        for k in range(nleft, last + 1):
            spread += weights[k] * (x[k] - centre) * (x[k] - centre)
        if np.sqrt(spread) > 0.001 * span:
            slope /= spread
            for k in range(nleft, last + 1):
                weights[k] *= slope * (x[k] - centre) + 1.0
    fitted = 0.0
    for k in range(nleft, last + 1):
        fitted += weights[k] * y[k]
    return fitted, True


@numba.njit(cache=True)
def _clowess(x, y, f, iterations, delta):
    n = x.size
    fitted = np.empty(n)
    if n < 2:
        fitted[:] = y
        return fitted
    ns = max(2, min(n, int(f * n + 1e-7)))
    weights = np.zeros(n)
    rw = np.ones(n)
    residuals = np.zeros(n)
    for iteration in range(iterations + 1):
        nleft, nright, last, i = 0, ns - 1, -1, 0
        while True:
            if nright < n - 1:
                if x[i] - x[nleft] > x[nright + 1] - x[i]:
                    nleft += 1
                    nright += 1
                    continue
            value, ok = _local_fit(x, y, x[i], nleft, nright, weights, iteration > 0, rw)
            fitted[i] = value if ok else y[i]
            if last < i - 1:
                denom = x[i] - x[last]
                for j in range(last + 1, i):
                    alpha = (x[j] - x[last]) / denom
                    fitted[j] = alpha * fitted[i] + (1.0 - alpha) * fitted[last]
            last = i
            cut = x[last] + delta
            i = last + 1
            while i < n:
                if x[i] > cut:
                    break
                if x[i] == x[last]:
                    fitted[i] = fitted[last]
                    last = i
                i += 1
            i = max(last + 1, i - 1)
            if last >= n - 1:
                break
        for k in range(n):
            residuals[k] = y[k] - fitted[k]
        if iteration == iterations or not _robustness_weights(residuals, rw):
            break
    return fitted


@numba.njit(cache=True)
def _robustness_weights(residuals, rw):
    """Bisquare weights from 6 x the median absolute residual (clowess); False when the
    residuals are effectively zero (R then stops iterating)."""
    n = residuals.size
    absres = np.abs(residuals)
    ordered = np.sort(absres)
    m1 = n // 2
    if n % 2 == 0:
        cmad = 3.0 * (ordered[m1 - 1] + ordered[m1])
    else:
        cmad = 6.0 * ordered[m1]
    if cmad < 1e-7 * np.mean(absres):
        return False
    c9, c1 = 0.999 * cmad, 0.001 * cmad
    for k in range(n):
        r = absres[k]
        if r <= c1:
            rw[k] = 1.0
        elif r <= c9:
            q = 1.0 - (r / cmad) ** 2
            rw[k] = q * q
        else:
            rw[k] = 0.0
    return True
