"""ROC curve and AUC with a confidence interval, as pROC 1.18 (Robin et al. 2011) gives them:
thresholds at midpoints between distinct values, DeLong or stratified bootstrap CI."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._auc_bootstrap import bootstrap_interval
from axilla.stats._checks import binary_outcome, confidence_level, oriented, scores
from axilla.stats.delong import delong_variance, placements


@dataclass(frozen=True)
class RocCurve:
    """pROC ``coords(roc, "all")``: from the threshold where every patient is positive
    (sensitivity 1) to the one where none is; positive iff score >= threshold for
    direction "<", iff score <= threshold for ">"."""

    thresholds: np.ndarray
    sensitivity: np.ndarray
    specificity: np.ndarray
    direction: str


@dataclass(frozen=True)
class AucCI:
    """AUC with its confidence interval; ``variance`` is DeLong's (also for bootstrap)."""

    auc: float
    lower: float
    upper: float
    level: float
    method: str
    variance: float
    n_cases: int
    n_controls: int
    curve: RocCurve


def midpoint_thresholds(values: np.ndarray) -> np.ndarray:
    """pROC ``roc.utils.thresholds``: -Inf, a/2 + b/2 between consecutive distinct values, +Inf."""
    unique = np.unique(values)
    with np.errstate(over="ignore", invalid="ignore"):
        low, high = np.r_[-np.inf, unique], np.r_[unique, np.inf]
        halves = low / 2 + high / 2
        whole = (low + high) / 2
    return np.where(np.abs(halves) > 1e100, whole, halves)


def roc_curve(y, score, direction: str = "<") -> RocCurve:
    """Sensitivity and specificity at every pROC threshold (see ``RocCurve``)."""
    y = binary_outcome(y)
    s = oriented(scores(score, y.size), direction)
    thresholds = midpoint_thresholds(s)
    cases, controls = np.sort(s[y == 1]), np.sort(s[y == 0])
    sensitivity = 1.0 - np.searchsorted(cases, thresholds, side="left") / cases.size
    specificity = np.searchsorted(controls, thresholds, side="left") / controls.size
    if direction == ">":
        thresholds = -thresholds
    return RocCurve(thresholds, sensitivity, specificity, direction)


def auc_ci(y, score, method: str = "delong", level: float = 0.95, n_boot: int = 2000,
           seed: int = 0, direction: str = "<", bca: bool = False) -> AucCI:
    """AUC (Mann-Whitney, ties count 1/2) and its CI: ``"delong"`` = normal interval with
    DeLong's variance clipped to [0, 1] (pROC ``ci.auc``); ``"bootstrap"`` = stratified
    bootstrap percentile interval (pROC ``ci.auc(method="bootstrap")``), BCa (Efron 1987)
    when ``bca=True``."""
    y = binary_outcome(y)
    s = oriented(scores(score, y.size), direction)
    level = confidence_level(level)
    p = placements(y, s)
    variance = delong_variance(p)
    if method == "delong":
        half = stats.norm.ppf(0.5 + level / 2) * np.sqrt(variance)
        lower, upper = max(p.auc - half, 0.0), min(p.auc + half, 1.0)
    elif method == "bootstrap":
        lower, upper = bootstrap_interval(y, s, p, level, n_boot, seed, bca)
    else:
        raise StatsError(f"unknown AUC CI method {method!r}", fix="use method='delong' or method='bootstrap'")
    return AucCI(p.auc, float(lower), float(upper), level, method, variance,
                 int(p.cases.size), int(p.controls.size), roc_curve(y, score, direction))
