"""Group comparisons for Table 1, each as R computes it: Welch and Student t (``t.test``),
Wilcoxon-Mann-Whitney (``wilcox.test``: exact when both groups < 50 and no ties, else the
tie-corrected normal approximation with continuity correction), Welch's one-way ANOVA
(``oneway.test``, Welch 1951), Kruskal-Wallis, Pearson chi-square (``chisq.test``, Yates on
2 x 2) and Fisher's exact test; Shapiro-Wilk (Royston 1995) for choosing between them."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from axilla.errors import StatsError
from axilla.stats.fisher import fisher_exact


@dataclass(frozen=True)
class GroupTest:
    test: str
    statistic: float | None
    df: float | None
    p_value: float | None


def welch_t(x0: np.ndarray, x1: np.ndarray) -> GroupTest:
    r = stats.ttest_ind(x0, x1, equal_var=False)
    return GroupTest("Welch t-test", float(r.statistic), float(r.df), float(r.pvalue))


def student_t(x0: np.ndarray, x1: np.ndarray) -> GroupTest:
    r = stats.ttest_ind(x0, x1, equal_var=True)
    return GroupTest("Student t-test", float(r.statistic), float(r.df), float(r.pvalue))


def wilcoxon(x0: np.ndarray, x1: np.ndarray, exact: bool | None = None, correct: bool = True) -> GroupTest:
    """W = U of group 0; ``exact=None`` is R's default rule."""
    ties = np.unique(np.r_[x0, x1]).size < x0.size + x1.size
    if exact is None:
        exact = x0.size < 50 and x1.size < 50 and not ties
    method = "exact" if exact else "asymptotic"
    r = stats.mannwhitneyu(x0, x1, use_continuity=correct, method=method)
    name = "Wilcoxon rank-sum test" + ("" if exact else (" (continuity corrected)" if correct else ""))
    return GroupTest(name, float(r.statistic), None, float(r.pvalue))


def welch_anova(groups: list[np.ndarray]) -> GroupTest:
    """Welch's heteroscedastic one-way ANOVA (R ``oneway.test(var.equal = FALSE)``)."""
    n = np.array([g.size for g in groups], dtype=float)
    means = np.array([g.mean() for g in groups])
    w = n / np.array([g.var(ddof=1) for g in groups])
    k = len(groups)
    grand = np.sum(w * means) / w.sum()
    lam = np.sum((1 - w / w.sum()) ** 2 / (n - 1))
    f = (np.sum(w * (means - grand) ** 2) / (k - 1)) / (1 + 2 * (k - 2) * lam / (k * k - 1))
    df2 = (k * k - 1) / (3 * lam)
    return GroupTest("Welch ANOVA", float(f), float(df2), float(stats.f.sf(f, k - 1, df2)))


def kruskal(groups: list[np.ndarray]) -> GroupTest:
    r = stats.kruskal(*groups)
    return GroupTest("Kruskal-Wallis test", float(r.statistic), float(len(groups) - 1), float(r.pvalue))


def chi_square(table: np.ndarray, correct: bool = True) -> GroupTest:
    """Pearson chi-square; Yates' correction on 2 x 2 tables when ``correct``."""
    r = stats.chi2_contingency(table, correction=correct)
    yates = correct and table.shape == (2, 2)
    return GroupTest("Chi-square test" + (" (Yates)" if yates else ""), float(r.statistic), float(r.dof),
                     float(r.pvalue))


def fisher(table: np.ndarray) -> GroupTest:
    return GroupTest("Fisher's exact test", None, None, fisher_exact(table))


def looks_normal(groups: list[np.ndarray], alpha: float = 0.05) -> bool:
    """Shapiro-Wilk p > alpha in every group (3 to 5000 values, non-constant)."""
    for g in groups:
        if g.size < 3 or g.size > 5000 or np.ptp(g) == 0:
            return False
        if stats.shapiro(g).pvalue <= alpha:
            return False
    return True


def compare_continuous(groups: list[np.ndarray], normal: bool) -> GroupTest:
    """Welch t / Wilcoxon for two groups, Welch ANOVA / Kruskal-Wallis for more."""
    if len(groups) < 2 or min(g.size for g in groups) < 2:
        raise StatsError("each group needs at least two values to be compared",
                         fix="check the group column, or drop empty groups")
    if len(groups) == 2:
        return welch_t(*groups) if normal else wilcoxon(*groups)
    return welch_anova(groups) if normal else kruskal(groups)


def compare_categorical(table: np.ndarray, correct: bool = True) -> GroupTest:
    """Chi-square, or Fisher's exact test when an expected count is below 5 and the table
    has two rows or two columns (larger sparse tables keep the chi-square test)."""
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return GroupTest("not tested (one level or one group)", None, None, None)
    expected = stats.contingency.expected_freq(table)
    if expected.min() < 5 and 2 in table.shape:
        return fisher(table)
    return chi_square(table, correct)
