"""Correlation pruning: of two features with |r| above a threshold keep the one more
related to the outcome.

Greedy rule (as in most radiomics pipelines, e.g. Zwanenburg's MIRP/familiar
"correlation clustering" and caret ``findCorrelation`` spirit): rank features by
|corr(feature, outcome)| (same method, Pearson or Spearman), walk down the ranking and
keep a feature only if its |r| with every feature already kept is at most ``threshold``.
"""
from __future__ import annotations

import numpy as np
from scipy import stats
from sklearn.utils.validation import validate_data

from axilla.errors import SettingsError
from axilla.select._base import MaskSelector
from axilla.select._outcome import encode_labels


def correlation_matrix(X: np.ndarray, method: str) -> np.ndarray:
    """Pearson or Spearman correlation of the columns (constant columns give 0)."""
    if method == "spearman":
        X = stats.rankdata(X, axis=0)
    elif method != "pearson":
        raise SettingsError(f"unknown correlation '{method}'", fix="use pearson or spearman")
    centred = X - X.mean(axis=0)
    norms = np.sqrt((centred ** 2).sum(axis=0))
    norms[norms == 0] = np.inf
    unit = centred / norms
    return unit.T @ unit


class CorrelationFilter(MaskSelector):
    """Drop redundant features (|r| > ``threshold``), keeping the more outcome-related one.

    Fitted attributes: ``relevance_`` (|r| with the outcome), ``support_``.
    """

    def __init__(self, *, threshold: float = 0.9, method: str = "pearson"):
        self.threshold = threshold
        self.method = method

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=float)
        _, y = encode_labels(y)
        both = correlation_matrix(np.column_stack([X, y]), self.method)
        self.relevance_ = np.abs(both[:-1, -1])
        corr = np.abs(both[:-1, :-1])
        kept: list[int] = []
        for j in np.argsort(-self.relevance_, kind="stable"):
            if all(corr[j, k] <= self.threshold for k in kept):
                kept.append(j)
        self.support_ = np.zeros(X.shape[1], dtype=bool)
        self.support_[kept] = True
        return self
