"""Metrics at a probability threshold and the best cut-off, as pROC ``coords`` gives them
(positive iff score >= threshold for direction "<"). Proportions get Wilson score intervals
(Wilson 1927; Newcombe 1998 method 3); F1 a seeded percentile bootstrap interval."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, confidence_level, oriented, scores
from axilla.stats.roc import roc_curve


@dataclass(frozen=True)
class Proportion:
    """An estimated proportion with its Wilson interval; ``None`` everywhere when 0/0."""

    estimate: float | None
    lower: float | None
    upper: float | None
    successes: int
    total: int


@dataclass(frozen=True)
class ThresholdMetrics:
    """Confusion-matrix metrics at one threshold; precision = ppv, recall = sensitivity."""

    threshold: float
    tp: int
    fp: int
    tn: int
    fn: int
    sensitivity: Proportion
    specificity: Proportion
    accuracy: Proportion
    ppv: Proportion
    npv: Proportion
    f1: float | None
    f1_lower: float | None
    f1_upper: float | None
    level: float

    @property
    def precision(self) -> Proportion:
        return self.ppv

    @property
    def recall(self) -> Proportion:
        return self.sensitivity


def wilson(successes: int, total: int, level: float = 0.95) -> Proportion:
    """Wilson score interval without continuity correction (R ``prop.test(correct=FALSE)``)."""
    if total == 0:
        return Proportion(None, None, None, 0, 0)
    z = stats.norm.ppf(0.5 + level / 2)
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return Proportion(p, float(max(centre - half, 0.0)), float(min(centre + half, 1.0)), int(successes), int(total))


def threshold_metrics(y, prob, threshold: float, direction: str = "<", level: float = 0.95,
                      n_boot: int = 2000, seed: int = 0) -> ThresholdMetrics:
    """Counts and metrics at ``threshold`` (pROC ``coords(input="threshold")``); F1 =
    2TP / (2TP + FP + FN) with a percentile bootstrap CI over patients."""
    y = binary_outcome(y)
    positive = oriented(scores(prob, y.size, "prob"), direction) >= (threshold if direction == "<" else -threshold)
    level = confidence_level(level)
    tp, fp, tn, fn = _confusion(y[None, :], positive[None, :])
    tp, fp, tn, fn = int(tp[0]), int(fp[0]), int(tn[0]), int(fn[0])
    f1 = _f1(np.array([tp]), np.array([fp]), np.array([fn]))[0]
    lower = upper = None
    if np.isfinite(f1) and n_boot > 0:
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, y.size, size=(n_boot, y.size))
        btp, bfp, _, bfn = _confusion(y[idx], positive[idx])
        boot = _f1(btp, bfp, bfn)
        lower, upper = (float(v) for v in np.nanquantile(boot, [(1 - level) / 2, (1 + level) / 2]))
    return ThresholdMetrics(float(threshold), tp, fp, tn, fn,
                            wilson(tp, tp + fn, level), wilson(tn, tn + fp, level),
                            wilson(tp + tn, y.size, level), wilson(tp, tp + fp, level),
                            wilson(tn, tn + fn, level),
                            float(f1) if np.isfinite(f1) else None, lower, upper, level)


def _confusion(y: np.ndarray, positive: np.ndarray):
    """TP, FP, TN, FN per row."""
    event = y == 1
    tp = (positive & event).sum(axis=1)
    fp = (positive & ~event).sum(axis=1)
    fn = (~positive & event).sum(axis=1)
    tn = (~positive & ~event).sum(axis=1)
    return tp, fp, tn, fn


def _f1(tp, fp, fn) -> np.ndarray:
    denom = 2 * tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, 2 * tp / np.maximum(denom, 1), np.nan)


@dataclass(frozen=True)
class Cutpoint:
    """Best threshold(s) of the ROC curve; every tied best one is listed, as pROC does."""

    method: str
    thresholds: np.ndarray
    sensitivity: np.ndarray
    specificity: np.ndarray
    criterion: np.ndarray

    @property
    def threshold(self) -> float:
        return float(self.thresholds[0])


def optimal_cutpoint(y, score, method: str = "youden", direction: str = "<",
                     target: float = 0.9) -> Cutpoint:
    """pROC ``coords(x="best")``: ``"youden"`` maximises J = sensitivity + specificity - 1;
    ``"closest_topleft"`` minimises (1 - sensitivity)² + (1 - specificity)² (Perkins &
    Schisterman 2006); ``"sensitivity"`` takes the most specific threshold whose
    sensitivity is at least ``target`` (a rule-out threshold: cutpointr's
    ``maximize_metric`` of specificity under a sensitivity constraint). Thresholds are
    pROC's midpoints between data values."""
    curve = roc_curve(y, score, direction)
    sens, spec = curve.sensitivity, curve.specificity
    if method == "sensitivity":
        if not 0 < target <= 1:
            raise StatsError(f"target sensitivity must be in (0, 1], got {target}",
                             fix="use e.g. target=0.9")
        allowed = sens >= target
        criterion = np.where(allowed, spec, -np.inf)
        best = allowed & np.isclose(criterion, criterion.max(), rtol=0, atol=1e-12)
    elif method == "youden":
        criterion = sens + spec - 1
        best = np.isclose(criterion, criterion.max(), rtol=0, atol=1e-12)
    elif method == "closest_topleft":
        criterion = (1 - sens) ** 2 + (1 - spec) ** 2
        best = np.isclose(criterion, criterion.min(), rtol=0, atol=1e-12)
    else:
        raise StatsError(f"unknown cut-point method {method!r}",
                         fix="use 'youden', 'closest_topleft' or 'sensitivity'")
    return Cutpoint(method, curve.thresholds[best], sens[best], spec[best], criterion[best])
