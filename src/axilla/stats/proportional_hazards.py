"""Test of proportional hazards for a Cox model as survival 3.x ``cox.zph`` (Grambsch &
Therneau 1994): a score test, at the fitted coefficients, of adding x g(t) for each term,
using the full information matrix of (beta, theta); g = the transformed event time, centred
over the events ("km": 1 - left-continuous Kaplan-Meier, survival's default)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from axilla.errors import StatsError
from axilla.stats.cox import cox, event_time_terms
from axilla.stats.survival import _survival_data

def _km_transformed_times(t: np.ndarray, e: np.ndarray) -> np.ndarray:
    """1 - S(t-) per patient, S the pooled Kaplan-Meier curve (survival's transform "km")."""
    times, inverse = np.unique(t, return_inverse=True)
    at_risk = t.size - np.r_[0, np.cumsum(np.bincount(inverse))[:-1]]
    surv = np.cumprod(1 - np.bincount(inverse, weights=e) / at_risk)
    return 1 - np.r_[1.0, surv][np.searchsorted(times, t, side="left")]


def cox_zph(time, event, X: pd.DataFrame, terms: dict | None = None, ties: str = "efron") -> pd.DataFrame:
    """Chi-square, df and p per term and GLOBAL. ``terms`` maps a term name to its columns of
    ``X`` (e.g. the dummies of a factor); by default each column is a term."""
    t, e = _survival_data(time, event)
    if not isinstance(X, pd.DataFrame):
        raise StatsError("cox_zph needs X as a DataFrame (its column names define the terms)",
                         fix="pass pandas.DataFrame(X, columns=names)")
    terms = terms or {c: [c] for c in X.columns}
    unknown = [c for cols in terms.values() for c in cols if c not in X.columns]
    if unknown:
        raise StatsError(f"terms name columns not in X: {unknown}", fix=f"columns of X: {list(X.columns)}")
    beta = cox(t, e, X, ties=ties).table["coef"].to_numpy()
    Xc = X.to_numpy(float) - X.to_numpy(float).mean(axis=0)
    times, _, score, info = event_time_terms(beta, Xc, t, e, ties)
    g_patient = _km_transformed_times(t, e)
    g_patient = g_patient - g_patient[e == 1].mean()
    order = np.argsort(t, kind="stable")
    g = g_patient[order][np.searchsorted(t[order], times)]   # g is a function of time alone
    p = beta.size
    u = np.r_[np.zeros(p), np.einsum("k,kp->p", g, score)]
    cross = np.einsum("k,kpq->pq", g, info)
    full = np.block([[info.sum(axis=0), cross], [cross, np.einsum("k,kpq->pq", g * g, info)]])
    rows = []
    columns = list(X.columns)
    for name, cols in [*terms.items(), ("GLOBAL", columns)]:
        keep = list(range(p)) + [p + columns.index(c) for c in cols]
        sub_u = u[keep]
        chisq = float(sub_u @ np.linalg.solve(full[np.ix_(keep, keep)], sub_u))
        rows.append({"term": name, "chisq": chisq, "df": len(cols), "p": float(stats.chi2.sf(chisq, len(cols)))})
    return pd.DataFrame(rows)
