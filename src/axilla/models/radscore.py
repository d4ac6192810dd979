"""The radiomics signature (rad-score) from a cross-validated LASSO logistic fit, and its
probability from a logistic regression on it.

Rad-score = intercept + sum_j beta_j * (x_j - mean_j) / sd_j over the features with a
nonzero coefficient, where beta_j is the coefficient on glmnet's standardised scale
(population SD) and mean/SD come from the training patients; it equals the LASSO's
linear predictor (Huang et al. 2016, J Clin Oncol 34:2157, "radiomics signature").
Expanded, Rad-score = c_0 + sum_j c_j x_j with c_j = beta_j / sd_j and
c_0 = intercept - sum_j beta_j mean_j / sd_j.

The LASSO's shrunken coefficients make ``plogis(rad-score)`` badly calibrated, so the
probability is a logistic regression of the outcome on the rad-score, fitted by maximum
likelihood on the same training patients (inside every CV fold, that fold's training
part): P = 1 / (1 + exp(-(a + b * rad-score))), as the radiomics-nomogram papers do
(Huang et al. 2016). Being the MLE, it has calibration slope 1 and intercept 0 on them.
Where the rad-score separates the training outcomes no MLE exists (Albert & Anderson
1984); the probability then stays the LASSO's plogis(rad-score) (``prob_source_``
"lasso" instead of "logistic"), with a logged warning.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from axilla.models._separation import is_separated
from axilla.models.logistic import fit_logistic
from axilla.select._base import binary_outcome_tags
from axilla.select._outcome import encode_labels
from axilla.select.lasso import LassoSelector, LassoSettings

logger = logging.getLogger(__name__)


def _number(value: float) -> str:
    return f"{value:.6g}"


@dataclass(frozen=True)
class RadScoreFormula:
    """The signature as a table (feature, coefficient, mean, sd) and a printable string.

    ``coefficient`` is beta_j (standardised scale); ``mean`` and ``sd`` are in the units
    of the features the formula is written for. ``prob_intercept`` and ``prob_slope`` are
    a and b of P = 1 / (1 + exp(-(a + b * rad-score))); ``prob_source`` says whether they
    come from the logistic regression or are the LASSO's own (0, 1).
    """

    intercept: float
    table: pd.DataFrame
    prob_intercept: float = 0.0
    prob_slope: float = 1.0
    prob_source: str = "logistic"

    @property
    def raw_coefficients(self) -> pd.Series:
        """c_j = beta_j / sd_j, by feature."""
        return pd.Series((self.table["coefficient"] / self.table["sd"]).to_numpy(),
                         index=self.table["feature"].to_numpy(), name="raw_coefficient")

    @property
    def raw_intercept(self) -> float:
        """c_0 = intercept - sum_j beta_j mean_j / sd_j."""
        t = self.table
        return float(self.intercept - np.sum(t["coefficient"] * t["mean"] / t["sd"]))

    def in_units_of(self, names, center, scale) -> RadScoreFormula:
        """The same formula for raw features ``names`` that reached the rad-score as
        (x_raw - center) / scale: (x - mean) / sd = (x_raw - (center + scale mean)) / (scale sd)."""
        table = self.table.assign(feature=np.asarray(names, dtype=object),
                                  mean=np.asarray(center) + np.asarray(scale) * self.table["mean"],
                                  sd=np.asarray(scale) * self.table["sd"])
        return RadScoreFormula(self.intercept, table, self.prob_intercept, self.prob_slope,
                               self.prob_source)

    def terms_table(self) -> pd.DataFrame:
        """One row per term: ``(Intercept)`` then the features, with the standardised
        coefficient, the centring and scaling, and the coefficient on raw feature units."""
        intercept = pd.DataFrame({"term": ["(Intercept)"], "coefficient": [self.intercept],
                                  "mean": [np.nan], "sd": [np.nan],
                                  "raw_coefficient": [self.raw_intercept]})
        features = pd.DataFrame({"term": self.table["feature"].to_numpy(),
                                 "coefficient": self.table["coefficient"].to_numpy(),
                                 "mean": self.table["mean"].to_numpy(),
                                 "sd": self.table["sd"].to_numpy(),
                                 "raw_coefficient": self.raw_coefficients.to_numpy()})
        return pd.concat([intercept, features], ignore_index=True)

    @property
    def text(self) -> str:
        rows = list(self.table.itertuples())
        standardised = " ".join([f"Rad-score = {_number(self.intercept)}"] + [
            f"{row.coefficient:+.6g} * ({row.feature} - {_number(row.mean)}) / {_number(row.sd)}"
            for row in rows])
        raw = " ".join([f"          = {_number(self.raw_intercept)}"] + [
            f"{c:+.6g} * {name}" for name, c in self.raw_coefficients.items()])
        probability = (f"Probability = 1 / (1 + exp(-({_number(self.prob_intercept)} "
                       f"{self.prob_slope:+.6g} * Rad-score)))")
        if self.prob_source == "lasso":
            probability = ("Probability = 1 / (1 + exp(-Rad-score)) (the rad-score separates "
                           "the training outcomes, so no logistic regression on it exists)")
        return "\n".join([standardised, raw, probability])


class RadScore(LassoSettings, ClassifierMixin, TransformerMixin, BaseEstimator):
    """LASSO-CV signature (settings as LassoSelector); ``decision_function`` is the rad-score and ``transform`` returns
    it as the single column ``rad_score`` (to feed a logistic or combined model);
    ``predict_proba`` is the logistic regression on the rad-score (module docstring).

    Fitted attributes: ``selector_`` (the LassoSelector), ``coef_std_`` (standardised
    coefficients, all input features), ``mean_``, ``sd_``, ``intercept_``, ``classes_``,
    ``prob_intercept_`` and ``prob_slope_`` (a and b; b = 0 when no feature was kept),
    ``prob_source_`` ("logistic", or "lasso" where the rad-score separates the outcomes).
    """

    def fit(self, X, y, foldid=None):
        X, y = validate_data(self, X, y, dtype=float)
        self.classes_, y = encode_labels(y)
        self.selector_ = LassoSelector(**self.get_params()).fit(X, y, foldid=foldid)
        self.mean_ = self.selector_.mean_
        self.sd_ = self.selector_.scale_
        self.coef_std_ = self.selector_.coef_ * self.sd_
        self.intercept_ = float(self.selector_.intercept_ + self.mean_ @ self.selector_.coef_)
        self._fit_probability(self._score(X), y)
        return self

    def _fit_probability(self, score: np.ndarray, y: np.ndarray) -> None:
        """a and b of the logistic on the rad-score; without a finite MLE (the rad-score
        separates the training outcomes) the LASSO's own plogis(rad-score): a = 0, b = 1."""
        kept = bool(np.any(self.coef_std_ != 0))
        if kept and is_separated(np.column_stack([np.ones(score.size), score]), y):
            self.prob_source_, self.prob_intercept_, self.prob_slope_ = "lasso", 0.0, 1.0
            logger.warning("the rad-score separates the %d training patients' outcomes, so no "
                           "logistic regression on it exists; its probability is "
                           "plogis(rad-score)", score.size)
            return
        logistic = fit_logistic(score[:, None] if kept else np.zeros((score.size, 0)), y)
        self.prob_source_ = "logistic"
        self.prob_intercept_ = float(logistic.coef[0])
        self.prob_slope_ = float(logistic.coef[1]) if kept else 0.0

    def __sklearn_tags__(self):
        return binary_outcome_tags(super().__sklearn_tags__())

    def _score(self, X: np.ndarray) -> np.ndarray:
        return self.intercept_ + ((X - self.mean_) / self.sd_) @ self.coef_std_

    def decision_function(self, X):
        check_is_fitted(self, "coef_std_")
        return self._score(validate_data(self, X, dtype=float, reset=False))

    def transform(self, X):
        return self.decision_function(X)[:, None]

    def get_feature_names_out(self, input_features=None):
        return np.array(["rad_score"], dtype=object)

    def _probability_lp(self, X) -> np.ndarray:
        score = self.decision_function(X)   # checks the fit first
        return self.prob_intercept_ + self.prob_slope_ * score

    def predict_proba(self, X):
        p = expit(self._probability_lp(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        positive = self._probability_lp(X) > 0
        return self.classes_[positive.astype(int)]

    def formula(self) -> RadScoreFormula:
        """The formula in the units of the features this RadScore was given."""
        check_is_fitted(self, "coef_std_")
        names = getattr(self, "feature_names_in_",
                        np.array([f"x{j}" for j in range(self.n_features_in_)]))
        kept = self.coef_std_ != 0
        table = pd.DataFrame({"feature": names[kept], "coefficient": self.coef_std_[kept],
                              "mean": self.mean_[kept], "sd": self.sd_[kept]})
        return RadScoreFormula(float(self.intercept_), table, self.prob_intercept_,
                               self.prob_slope_, self.prob_source_)
