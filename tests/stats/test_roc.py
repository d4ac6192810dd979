"""AUC, DeLong variance/CI, ROC curve and DeLong tests against pROC 1.18 (roc.json)."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from axilla.stats import auc_ci, compare_models, delong_test, delong_test_unpaired, roc_curve
from tests.stats._reference import (REL, close, column, datasets_with, outcome, spec, topic)

BOOT_TOL = 0.02  # README: stochastic pROC bootstrap CI bounds, compare within about +-0.02
DATASETS = datasets_with("roc")


@pytest.mark.parametrize("name", DATASETS)
def test_auc_delong_ci_and_curve_match_proc(name):
    y, ref = outcome(name), topic(name, "roc")["predictors"]
    for predictor in spec(name)["roc"]["predictors"]:
        r = ref[predictor["name"]]
        got = auc_ci(y, column(name, predictor["name"]), direction=predictor["direction"])
        close(got.auc, r["auc"]["value"])
        close(got.variance, r["var_delong"]["value"])
        close([got.lower, got.upper], [r["ci_delong"]["lower"], r["ci_delong"]["upper"]])
        assert (got.n_cases, got.n_controls) == (r["n_cases"], r["n_controls"])
        close(got.curve.thresholds, r["curve"]["threshold"])
        close(got.curve.sensitivity, r["curve"]["sensitivity"], abs_=1e-12)
        close(got.curve.specificity, r["curve"]["specificity"], abs_=1e-12)


@pytest.mark.parametrize("name", DATASETS)
def test_stratified_bootstrap_ci_is_near_proc(name):
    y, ref = outcome(name), topic(name, "roc")["predictors"]
    for predictor in spec(name)["roc"]["predictors"]:
        r = ref[predictor["name"]]["ci_bootstrap"]
        got = auc_ci(y, column(name, predictor["name"]), method="bootstrap", n_boot=2000,
                     seed=1, direction=predictor["direction"])
        assert abs(got.lower - r["lower"]) < BOOT_TOL
        assert abs(got.upper - r["upper"]) < BOOT_TOL


@pytest.mark.parametrize("name", DATASETS)
def test_paired_delong_matches_roc_test(name):
    y, ref = outcome(name), topic(name, "roc")["paired_delong"]
    for first, second in spec(name)["roc"]["paired"]:
        r = ref[f"{first}_vs_{second}"]
        got = delong_test(y, column(name, first), column(name, second))
        close([got.auc1, got.auc2, got.z, got.p_value, got.covariance],
              [r["auc1"], r["auc2"], r["statistic"], r["p_value"], r["cov_delong"]["value"]])
        close([got.lower, got.upper], r["conf_int_difference"])


@pytest.mark.parametrize("name", DATASETS)
def test_unpaired_delong_matches_roc_test(name):
    r = topic(name, "roc")["unpaired_delong"]
    from tests.stats._reference import data
    group = data(name)[r["subgroup_var"]].to_numpy()
    y, x = outcome(name), column(name, r["predictor"])
    a, b = group == r["group1"], group == r["group2"]
    got = delong_test_unpaired(y[a], x[a], y[b], x[b])
    close([got.auc1, got.auc2, got.var1, got.var2, got.statistic, got.df, got.p_value],
          [r["auc1"], r["auc2"], r["var1_delong"], r["var2_delong"], r["statistic"], r["df"], r["p_value"]])


def test_auc_equals_sklearn_on_ties(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 500)
    score = rng.integers(0, 7, 500).astype(float)  # many ties
    assert auc_ci(y, score).auc == pytest.approx(roc_auc_score(y, score), rel=1e-12)


def test_direction_greater_mirrors_the_curve():
    y = np.array([0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0])
    s = np.arange(12.0)
    up, down = roc_curve(y, s, "<"), roc_curve(y, -s, ">")
    np.testing.assert_array_equal(up.sensitivity, down.sensitivity)
    np.testing.assert_array_equal(up.thresholds, -down.thresholds)


def test_bca_interval_contains_the_estimate(seed):
    rng = np.random.default_rng(seed)
    y = np.r_[np.zeros(60), np.ones(40)]
    s = y + rng.normal(0, 1, 100)
    got = auc_ci(y, s, method="bootstrap", n_boot=1000, seed=seed, bca=True)
    assert got.lower < got.auc < got.upper


def test_compare_models_holm_adjusts_like_r():
    # R: p.adjust(c(0.01, 0.04, 0.03), "holm") = 0.03 0.06 0.06
    from axilla.stats.delong import holm
    np.testing.assert_allclose(holm(np.array([0.01, 0.04, 0.03])), [0.03, 0.06, 0.06], rtol=REL)


@pytest.mark.parametrize("name", DATASETS)
def test_compare_models_rows_are_paired_tests(name):
    first, second = spec(name)["roc"]["paired"][0]
    r = topic(name, "roc")["paired_delong"][f"{first}_vs_{second}"]
    table = compare_models(outcome(name), {first: column(name, first), second: column(name, second)})
    close(table.loc[0, ["z", "p_value", "p_adjusted"]].to_numpy(float), [r["statistic"], r["p_value"], r["p_value"]])
