"""Cox proportional-hazards regression as R's ``survival::coxph`` (Cox 1972): partial
likelihood with Efron (default) or Breslow ties, Newton-Raphson to convergence, Wald /
likelihood-ratio / score tests, and survival's concordance of the linear predictor."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import confidence_level
from axilla.stats.concordance import Concordance, concordance
from axilla.stats.survival import _survival_data


@dataclass(frozen=True)
class CoxFit:
    """``table``: coef, hr, se, z, p_value, hr_lower, hr_upper per term; ``loglik`` =
    (null, fitted) partial log-likelihoods; tests as (statistic, df, p)."""

    table: pd.DataFrame
    loglik: tuple[float, float]
    lr_test: tuple[float, int, float]
    wald_test: tuple[float, int, float]
    score_test: tuple[float, int, float]
    concordance: Concordance
    cov: np.ndarray
    ties: str


def event_time_terms(beta, X, t, e, ties):
    """Per distinct event time: (times, log-likelihood, score (k x p), information (k x p x p))
    contributions of the partial likelihood; Efron's ties average the tied risk sets."""
    eta = X @ beta
    eta = eta - eta.max()
    risk = np.exp(eta)
    order = np.argsort(-t, kind="stable")                   # descending time: risk sets accumulate
    ts, es, Xs, rs, etas = t[order], e[order], X[order], risk[order], eta[order]
    s0 = np.cumsum(rs)
    s1 = np.cumsum(rs[:, None] * Xs, axis=0)
    s2 = np.cumsum(rs[:, None, None] * Xs[:, :, None] * Xs[:, None, :], axis=0)
    times = np.unique(ts[es == 1])
    p = X.shape[1]
    loglik, grad, info = np.zeros(times.size), np.zeros((times.size, p)), np.zeros((times.size, p, p))
    for k, time in enumerate(times):
        last = np.searchsorted(-ts, -time, side="right") - 1   # last index with ts >= time
        tied = (ts == time) & (es == 1)
        d = int(tied.sum())
        r0, r1, r2 = s0[last], s1[last], s2[last]
        loglik[k] = etas[tied].sum()
        grad[k] = Xs[tied].sum(axis=0)
        if ties == "efron":
            t0, t1 = rs[tied].sum(), (rs[tied, None] * Xs[tied]).sum(axis=0)
            t2 = (rs[tied, None, None] * Xs[tied, :, None] * Xs[tied, None, :]).sum(axis=0)
            fractions = np.arange(d) / d
        else:
            t0, t1, t2, fractions = 0.0, 0.0, 0.0, np.zeros(d)
        for f in fractions:
            a0, a1, a2 = r0 - f * t0, r1 - f * t1, r2 - f * t2
            loglik[k] -= np.log(a0)
            mean = a1 / a0
            grad[k] -= mean
            info[k] += a2 / a0 - np.outer(mean, mean)
    return times, loglik, grad, info


def _partial_likelihood(beta, X, t, e, ties):
    """(log-likelihood, score, information) summed over the event times."""
    _, loglik, grad, info = event_time_terms(beta, X, t, e, ties)
    return loglik.sum(), grad.sum(axis=0), info.sum(axis=0)


def cox(time, event, X, ties: str = "efron", level: float = 0.95, max_iter: int = 100,
        tol: float = 1e-11) -> CoxFit:
    """Fit a Cox model of ``time``/``event`` on the columns of ``X`` (DataFrame or array)."""
    t, e = _survival_data(time, event)
    if ties not in ("efron", "breslow"):
        raise StatsError(f"ties must be 'efron' or 'breslow', got {ties!r}", fix="use ties='efron' (R's default)")
    names = list(X.columns) if isinstance(X, pd.DataFrame) else [f"x{i + 1}" for i in range(np.shape(X)[1])]
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise StatsError("X has non-numeric columns", fix="encode factors as 0/1 dummy columns first") from None
    if X.ndim != 2 or X.shape[0] != t.size or not np.isfinite(X).all():
        raise StatsError(f"X must be a finite matrix with one row per patient, got shape {X.shape}",
                         fix="encode factors as dummies and drop patients with missing covariates")
    X = X - X.mean(axis=0)
    level = confidence_level(level)
    beta = np.zeros(X.shape[1])
    null_loglik, score, info0 = _partial_likelihood(beta, X, t, e, ties)
    loglik = null_loglik
    for _ in range(max_iter):
        _, grad, info = _partial_likelihood(beta, X, t, e, ties)
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            raise StatsError("the Cox information matrix is singular (collinear covariates?)",
                             fix="drop redundant covariates") from None
        new_beta = beta + step
        new_loglik = _partial_likelihood(new_beta, X, t, e, ties)[0]
        for _ in range(30):                                 # step-halving, as coxph does
            if not new_loglik < loglik - 1e-12:
                break
            step /= 2
            new_beta = beta + step
            new_loglik = _partial_likelihood(new_beta, X, t, e, ties)[0]
        converged = abs(1 - loglik / new_loglik) < tol
        beta, loglik = new_beta, new_loglik
        if converged:
            break
    else:
        raise StatsError(f"the Cox model did not converge in {max_iter} iterations",
                         fix="check for covariates that separate the events (infinite hazard ratio)")
    _, _, info = _partial_likelihood(beta, X, t, e, ties)
    cov = np.linalg.inv(info)
    se = np.sqrt(np.diag(cov))
    z = beta / se
    half = stats.norm.ppf(0.5 + level / 2) * se
    k = X.shape[1]
    lr = 2 * (loglik - null_loglik)
    wald = float(beta @ info @ beta)
    score_stat = float(score @ np.linalg.solve(info0, score))
    table = pd.DataFrame({"term": names, "coef": beta, "hr": np.exp(beta), "se": se, "z": z,
                          "p_value": 2 * stats.norm.sf(np.abs(z)),
                          "hr_lower": np.exp(beta - half), "hr_upper": np.exp(beta + half)})
    return CoxFit(table, (float(null_loglik), float(loglik)),
                  (float(lr), k, float(stats.chi2.sf(lr, k))), (wald, k, float(stats.chi2.sf(wald, k))),
                  (score_stat, k, float(stats.chi2.sf(score_stat, k))),
                  concordance(t, e, X @ beta), cov, ties)
