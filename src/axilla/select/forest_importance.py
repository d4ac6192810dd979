"""Keep the top-k features by random-forest Gini importance (mean decrease in impurity).

Breiman (2001) "Random forests", Machine Learning 45:5; scikit-learn's
``feature_importances_`` (normalised total impurity decrease).
"""
from __future__ import annotations

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.utils.validation import validate_data

from axilla.select._base import MaskSelector
from axilla.select._outcome import encode_labels


class ForestImportanceSelector(MaskSelector):
    """Keep the ``n_features`` most important features of a seeded random forest.

    Fitted attribute: ``importances_``.
    """

    def __init__(self, *, n_features: int = 10, n_estimators: int = 500,
                 max_depth: int | None = None, random_state=None):
        self.n_features = n_features
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.random_state = random_state

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=float)
        _, y = encode_labels(y)
        forest = RandomForestClassifier(n_estimators=self.n_estimators, max_depth=self.max_depth,
                                        random_state=self.random_state, n_jobs=1).fit(X, y)
        self.importances_ = forest.feature_importances_
        top = np.argsort(-self.importances_, kind="stable")[:self.n_features]
        self.support_ = np.zeros(X.shape[1], dtype=bool)
        self.support_[top] = True
        return self
