"""Paired pre/post tests with BH FDR (axilla.stats.paired) against scipy, statsmodels and R.

Data and R values: tests/stats/data/paired (make_paired_reference.R, R 4.2 base stats).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from axilla.errors import StatsError
from axilla.stats.paired import PAIRED_COLUMNS, fdr_bh, paired_tests

DATA = Path(__file__).parent / "data" / "paired"


def _pre_post():
    pairs = pd.read_csv(DATA / "pairs.csv")
    pre, post = (pairs[pairs.timepoint == t].set_index("patient_id").drop(columns="timepoint")
                 for t in ("pre", "post"))
    return pre, post


def test_values_equal_scipy_and_statsmodels_on_the_same_arrays():
    pre, post = _pre_post()
    got = paired_tests(pre, post).set_index("feature")
    assert list(got.reset_index().columns) == list(PAIRED_COLUMNS)
    t_p, w_p = [], []
    for name in pre.columns:
        t = sps.ttest_rel(post[name], pre[name])
        w = sps.wilcoxon(post[name], pre[name])
        # the same scipy calls on the same arrays: equal to the last bit
        assert got.at[name, "t"] == t.statistic and got.at[name, "p_ttest"] == t.pvalue
        assert got.at[name, "w"] == w.statistic and got.at[name, "p_wilcoxon"] == w.pvalue
        assert got.at[name, "n"] == len(pre)
        assert got.at[name, "mean_difference"] == pytest.approx(
            (post[name] - pre[name]).mean(), rel=1e-12)
        t_p.append(t.pvalue)
        w_p.append(w.pvalue)
    np.testing.assert_array_equal(got["p_ttest_fdr"], multipletests(t_p, method="fdr_bh")[1])
    np.testing.assert_array_equal(got["p_wilcoxon_fdr"], multipletests(w_p, method="fdr_bh")[1])
    assert list(got["direction"]) == ["down", "down", "up"]


def test_values_equal_r():
    pre, post = _pre_post()
    got = paired_tests(pre, post).set_index("feature")
    r = pd.read_csv(DATA / "paired_reference.csv").set_index("feature")
    # deterministic formulas; R prints 15 significant digits: relative 1e-9 (as tests/stats)
    for column in ("t", "p_ttest", "p_ttest_fdr", "p_wilcoxon", "p_wilcoxon_fdr"):
        np.testing.assert_allclose(got[column], r.loc[got.index, column], rtol=1e-9,
                                   err_msg=column)


def test_a_missing_value_drops_that_patient_from_that_feature_only():
    pre, post = _pre_post()
    post.iloc[0, 0] = np.nan
    got = paired_tests(pre, post).set_index("feature")
    assert got.at["shrinks", "n"] == len(pre) - 1 and got.at["noise", "n"] == len(pre)
    expected = sps.ttest_rel(post["shrinks"].iloc[1:], pre["shrinks"].iloc[1:])
    assert got.at["shrinks", "p_ttest"] == expected.pvalue


def test_an_undefined_test_has_no_p_and_says_why_and_is_not_counted_by_fdr():
    pre, post = _pre_post()
    post["constant_shift"] = pre["noise"] + 1.0
    pre["constant_shift"] = pre["noise"]
    got = paired_tests(pre, post).set_index("feature")
    assert np.isnan(got.at["constant_shift", "p_ttest"])
    assert "same in every patient" in got.at["constant_shift", "note"]
    defined = got["p_ttest"].drop("constant_shift")
    np.testing.assert_array_equal(got["p_ttest_fdr"].drop("constant_shift"),
                                  multipletests(defined, method="fdr_bh")[1])


def test_fdr_keeps_nan_out_of_the_hypotheses():
    p = [0.01, np.nan, 0.04, 0.03]
    got = fdr_bh(p)
    assert np.isnan(got[1])
    np.testing.assert_array_equal(got[[0, 2, 3]], multipletests([0.01, 0.04, 0.03],
                                                                method="fdr_bh")[1])


def test_bad_input_is_refused():
    pre, post = _pre_post()
    with pytest.raises(StatsError, match="different features"):
        paired_tests(pre, post.drop(columns="noise"))
    with pytest.raises(StatsError, match="different patients"):
        paired_tests(pre, post.iloc[::-1])
    with pytest.raises(StatsError, match="at least 3"):
        paired_tests(pre.iloc[:2], post.iloc[:2])
