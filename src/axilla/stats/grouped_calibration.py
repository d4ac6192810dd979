"""Observed event rate against mean predicted risk in quantile groups of the predictions
(the points of a grouped calibration plot; groups as Hosmer-Lemeshow's), with Wilson CIs."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.stats._checks import binary_outcome, probabilities
from axilla.stats.hosmer_lemeshow import quantile_groups
from axilla.stats.thresholds import wilson


def grouped_calibration(y, prob, groups: int = 10, level: float = 0.95) -> pd.DataFrame:
    """One row per non-empty group: n, predicted (mean p), observed (event rate), lower, upper."""
    y = binary_outcome(y)
    prob = probabilities(prob, y.size)
    _, index = quantile_groups(prob, groups)
    rows = []
    for g in np.unique(index):
        members = index == g
        events, n = int(y[members].sum()), int(members.sum())
        ci = wilson(events, n, level)
        rows.append({"group": int(g), "n": n, "predicted": float(prob[members].mean()),
                     "observed": events / n, "lower": ci.lower, "upper": ci.upper})
    return pd.DataFrame(rows)
