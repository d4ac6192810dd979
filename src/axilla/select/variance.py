"""Near-zero-variance filter, as ``caret::nearZeroVar`` (Kuhn, caret documentation).

A feature is removed when it has one distinct value, or when both its frequency ratio
(count of the most common value / count of the second most common) exceeds
``freq_cut`` and its percentage of distinct values is at most ``unique_cut``.
"""
from __future__ import annotations

import numpy as np
from sklearn.utils.validation import validate_data

from axilla.select._base import MaskSelector


def _frequency_ratio(column: np.ndarray) -> tuple[float, float]:
    _, counts = np.unique(column, return_counts=True)
    if counts.size < 2:
        return np.inf, 100.0 * counts.size / column.size
    top = np.sort(counts)[::-1]
    return top[0] / top[1], 100.0 * counts.size / column.size


class NearZeroVariance(MaskSelector):
    """Drop constant and near-constant features (caret defaults 95/5 and 10 %)."""

    def __init__(self, *, freq_cut: float = 95 / 5, unique_cut: float = 10.0):
        self.freq_cut = freq_cut
        self.unique_cut = unique_cut

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=float)
        stats = np.array([_frequency_ratio(X[:, j]) for j in range(X.shape[1])])
        self.freq_ratio_, self.percent_unique_ = stats[:, 0], stats[:, 1]
        constant = np.isinf(self.freq_ratio_)
        near = (self.freq_ratio_ > self.freq_cut) & (self.percent_unique_ <= self.unique_cut)
        self.support_ = ~(constant | near)
        return self
