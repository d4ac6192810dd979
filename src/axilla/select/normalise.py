"""Feature normalisation fitted on training patients only: z-score, min-max, robust.

z-score: ``(x - mean) / sd`` with the sample SD (n - 1), as R's ``scale()``; min-max:
``(x - min) / (max - min)``; robust: ``(x - median) / IQR`` (IQR = Q3 - Q1, linear
quantiles). A constant feature gets scale 1 (it becomes 0 after centring).
Per-block normalisation (sequence/ROI prefixes) is ``blocks.BlockwiseTransformer``.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from axilla.errors import SettingsError

METHODS = ("zscore", "minmax", "robust")


class FeatureScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Centre and scale each feature with statistics of the training data.

    Fitted attributes: ``center_`` and ``scale_`` (one value per feature).
    """

    def __init__(self, *, method: str = "zscore"):
        self.method = method

    def fit(self, X, y=None):
        if self.method not in METHODS:
            raise SettingsError(f"unknown normalisation '{self.method}'",
                                fix=f"use one of: {', '.join(METHODS)}")
        X = validate_data(self, X, dtype=float)
        if self.method == "zscore":
            center = X.mean(axis=0)
            scale = X.std(axis=0, ddof=1) if X.shape[0] > 1 else np.zeros(X.shape[1])
        elif self.method == "minmax":
            center = X.min(axis=0)
            scale = X.max(axis=0) - center
        else:
            q1, center, q3 = np.percentile(X, [25, 50, 75], axis=0)
            scale = q3 - q1
        self.center_ = center
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X):
        check_is_fitted(self, "scale_")
        X = validate_data(self, X, dtype=float, reset=False)
        return (X - self.center_) / self.scale_

    def inverse_transform(self, X):
        check_is_fitted(self, "scale_")
        return np.asarray(X, dtype=float) * self.scale_ + self.center_
