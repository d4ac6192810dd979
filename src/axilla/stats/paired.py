"""Paired tests of each feature before and after treatment, with Benjamini–Hochberg FDR.

seeds/003 (section 2.5) compares the key radiomic features of the same patients before
and after neoadjuvant chemotherapy with the paired-samples t-test. Per feature:

- paired t-test: ``scipy.stats.ttest_rel(post, pre)`` (R ``t.test(post, pre, paired =
  TRUE)``); its statistic is the mean of post − pre over its standard error.
- Wilcoxon signed-rank test: ``scipy.stats.wilcoxon(post, pre)`` with scipy's defaults
  (zero differences dropped, exact null distribution for small samples without ties,
  else the normal approximation; R ``wilcox.test(post, pre, paired = TRUE)``).
- FDR: Benjamini & Hochberg (1995), ``statsmodels.stats.multitest.multipletests(p,
  method="fdr_bh")`` over the features whose test is defined (R ``p.adjust(p, "BH")``).

A patient with a missing value of a feature at either time point is left out of that
feature's tests only, and ``n`` says how many pairs each test used. A feature whose test
is undefined (fewer than three pairs, or post − pre the same in every patient: R's
``t.test`` rule, standard error < 10 machine epsilons x |mean difference|) gets no p and a
``note`` saying why; it is never given p = 1 or left out silently.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from axilla.errors import StatsError

MIN_PAIRS = 3
PAIRED_COLUMNS = ("feature", "n", "mean_pre", "mean_post", "mean_difference", "direction",
                  "t", "p_ttest", "p_ttest_fdr", "w", "p_wilcoxon", "p_wilcoxon_fdr", "note")


def fdr_bh(p_values) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (statsmodels ``fdr_bh``); NaN entries (tests
    that were not defined) stay NaN and do not count among the hypotheses."""
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    defined = np.isfinite(p)
    if defined.any():
        adjusted[defined] = multipletests(p[defined], method="fdr_bh")[1]
    return adjusted


def paired_tests(pre: pd.DataFrame, post: pd.DataFrame) -> pd.DataFrame:
    """Paired t-test and Wilcoxon signed-rank test of every feature, post against pre.

    ``pre`` and ``post``: one row per patient (the same index) and one column per feature
    (the same columns). Returns one row per feature with the columns PAIRED_COLUMNS;
    ``direction`` is "up" or "down" by the sign of the mean difference (post − pre).
    """
    if list(pre.columns) != list(post.columns):
        only = sorted(set(pre.columns) ^ set(post.columns))[:5]
        raise StatsError(f"the pre and post tables have different features (e.g. {only})",
                         fix="compute the features of both time points with the same settings")
    if not pre.index.equals(post.index):
        raise StatsError("the pre and post tables list different patients or a different "
                         "order", fix="align both tables on the patients with both time points")
    if len(pre) < MIN_PAIRS:
        raise StatsError(f"{len(pre)} patient(s) with both time points; paired tests need at "
                         f"least {MIN_PAIRS}", fix="give pre and post images of more patients")
    rows = [_one_feature(name, pre[name].to_numpy(float), post[name].to_numpy(float))
            for name in pre.columns]
    table = pd.DataFrame(rows, columns=[c for c in PAIRED_COLUMNS if c not in
                                        ("p_ttest_fdr", "p_wilcoxon_fdr")])
    table.insert(table.columns.get_loc("p_ttest") + 1, "p_ttest_fdr", fdr_bh(table["p_ttest"]))
    table.insert(table.columns.get_loc("p_wilcoxon") + 1, "p_wilcoxon_fdr",
                 fdr_bh(table["p_wilcoxon"]))
    return table


def _one_feature(name: str, pre: np.ndarray, post: np.ndarray) -> dict:
    both = np.isfinite(pre) & np.isfinite(post)
    pre, post = pre[both], post[both]
    difference = post - pre
    row = {"feature": name, "n": int(both.sum()), "t": np.nan, "p_ttest": np.nan,
           "w": np.nan, "p_wilcoxon": np.nan, "note": ""}
    if row["n"]:
        row |= {"mean_pre": pre.mean(), "mean_post": post.mean(),
                "mean_difference": difference.mean(),
                "direction": "up" if difference.mean() > 0 else
                "down" if difference.mean() < 0 else "none"}
    if row["n"] < MIN_PAIRS:
        row["note"] = f"{row['n']} complete pair(s); at least {MIN_PAIRS} are needed"
        return row
    if _essentially_constant(difference):
        row["note"] = "post − pre is the same in every patient: no variance, tests undefined"
        return row
    t = sps.ttest_rel(post, pre)
    row["t"], row["p_ttest"] = float(t.statistic), float(t.pvalue)
    with warnings.catch_warnings():   # scipy warns when it falls back to the normal approximation
        warnings.simplefilter("ignore", UserWarning)
        w = sps.wilcoxon(post, pre)
    row["w"], row["p_wilcoxon"] = float(w.statistic), float(w.pvalue)
    return row


def _essentially_constant(difference: np.ndarray) -> bool:
    """R ``t.test``'s "data are essentially constant": stderr < 10 eps |mean| (or all equal)."""
    if np.ptp(difference) == 0:
        return True
    stderr = difference.std(ddof=1) / np.sqrt(len(difference))
    return bool(stderr < 10 * np.finfo(float).eps * abs(difference.mean()))
