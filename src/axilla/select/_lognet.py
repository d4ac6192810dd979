"""Lasso-penalised logistic regression path, solved the way glmnet solves it.

Friedman, Hastie, Tibshirani (2010) "Regularization paths for generalized linear
models via coordinate descent", J Stat Softw 33(1), sections 2.1-2.3 and 3 (IRLS outer
loop, coordinate descent on the weighted least-squares problem, warm starts); Tibshirani
et al. (2012) "Strong rules for discarding predictors in lasso-type problems", JRSS-B 74,
section 5 (sequential strong rule with a KKT check). Path stopping rules as glmnet 4.1
(``glmnet.control``: fdev = 1e-5, devmax = 0.999, mnlam = 5, pmin = 1e-9).

The objective on the standardised matrix ``xs`` with weights ``w`` summing to one is
``-sum_i w_i loglik_i + lam * sum_j |b_j|``; the intercept is not penalised.
"""
from __future__ import annotations

import numpy as np
from numba import njit

PMIN = 1e-9        # glmnet.control()$pmin: fitted probabilities are kept in [pmin, 1 - pmin]
FDEV = 1e-5        # glmnet.control()$fdev: stop when the deviance ratio gains less
DEVMAX = 0.999     # glmnet.control()$devmax: stop when the deviance ratio exceeds it
MNLAM = 5          # glmnet.control()$mnlam: never stop before this many lambdas


@njit(cache=True)
def _probabilities(eta):
    p = 1.0 / (1.0 + np.exp(-eta))
    return np.minimum(np.maximum(p, PMIN), 1.0 - PMIN)


@njit(cache=True)
def _deviance(w, y, p):
    """Weighted binomial deviance / 2 (weights sum to one), probabilities clipped."""
    total = 0.0
    for i in range(y.shape[0]):
        q = min(max(p[i], PMIN), 1.0 - PMIN)
        total -= w[i] * (y[i] * np.log(q) + (1.0 - y[i]) * np.log(1.0 - q))
    return total


@njit(cache=True)
def _linear_predictor(xs, beta, a0, cols):
    """``a0 + xs[:, cols] @ beta[cols]`` (every nonzero coefficient is in ``cols``)."""
    eta = np.full(xs.shape[0], a0)
    for j in cols:
        if beta[j] != 0.0:
            eta += beta[j] * xs[:, j]
    return eta


@njit(cache=True)
def _gradient(xs, resid, j):
    total = 0.0
    for i in range(xs.shape[0]):
        total += xs[i, j] * resid[i]
    return total


@njit(cache=True)
def _sweep(xs, v, resid, beta, a0, lam, strong, xv, active_only):
    """One coordinate-descent pass (all strong columns or only the nonzero ones), then
    the intercept; returns the intercept and the largest weighted squared change."""
    n = xs.shape[0]
    largest = 0.0
    for j in strong:
        old = beta[j]
        if active_only and old == 0.0:
            continue
        u = _gradient(xs, resid, j) + xv[j] * old
        new = np.sign(u) * max(abs(u) - lam, 0.0) / xv[j]
        if new != old:
            d = new - old
            beta[j] = new
            for i in range(n):
                resid[i] -= d * v[i] * xs[i, j]
            largest = max(largest, xv[j] * d * d)
    vsum = v.sum()
    d = resid.sum() / vsum
    for i in range(n):
        resid[i] -= d * v[i]
    return a0 + d, max(largest, vsum * d * d)


@njit(cache=True)
def _solve_quadratic(xs, v, resid, beta, a0, lam, strong, xv, thr, maxit):
    """Coordinate descent on the IRLS quadratic over the ``strong`` columns: a full pass,
    then passes over the active set until converged, until a full pass changes nothing.

    ``resid`` holds ``v * (z - eta)`` and is updated in place; returns the new
    intercept and the number of passes used.
    """
    passes = 0
    while passes < maxit:
        a0, largest = _sweep(xs, v, resid, beta, a0, lam, strong, xv, False)
        passes += 1
        if largest < thr:
            break
        while passes < maxit:
            a0, largest = _sweep(xs, v, resid, beta, a0, lam, strong, xv, True)
            passes += 1
            if largest < thr:
                break
    return a0, passes


