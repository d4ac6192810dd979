"""Input checks shared by every statistic: one place writes the StatsError messages."""
from __future__ import annotations

import numpy as np

from axilla.errors import StatsError

MIN_PATIENTS = 10


def binary_outcome(y, name: str = "y", minimum: int = MIN_PATIENTS) -> np.ndarray:
    """``y`` as a 1-D int array of 0/1 with both classes and at least ``minimum`` patients."""
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise StatsError(f"{name} must be one-dimensional, got shape {arr.shape}",
                         fix="pass one outcome per patient")
    try:
        values = arr.astype(float)
    except (TypeError, ValueError):
        raise StatsError(f"{name} must be numeric 0/1, got values of type {arr.dtype}",
                         fix="code the event as 1 and the non-event as 0") from None
    if np.isnan(values).any():
        raise StatsError(f"{name} has {int(np.isnan(values).sum())} missing value(s)",
                         fix="drop or impute patients with a missing outcome first")
    if not np.isin(values, (0.0, 1.0)).all():
        bad = np.unique(values[~np.isin(values, (0.0, 1.0))])[:5]
        raise StatsError(f"{name} must be coded 0/1, found {bad.tolist()}",
                         fix="code the event as 1 and the non-event as 0")
    if arr.size < minimum:
        raise StatsError(f"{name} has {arr.size} patients; at least {minimum} are needed",
                         fix="use a larger sample")
    if values.min() == values.max():
        raise StatsError(f"{name} has only one class ({int(values[0])}) among {arr.size} patients",
                         fix="the statistic needs both events (1) and non-events (0)")
    return values.astype(np.int64)


def scores(score, n: int, name: str = "score") -> np.ndarray:
    """``score`` as a finite float array of length ``n``."""
    arr = np.asarray(score, dtype=float)
    if arr.ndim != 1 or arr.size != n:
        raise StatsError(f"{name} has shape {arr.shape}; expected {n} values, one per patient",
                         fix="pass one score per patient, in the order of y")
    if not np.isfinite(arr).all():
        raise StatsError(f"{name} has {int((~np.isfinite(arr)).sum())} missing or infinite value(s)",
                         fix="drop or impute those patients first")
    return arr


def probabilities(prob, n: int, name: str = "prob", open_interval: bool = False) -> np.ndarray:
    """``prob`` as finite values in [0, 1] (in (0, 1) when ``open_interval``)."""
    arr = scores(prob, n, name)
    low, high = arr.min(), arr.max()
    if low < 0 or high > 1 or (open_interval and (low <= 0 or high >= 1)):
        interval = "(0, 1)" if open_interval else "[0, 1]"
        raise StatsError(f"{name} must lie in {interval}, found values from {low:g} to {high:g}",
                         fix="pass predicted probabilities, not scores or linear predictors")
    return arr


def oriented(score: np.ndarray, direction: str) -> np.ndarray:
    """The score with higher = event: ``score`` for pROC direction "<", ``-score`` for ">"."""
    if direction == "<":
        return score
    if direction == ">":
        return -score
    raise StatsError(f"direction must be '<' or '>', got {direction!r}",
                     fix="'<': higher values mean the event (pROC's convention); '>': lower values do")


def confidence_level(level: float) -> float:
    """Check a confidence level in (0, 1) and return it."""
    if not 0 < level < 1:
        raise StatsError(f"confidence level must be in (0, 1), got {level}", fix="use e.g. level=0.95")
    return float(level)
