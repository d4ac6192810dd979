"""The radiomics signature (rad-score) from a cross-validated LASSO logistic fit.

Rad-score = intercept + sum_j beta_j * (x_j - mean_j) / sd_j over the features with a
nonzero coefficient, where beta_j is the coefficient on glmnet's standardised scale
(population SD) and mean/SD come from the training patients; it equals the LASSO's
linear predictor (Huang et al. 2016, J Clin Oncol 34:2157, "radiomics signature").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from axilla.select._base import binary_outcome_tags
from axilla.select._outcome import encode_labels
from axilla.select.lasso import LassoSelector, LassoSettings


@dataclass(frozen=True)
class RadScoreFormula:
    """The signature as a table (feature, coefficient, mean, sd) and a printable string."""

    intercept: float
    table: pd.DataFrame

    @property
    def text(self) -> str:
        terms = [f"{row.coefficient:+.6g} * ({row.feature} - {row.mean:.6g}) / {row.sd:.6g}"
                 for row in self.table.itertuples()]
        return " ".join([f"Rad-score = {self.intercept:.6g}"] + terms)


class RadScore(LassoSettings, ClassifierMixin, TransformerMixin, BaseEstimator):
    """LASSO-CV signature (settings as LassoSelector); ``decision_function`` is the rad-score and ``transform`` returns
    it as the single column ``rad_score`` (to feed a logistic or combined model).

    Fitted attributes: ``selector_`` (the LassoSelector), ``coef_std_`` (standardised
    coefficients, all input features), ``mean_``, ``sd_``, ``intercept_``, ``classes_``.
    """

    def fit(self, X, y, foldid=None):
        X, y = validate_data(self, X, y, dtype=float)
        self.classes_, y = encode_labels(y)
        self.selector_ = LassoSelector(**self.get_params()).fit(X, y, foldid=foldid)
        self.mean_ = self.selector_.mean_
        self.sd_ = self.selector_.scale_
        self.coef_std_ = self.selector_.coef_ * self.sd_
        self.intercept_ = self.selector_.intercept_ + float(self.mean_ @ self.selector_.coef_)
        return self

    def __sklearn_tags__(self):
        return binary_outcome_tags(super().__sklearn_tags__())

    def decision_function(self, X):
        check_is_fitted(self, "coef_std_")
        X = validate_data(self, X, dtype=float, reset=False)
        return self.intercept_ + ((X - self.mean_) / self.sd_) @ self.coef_std_

    def transform(self, X):
        return self.decision_function(X)[:, None]

    def get_feature_names_out(self, input_features=None):
        return np.array(["rad_score"], dtype=object)

    def predict_proba(self, X):
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]

    def formula(self) -> RadScoreFormula:
        check_is_fitted(self, "coef_std_")
        names = getattr(self, "feature_names_in_",
                        np.array([f"x{j}" for j in range(self.n_features_in_)]))
        kept = self.coef_std_ != 0
        table = pd.DataFrame({"feature": names[kept], "coefficient": self.coef_std_[kept],
                              "mean": self.mean_[kept], "sd": self.sd_[kept]})
        return RadScoreFormula(float(self.intercept_), table)
