"""Where one value lies against its training distribution ({min, max, mean, sd}, as a bundle
stores it per image feature and per signature score).

A value is *far* from training when it lies outside the training [min, max] **and** more
than :data:`Z_BOUND` training SDs from the training mean. Range alone would catch about
2/(n + 1) of ordinary patients per variable (a new draw exceeds the extremes of n
training draws that often); 4 SD alone would catch values training patients had. Both
together: beyond anything seen, and far beyond it (P(|z| > 4) = 6e-5 under normality;
heavier-tailed variables still rarely exceed it).
"""
from __future__ import annotations

import math

Z_BOUND = 4.0


def outside(value: float, train: dict) -> bool:
    """Whether ``value`` lies outside the training [min, max]."""
    return not train["min"] <= value <= train["max"]


def training_z(value: float, train: dict) -> float:
    """Training SDs from the training mean, signed (with SD 0: 0 at the mean, else ±inf)."""
    if train["sd"] > 0:
        return (value - train["mean"]) / train["sd"]
    return 0.0 if value == train["mean"] else math.copysign(math.inf, value - train["mean"])


def far_outside(value: float, train: dict) -> bool:
    """Whether ``value`` is far from training: outside [min, max] and over Z_BOUND SDs out."""
    return outside(value, train) and abs(training_z(value, train)) > Z_BOUND
