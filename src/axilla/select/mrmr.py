"""Minimum-redundancy maximum-relevance selection (mRMR).

Peng, Long & Ding (2005) "Feature selection based on mutual information", IEEE TPAMI
27:1226, eqs. (6)-(8): greedily add the feature maximising relevance I(f; y) minus
(MID) or divided by (MIQ) its mean mutual information with the features already chosen.
Mutual information is computed on features discretised into ``n_bins`` equal-frequency
bins (cut points from the training data), so the result is deterministic.
"""
from __future__ import annotations

import numpy as np
from sklearn.utils.validation import validate_data

from axilla.errors import SettingsError
from axilla.select._base import MaskSelector
from axilla.select._outcome import encode_labels


def discretise_columns(X: np.ndarray, n_bins: int) -> np.ndarray:
    """Bin codes 0..n_bins-1 per column from its equal-frequency cut points."""
    codes = np.empty(X.shape, dtype=np.int64)
    for j in range(X.shape[1]):
        cuts = np.unique(np.quantile(X[:, j], np.linspace(0, 1, n_bins + 1)[1:-1]))
        codes[:, j] = np.searchsorted(cuts, X[:, j], side="right")
    return codes


def mutual_information(a: np.ndarray, b: np.ndarray) -> float:
    """I(a; b) in nats of two integer-coded variables (plug-in estimate)."""
    joint = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(joint, (a, b), 1.0)
    joint /= joint.sum()
    outer = joint.sum(axis=1, keepdims=True) @ joint.sum(axis=0, keepdims=True)
    nonzero = joint > 0
    return float(np.sum(joint[nonzero] * np.log(joint[nonzero] / outer[nonzero])))


class MRMRSelector(MaskSelector):
    """Keep ``n_features`` features chosen by mRMR (``scheme`` MID or MIQ).

    Fitted attributes: ``relevance_`` (I(f; y) per feature), ``order_`` (chosen order).
    """

    def __init__(self, *, n_features: int = 10, scheme: str = "MID", n_bins: int = 10):
        self.n_features = n_features
        self.scheme = scheme
        self.n_bins = n_bins

    def fit(self, X, y):
        if self.scheme not in ("MID", "MIQ"):
            raise SettingsError(f"scheme must be 'MID' or 'MIQ', got {self.scheme!r}",
                                fix="use MID (difference) or MIQ (quotient)")
        X, y = validate_data(self, X, y, dtype=float)
        y = encode_labels(y)[1].astype(np.int64)
        codes = discretise_columns(X, self.n_bins)
        self.relevance_ = np.array([mutual_information(codes[:, j], y) for j in range(X.shape[1])])
        k = min(self.n_features, X.shape[1])
        order = [int(np.argmax(self.relevance_))]
        redundancy = np.zeros(X.shape[1])
        while len(order) < k:
            last = codes[:, order[-1]]
            redundancy += [mutual_information(codes[:, j], last) for j in range(X.shape[1])]
            mean_red = redundancy / len(order)
            if self.scheme == "MID":
                score = self.relevance_ - mean_red
            else:
                score = self.relevance_ / np.maximum(mean_red, 1e-12)
            score[order] = -np.inf
            order.append(int(np.argmax(score)))
        self.order_ = np.array(order)
        self.support_ = np.zeros(X.shape[1], dtype=bool)
        self.support_[order] = True
        return self
