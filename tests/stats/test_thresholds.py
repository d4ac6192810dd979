"""Threshold metrics and Youden cut-points against pROC coords (roc.json); Wilson CIs
against statsmodels' independent implementation."""
from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from axilla.stats import optimal_cutpoint, threshold_metrics
from axilla.stats.thresholds import wilson
from tests.stats._reference import close, column, datasets_with, outcome, spec, topic

DATASETS = datasets_with("roc")
COUNTS = ("tp", "fp", "tn", "fn")


@pytest.mark.parametrize("name", DATASETS)
def test_fixed_threshold_metrics_match_coords(name):
    y, ref = outcome(name), topic(name, "roc")["predictors"]
    checked = 0
    for predictor in spec(name)["roc"]["predictors"]:
        for r in ref[predictor["name"]]["fixed_thresholds"]:
            got = threshold_metrics(y, column(name, predictor["name"]), r["threshold"],
                                    direction=predictor["direction"], n_boot=200)
            assert [getattr(got, c) for c in COUNTS] == [r[c] for c in COUNTS]
            close([got.sensitivity.estimate, got.specificity.estimate, got.accuracy.estimate,
                   got.ppv.estimate, got.npv.estimate, got.f1],
                  [r["sensitivity"], r["specificity"], r["accuracy"], r["ppv"], r["npv"], r["f1"]])
            assert got.f1_lower < got.f1 < got.f1_upper
            checked += 1
    assert checked == sum(len(v) for v in spec(name)["roc"]["fixed_thresholds"].values())


@pytest.mark.parametrize("name", DATASETS)
def test_youden_cutpoint_matches_coords_best(name):
    y, ref = outcome(name), topic(name, "roc")["predictors"]
    for predictor in spec(name)["roc"]["predictors"]:
        r = ref[predictor["name"]]["best_youden"]
        got = optimal_cutpoint(y, column(name, predictor["name"]), direction=predictor["direction"])
        close(got.thresholds, r["threshold"])
        close(got.sensitivity, r["sensitivity"])
        close(got.specificity, r["specificity"])
        close(got.criterion, r["youden_J"])
        for i, threshold in enumerate(got.thresholds):   # coords' other columns at each best threshold
            m = threshold_metrics(y, column(name, predictor["name"]), threshold,
                                  direction=predictor["direction"], n_boot=0)
            assert [getattr(m, c) for c in COUNTS] == [r[c][i] for c in COUNTS]
            close([m.accuracy.estimate, m.ppv.estimate, m.npv.estimate],
                  [r["accuracy"][i], r["ppv"][i], r["npv"][i]])


def test_closest_topleft_on_a_hand_fixture():
    # controls 1,2,3,4 ; cases 3.5,5,6,7 -> threshold 3.25 (spec .75, sens 1) is closest: 0.0625
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 1])
    s = np.array([1, 2, 3, 4, 3.5, 5, 6, 7, 0.5, 8])
    got = optimal_cutpoint(y, s, method="closest_topleft")
    assert got.threshold == pytest.approx(3.25)
    assert got.criterion[0] == pytest.approx(0.2 ** 2)


@pytest.mark.parametrize(("k", "n"), [(26, 41), (0, 12), (12, 12), (58, 72)])
def test_wilson_matches_statsmodels(k, n):
    got = wilson(k, n)
    close([got.lower, got.upper], proportion_confint(k, n, alpha=0.05, method="wilson"), rel=1e-12, abs_=1e-15)


def test_ppv_undefined_when_nobody_is_positive():
    y = np.array([0, 1] * 6)
    got = threshold_metrics(y, np.linspace(0.1, 0.4, 12), 0.9, n_boot=0)
    assert got.ppv.estimate is None and got.tp == 0 and got.fp == 0
