"""Hosmer-Lemeshow goodness-of-fit test (Hosmer & Lemeshow 1980), defined as
ResourceSelection::hoslem.test 0.3-6: groups cut at the unique type-7 quantiles of p
(right-closed, lowest included), Pearson chi-square over both outcome columns, df = g - 2."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, probabilities


@dataclass(frozen=True)
class HosmerLemeshow:
    """Statistic, df, p, the quantile breaks and the observed/expected table per group."""

    statistic: float
    df: int
    p_value: float
    breaks: np.ndarray
    table: pd.DataFrame


def quantile_groups(prob: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(breaks, group index per patient): R ``cut(p, unique(quantile(p, 0:g/g)),
    include.lowest = TRUE)``."""
    if groups < 2:
        raise StatsError(f"groups must be at least 2, got {groups}", fix="use e.g. groups=10")
    breaks = np.unique(np.quantile(prob, np.linspace(0, 1, groups + 1)))
    index = np.clip(np.searchsorted(breaks, prob, side="left") - 1, 0, None)
    return breaks, index


def hosmer_lemeshow(y, prob, groups: int = 10) -> HosmerLemeshow:
    """Hosmer-Lemeshow test of ``prob`` against ``y`` with ``groups`` quantile groups."""
    y = binary_outcome(y)
    prob = probabilities(prob, y.size)
    breaks, index = quantile_groups(prob, groups)
    if breaks.size < 3:
        raise StatsError(f"the predictions take {breaks.size} distinct quantile value(s), too few "
                         "for Hosmer-Lemeshow groups", fix="the test needs predictions that vary")
    k = breaks.size - 1
    n = np.bincount(index, minlength=k)
    observed_1 = np.bincount(index, weights=y, minlength=k)
    expected_1 = np.bincount(index, weights=prob, minlength=k)
    table = pd.DataFrame({"n": n, "observed_0": n - observed_1, "observed_1": observed_1,
                          "expected_0": n - expected_1, "expected_1": expected_1,
                          "lower": breaks[:-1], "upper": breaks[1:]})
    used = table[table["n"] > 0]
    observed = used[["observed_0", "observed_1"]].to_numpy()
    expected = used[["expected_0", "expected_1"]].to_numpy()
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    df = int(len(used) - 2)
    return HosmerLemeshow(statistic, df, float(stats.chi2.sf(statistic, df)), breaks, table)
