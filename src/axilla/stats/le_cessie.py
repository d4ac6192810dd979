"""The le Cessie-van Houwelingen-Copas-Hosmer unweighted sum-of-squares goodness-of-fit test
of a logistic model (Hosmer et al. 1997, Stat Med 16:965), as rms ``residuals(fit, type =
"gof")``: z = (Σ(y - p)² - Σp(1 - p)) / SD, SD from the weighted regression of 1 - 2p on
the design matrix with weights p(1 - p)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, probabilities


@dataclass(frozen=True)
class UnweightedSumOfSquares:
    sse: float
    expected: float
    sd: float
    z: float
    p_value: float


def le_cessie_van_houwelingen(y, prob, X) -> UnweightedSumOfSquares:
    """Test a fitted logistic model: ``prob`` are its fitted probabilities, ``X`` its design
    matrix (with the intercept column)."""
    y = binary_outcome(y)
    prob = probabilities(prob, y.size, open_interval=True)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != y.size:
        raise StatsError(f"X must have one row per patient, got shape {X.shape}",
                         fix="pass the model's design matrix, intercept column included")
    weight = prob * (1 - prob)
    root = np.sqrt(weight)
    target = 1 - 2 * prob
    coef, *_ = np.linalg.lstsq(X * root[:, None], target * root, rcond=None)
    sd = float(np.sqrt(np.sum(weight * (target - X @ coef) ** 2)))
    sse = float(np.sum((y - prob) ** 2))
    expected = float(weight.sum())
    z = (sse - expected) / sd
    return UnweightedSumOfSquares(sse, expected, sd, float(z), float(2 * stats.norm.sf(abs(z))))
