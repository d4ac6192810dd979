"""Univariate filters: Welch t test or Mann-Whitney U per feature, optional BH FDR.

Welch's t test (unequal variances; R ``t.test`` default); Mann-Whitney U with the
normal approximation, tie correction and continuity correction (R
``wilcox.test(exact = FALSE)``); Benjamini & Hochberg (1995) adjusted p-values
(R ``p.adjust(method = "BH")``). Features with p < ``alpha`` are kept; when none
passes, the ``min_features`` smallest p-values are kept so a CV fold never ends empty.
"""
from __future__ import annotations

import numpy as np
from scipy import stats
from sklearn.utils.validation import validate_data

from axilla.errors import SettingsError
from axilla.select._base import MaskSelector
from axilla.select._outcome import check_binary_outcome, encode_labels

TESTS = ("welch", "mannwhitney")


def univariate_pvalues(X: np.ndarray, y: np.ndarray, test: str = "welch") -> np.ndarray:
    """Two-sided p-value of each column of X between outcome groups y = 0 and y = 1."""
    y = check_binary_outcome(y)
    group0, group1 = X[y == 0], X[y == 1]
    if test == "welch":
        with np.errstate(invalid="ignore", divide="ignore"):
            p = stats.ttest_ind(group1, group0, equal_var=False, axis=0).pvalue
    elif test == "mannwhitney":
        p = stats.mannwhitneyu(group1, group0, alternative="two-sided", method="asymptotic",
                               use_continuity=True, axis=0).pvalue
    else:
        raise SettingsError(f"unknown univariate test '{test}'", fix=f"use one of: {TESTS}")
    return np.where(np.isnan(p), 1.0, p)   # a constant feature carries no evidence


class UnivariateFilter(MaskSelector):
    """Keep features whose (optionally FDR-adjusted) p-value is below ``alpha``.

    Fitted attributes: ``pvalues_`` (raw), ``qvalues_`` (BH-adjusted or raw),
    ``n_passed_`` (how many passed before the ``min_features`` floor).
    """

    def __init__(self, *, test: str = "welch", alpha: float = 0.05, fdr: bool = False,
                 min_features: int = 1):
        self.test = test
        self.alpha = alpha
        self.fdr = fdr
        self.min_features = min_features

    def fit(self, X, y):
        if not 0 < self.alpha <= 1:
            raise SettingsError(f"alpha must be in (0, 1], got {self.alpha}",
                                fix="use e.g. alpha=0.05")
        X, y = validate_data(self, X, y, dtype=float)
        self.pvalues_ = univariate_pvalues(X, encode_labels(y)[1], self.test)
        self.qvalues_ = stats.false_discovery_control(self.pvalues_) if self.fdr else self.pvalues_
        keep = self.qvalues_ < self.alpha
        self.n_passed_ = int(keep.sum())
        if self.n_passed_ < self.min_features:
            keep[np.argsort(self.qvalues_, kind="stable")[:self.min_features]] = True
        self.support_ = keep
        return self
