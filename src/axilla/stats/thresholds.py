"""Metrics at a probability threshold and the best cut-off, as pROC ``coords`` gives them
(positive iff score >= threshold for direction "<"). Proportions get Wilson score intervals
(Wilson 1927; Newcombe 1998 method 3) and, beside them, pROC ``ci.coords`` percentile
bootstrap intervals (stratified: cases and controls resampled separately); F1 a
percentile interval from the same replicates."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, confidence_level, oriented, scores
from axilla.stats.roc import roc_curve

#: pROC ``ci.coords``' default number of bootstrap replicates.
N_BOOT = 2000


@dataclass(frozen=True)
class Proportion:
    """An estimated proportion with its Wilson interval (``lower``, ``upper``) and its
    stratified bootstrap interval (``boot_lower``, ``boot_upper``; ``None`` when not
    bootstrapped); ``None`` everywhere when 0/0."""

    estimate: float | None
    lower: float | None
    upper: float | None
    successes: int
    total: int
    boot_lower: float | None = None
    boot_upper: float | None = None


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
    n_boot: int = 0

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
                      n_boot: int = N_BOOT, seed: int = 0) -> ThresholdMetrics:
    """Counts and metrics at ``threshold`` (pROC ``coords(input="threshold")``); F1 =
    2TP / (2TP + FP + FN). With ``n_boot`` > 0 every metric also gets the percentile
    interval of pROC ``ci.coords(boot.stratified=TRUE)`` (see :func:`_stratified_replicates`)."""
    y = binary_outcome(y)
    positive = oriented(scores(prob, y.size, "prob"), direction) >= (threshold if direction == "<" else -threshold)
    level = confidence_level(level)
    event = y == 1
    tp, fp = int((positive & event).sum()), int((positive & ~event).sum())
    tn, fn = int((~positive & ~event).sum()), int((~positive & event).sum())
    f1 = _f1(np.array([tp]), np.array([fp]), np.array([fn]))[0]
    metrics = {"sensitivity": wilson(tp, tp + fn, level), "specificity": wilson(tn, tn + fp, level),
               "accuracy": wilson(tp + tn, y.size, level), "ppv": wilson(tp, tp + fp, level),
               "npv": wilson(tn, tn + fn, level)}
    f1_lower = f1_upper = None
    if n_boot > 0:
        limits = _percentile_limits(_stratified_replicates(tp, fn, tn, fp, n_boot, seed), level)
        metrics = {name: replace(p, boot_lower=limits[name][0], boot_upper=limits[name][1])
                   if p.estimate is not None else p for name, p in metrics.items()}
        if np.isfinite(f1):
            f1_lower, f1_upper = limits["f1"]
    return ThresholdMetrics(float(threshold), tp, fp, tn, fn, **metrics,
                            f1=float(f1) if np.isfinite(f1) else None, f1_lower=f1_lower,
                            f1_upper=f1_upper, level=level, n_boot=int(max(n_boot, 0)))


def _stratified_replicates(tp: int, fn: int, tn: int, fp: int, n_boot: int,
                           seed: int) -> dict[str, np.ndarray]:
    """Each metric over ``n_boot`` stratified bootstrap resamples at a fixed threshold.

    pROC's ``stratified.ci.coords`` draws the cases and the controls with replacement,
    separately, and counts them at the threshold. The number of positive cases among m
    cases drawn with replacement is Binomial(m, TP/m), and the number of negative controls
    Binomial(n, TN/n), independently: drawing those two counts is the same resampling
    (same distribution), without materialising the resamples. PPV and NPV of a replicate
    with no positive (negative) call are undefined (NaN), as in pROC.
    """
    if n_boot < 10:
        raise StatsError(f"n_boot={n_boot} is too small for a bootstrap interval",
                         fix=f"use n_boot >= 200 (pROC's default is {N_BOOT}), or 0 for none")
    rng = np.random.default_rng(seed)
    cases, controls = tp + fn, tn + fp
    btp = rng.binomial(cases, tp / cases, size=n_boot)
    btn = rng.binomial(controls, tn / controls, size=n_boot)
    bfn, bfp = cases - btp, controls - btn
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"sensitivity": btp / cases, "specificity": btn / controls,
                "accuracy": (btp + btn) / (cases + controls),
                "ppv": np.where(btp + bfp > 0, btp / (btp + bfp), np.nan),
                "npv": np.where(btn + bfn > 0, btn / (btn + bfn), np.nan),
                "f1": _f1(btp, bfp, bfn)}


def _percentile_limits(replicates: dict[str, np.ndarray], level: float) -> dict[str, tuple]:
    """pROC's percentile rule: ``quantile(probs = (1 -+ level)/2, na.rm = TRUE)``, type 7
    (NumPy's default ``linear``); (None, None) when every replicate is undefined."""
    alpha = (1 - level) / 2
    out = {}
    for name, values in replicates.items():
        values = values[np.isfinite(values)]
        out[name] = ((float(np.quantile(values, alpha)), float(np.quantile(values, 1 - alpha)))
                     if values.size else (None, None))
    return out


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