@njit(cache=True)
def _solve_lambda(xs, y, w, lam, beta, a0, strong, thr, maxit):
    """IRLS outer loop at one lambda, warm-started from ``beta``/``a0`` (updated)."""
    n, p = xs.shape
    xv = np.zeros(p)
    total = 0
    while total < maxit:
        prob = _probabilities(_linear_predictor(xs, beta, a0, strong))
        v = w * prob * (1.0 - prob)
        resid = w * (y - prob)
        for j in strong:
            acc = 0.0
            for i in range(n):
                acc += v[i] * xs[i, j] * xs[i, j]
            xv[j] = acc
        old_beta = beta.copy()
        old_a0 = a0
        a0, passes = _solve_quadratic(xs, v, resid, beta, a0, lam, strong, xv, thr, maxit)
        total += passes
        change = v.sum() * (a0 - old_a0) ** 2
        for j in strong:
            change = max(change, xv[j] * (beta[j] - old_beta[j]) ** 2)
        if change < thr:
            break
    return a0, total


@njit(cache=True)
def lognet_path(xs, y, w, lambdas, thr, maxit, stop_early):
    """Solve at each lambda in turn with warm starts and the sequential strong rule.

    Returns intercepts, coefficients (p x nlam, standardised scale), deviance ratios
    and the number of lambdas fitted (fewer than given when ``stop_early`` applies
    glmnet's path stopping rules).
    """
    n, p = xs.shape
    nlam = lambdas.shape[0]
    ybar = (w * y).sum()
    null_dev = _deviance(w, y, np.full(n, ybar))
    thr_scaled = thr * null_dev
    beta = np.zeros(p)
    a0 = np.log(ybar / (1.0 - ybar))
    intercepts = np.zeros(nlam)
    coefs = np.zeros((p, nlam))
    dev_ratio = np.zeros(nlam)
    ever_active = np.zeros(p, dtype=np.bool_)
    grad = np.zeros(p)
    prob = _probabilities(np.full(n, a0))
    for j in range(p):
        grad[j] = abs(_gradient(xs, w * (y - prob), j))
    previous_lam = lambdas[0]
    fitted = 0
    for m in range(nlam):
        # glmnet fits the first point of its own path at an infinite lambda: all zero
        lam = np.inf if (stop_early and m == 0) else lambdas[m]
        cutoff = 2.0 * lam - previous_lam
        in_strong = ever_active | (grad > cutoff)
        while True:
            strong = np.nonzero(in_strong)[0]
            a0, _ = _solve_lambda(xs, y, w, lam, beta, a0, strong, thr_scaled, maxit)
            prob = _probabilities(_linear_predictor(xs, beta, a0, strong))
            resid = w * (y - prob)
            violated = False
            for j in range(p):
                grad[j] = abs(_gradient(xs, resid, j))
                if not in_strong[j] and grad[j] > lam:
                    in_strong[j] = True
                    violated = True
            if not violated:
                break
        ever_active |= beta != 0.0
        intercepts[m] = a0
        coefs[:, m] = beta
        dev_ratio[m] = 1.0 - _deviance(w, y, prob) / null_dev
        fitted = m + 1
        previous_lam = lambdas[m]
        if stop_early and fitted >= min(MNLAM, nlam):
            if dev_ratio[m] > DEVMAX or (m > 0 and dev_ratio[m] - dev_ratio[m - 1] < FDEV):
                break
            vsum = (w * prob * (1.0 - prob)).sum()
            if vsum <= (1.0 + PMIN) * PMIN * (1.0 - PMIN):
                break
    return intercepts[:fitted], coefs[:, :fitted], dev_ratio[:fitted], fitted
