"""Bootstrap-LASSO stability selection.

Meinshausen & Buehlmann (2010) "Stability selection", JRSS-B 72:417: refit the lasso
on resamples and keep features selected in at least a fraction ``threshold`` of them.
Here lambda is chosen once by ``cv.glmnet`` on the training data (``lambda_rule``) and
each of ``n_bootstrap`` stratified bootstrap resamples is fitted at that lambda.
"""
from __future__ import annotations

import numpy as np
from sklearn.utils.validation import validate_data

from axilla.errors import SettingsError
from axilla.select._base import MaskSelector
from axilla.select._outcome import encode_labels
from axilla.select.lasso import GLMNET_THRESH, cv_lasso, lasso_path, make_foldid


def stratified_bootstrap(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row indices drawn with replacement within each outcome class."""
    parts = [rng.choice(np.flatnonzero(y == c), size=int((y == c).sum()), replace=True)
             for c in (0.0, 1.0)]
    return np.concatenate(parts)


class StabilitySelector(MaskSelector):
    """Keep features selected by the lasso in >= ``threshold`` of bootstrap resamples.

    Fitted attributes: ``lambda_``, ``frequency_`` (selection frequency per feature).
    """

    def __init__(self, *, n_bootstrap: int = 100, threshold: float = 0.6,
                 lambda_rule: str = "min", n_folds: int = 10, random_state=None):
        self.n_bootstrap = n_bootstrap
        self.threshold = threshold
        self.lambda_rule = lambda_rule
        self.n_folds = n_folds
        self.random_state = random_state

    def fit(self, X, y):
        if self.lambda_rule not in ("min", "1se"):
            raise SettingsError(f"lambda_rule must be 'min' or '1se', got {self.lambda_rule!r}",
                                fix="use 'min' or '1se'")
        X, y = validate_data(self, X, y, dtype=float)
        _, y = encode_labels(y)
        rng = np.random.default_rng(self.random_state)
        cv = cv_lasso(X, y, make_foldid(y, self.n_folds, rng))
        self.lambda_ = cv.lambda_min if self.lambda_rule == "min" else cv.lambda_1se
        counts = np.zeros(X.shape[1])
        for _ in range(self.n_bootstrap):
            rows = stratified_bootstrap(y, rng)
            path = lasso_path(X[rows], y[rows], [self.lambda_], thresh=GLMNET_THRESH)
            counts += path.coefs[:, 0] != 0
        self.frequency_ = counts / self.n_bootstrap
        self.support_ = self.frequency_ >= self.threshold
        return self
