"""Hosmer-Lemeshow goodness-of-fit test (Hosmer & Lemeshow 1980), defined as
ResourceSelection::hoslem.test 0.3-6: groups cut at the unique type-7 quantiles of p
(right-closed, lowest included), Pearson chi-square over both outcome columns, df = g - 2
with g the occupied groups (as ``../shared/data/stats/make_reference.R`` defines it).

Where the groups collapse (few distinct predictions) Axilla differs on purpose
(tests/stats/data/hosmer_lemeshow_degenerate, R 4.2): with 2 occupied groups hoslem.test
0.3-6 returns df 0 and p = 1 - pchisq(x, 0) = 0 with a warning, and with fewer it stops;
Axilla raises a StatsError (the test is not defined) whenever fewer than 3 groups are
occupied, rather than report that p. An empty interval between two tied quantiles adds
0/0 to R's sum (statistic NaN); Axilla sums the occupied groups, which df already counts."""
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
    k = max(breaks.size - 1, 1)
    n = np.bincount(index, minlength=k)
    occupied = int(np.count_nonzero(n))
    if occupied < 3:
        raise StatsError(
            f"Hosmer-Lemeshow is not defined: the {np.unique(prob).size} distinct "
            f"prediction(s) form {occupied} quantile group(s) and the test needs 3 "
            "(df = groups - 2)", fix="the test needs predictions that take several values")
    observed_1 = np.bincount(index, weights=y, minlength=k)
    expected_1 = np.bincount(index, weights=prob, minlength=k)
    table = pd.DataFrame({"n": n, "observed_0": n - observed_1, "observed_1": observed_1,
                          "expected_0": n - expected_1, "expected_1": expected_1,
                          "lower": breaks[:-1], "upper": breaks[1:]})
    used = table[table["n"] > 0]
    observed = used[["observed_0", "observed_1"]].to_numpy()
    expected = used[["expected_0", "expected_1"]].to_numpy()
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    df = occupied - 2
    return HosmerLemeshow(statistic, df, float(stats.chi2.sf(statistic, df)), breaks, table)
