"""Fisher's exact test for an r x 2 (or 2 x c) table by full enumeration of the tables with
the observed margins (Freeman & Halton 1951); two-sided p = sum of the probabilities not
above the observed one, with R ``fisher.test``'s relative tolerance 1e-7."""
from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from axilla.errors import StatsError

R_RELATIVE_TOLERANCE = 1e-7  # R fisher.test: relErr <- 1 + 10^(-7)
MAX_TABLES = 20_000_000


def _log_choose(n: int, k: np.ndarray) -> np.ndarray:
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def fisher_exact(table) -> float:
    """Two-sided exact p-value of a table with two rows or two columns."""
    t = np.asarray(table, dtype=np.int64)
    if t.ndim != 2 or 2 not in t.shape:
        raise StatsError(f"exact test needs an r x 2 or 2 x c table, got shape {t.shape}",
                         fix="use the chi-square test for larger tables")
    if t.shape[1] != 2:
        t = t.T
    t = t[t.sum(axis=1) > 0]
    rows, first = t.sum(axis=1), int(t[:, 0].sum())
    observed = float(np.sum(_log_choose(rows, t[:, 0])))
    # enumerate column-1 counts row by row: partial sums and log-probabilities of every prefix
    sums, logp = np.zeros(1, dtype=np.int64), np.zeros(1)
    for r in rows[:-1]:
        x = np.arange(r + 1)
        sums = (sums[:, None] + x[None, :]).ravel()
        logp = (logp[:, None] + _log_choose(r, x)[None, :]).ravel()
        keep = sums <= first
        sums, logp = sums[keep], logp[keep]
        if sums.size > MAX_TABLES:
            raise StatsError("the table is too large to enumerate for Fisher's exact test",
                             fix="use the chi-square test")
    last = first - sums
    ok = (last >= 0) & (last <= rows[-1])
    logp = logp[ok] + _log_choose(rows[-1], last[ok])
    top = logp.max()
    weights = np.exp(logp - top)
    extreme = logp <= observed + np.log1p(R_RELATIVE_TOLERANCE)
    return float(min(1.0, weights[extreme].sum() / weights.sum()))
