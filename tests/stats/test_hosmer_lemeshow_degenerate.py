"""Hosmer-Lemeshow when its quantile groups collapse, against R 4.2 running the definition of
ResourceSelection::hoslem.test 0.3-6 (data/hosmer_lemeshow_degenerate/make_reference.R,
reference.json): where R stops or returns df 0 (and p = 0), Axilla says the test is not
defined; where an empty interval makes R's sum NaN, Axilla sums the occupied groups, as R
does once the empty level is dropped."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from axilla.errors import StatsError
from axilla.stats import hosmer_lemeshow

REFERENCE = json.loads((Path(__file__).parent / "data" / "hosmer_lemeshow_degenerate" /
                        "reference.json").read_text(encoding="utf-8"))
REL = 1e-6   # ../shared/data/stats/README.md: deterministic values, 1e-6 relative


@pytest.mark.parametrize("name", ["constant", "one_interval", "two_values",
                                  "two_values_interpolated", "three_values"])
def test_fewer_than_three_groups_is_not_defined_where_r_gives_df_below_one(name):
    case = REFERENCE[name]
    assert "error" in case or case["df"] <= 0          # R: cut() stops, or df -1 / 0
    with pytest.raises(StatsError, match="Hosmer-Lemeshow is not defined"):
        hosmer_lemeshow(case["y"], case["p"])


def test_r_stops_below_two_groups_and_turns_df_zero_into_p_zero():
    """What Axilla refuses to report: R's 1 - pchisq(x, 0) is 0 for any x > 0."""
    assert REFERENCE["constant"]["error"] == "invalid number of intervals"          # cut()
    assert REFERENCE["one_interval"]["error"] == "The number of bins led to negative df."
    for name in ("two_values", "two_values_interpolated", "three_values"):
        case = REFERENCE[name]
        assert (case["df"], case["p_value"], len(case["n"])) == (0, 0, 2)
        assert case["statistic"] > 0
        assert case["warning"] == "The data did not allow for the requested number of bins."


def test_an_empty_interval_is_left_out_as_r_does_once_the_level_is_dropped():
    case = REFERENCE["four_values"]
    assert case["statistic"] is None and case["n"] == [10, 0, 5, 5]   # R: 0/0 in the sum
    got = hosmer_lemeshow(case["y"], case["p"])
    np.testing.assert_allclose(got.breaks, case["breaks"], rtol=REL)
    assert got.table["n"].tolist() == case["n"]
    assert got.df == case["df"] == 1
    assert got.statistic == pytest.approx(case["occupied_statistic"], rel=REL)
    assert got.p_value == pytest.approx(case["occupied_p_value"], rel=REL)
