"""The confidence interval of a logistic model's predicted probability.

Wald interval on the logit scale, mapped back through the logistic function, as R's
``predict.glm(type = "link", se.fit = TRUE)`` and rms' ``predict(fit, se.fit = TRUE)``
give it: with ``x = (1, design row)`` and ``V`` the covariance of the coefficients
(inverse information, ``vcov``), ``lp = x' beta``, ``se = sqrt(x' V x)`` and the interval
``plogis(lp -+ qnorm((1 + level) / 2) * se)``. Checked against R in
``tests/serve/data/risk_interval_reference.R``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from axilla.models.clinical import ClinicalModel
from axilla.models.design import design_matrix
from axilla.models.logistic import LogisticFit
from axilla.study.predict import training_level

LEVEL = 0.95


@dataclass(frozen=True)
class RiskInterval:
    """One patient's linear predictor, its standard error and the probability's CI."""

    linear_predictor: float
    se: float
    risk: float
    lower: float
    upper: float
    level: float = LEVEL


def risk_interval(fit: LogisticFit, design_row, level: float = LEVEL) -> RiskInterval:
    """The interval for one design row (the model's columns, without the intercept)."""
    x = np.concatenate([[1.0], np.asarray(design_row, dtype=float).ravel()])
    lp = float(x @ fit.coef)
    se = float(np.sqrt(x @ fit.cov @ x))
    half = stats.norm.ppf(0.5 + level / 2.0) * se
    return RiskInterval(lp, se, float(expit(lp)), float(expit(lp - half)),
                        float(expit(lp + half)), level)


def model_risk_interval(model: ClinicalModel, values: dict, level: float = LEVEL
                        ) -> RiskInterval:
    """The interval of a clinical or combined model for one patient's usable values
    (factor levels as ``axilla predict`` matches them to the training levels)."""
    row = {term: training_level(values[term], model.spec.levels[term])
           if term in model.spec.levels else float(values[term]) for term in model.spec.terms}
    design = design_matrix(model.prepare(pd.DataFrame([row])), model.spec)
    return risk_interval(model.fit, design[0], level)
