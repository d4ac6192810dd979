"""Hosmer-Lemeshow against the hoslem.test definition run in base R, and rms' le Cessie-van
Houwelingen test (hosmer_lemeshow.json)."""
from __future__ import annotations

import pytest
from scipy.special import expit

from axilla.stats import grouped_calibration, hosmer_lemeshow, le_cessie_van_houwelingen
from axilla.stats._logistic import fit_logistic
from tests.stats._reference import close, datasets_with, design, predictions, spec, topic

DATASETS = datasets_with("predictions")


def _cases(name):
    return [r for r in topic(name, "hosmer_lemeshow").values() if isinstance(r, dict) and "predictions" in r]


@pytest.mark.parametrize("name", DATASETS)
def test_statistic_breaks_and_table_match_r(name):
    pr = predictions(name)
    for r in _cases(name):
        got = hosmer_lemeshow(pr["y"], pr[r["predictions"]], groups=10)
        close([got.statistic, got.p_value], [r["statistic"], r["p_value"]])
        assert got.df == r["df"]
        close(got.breaks, r["breaks"])
        for key in ("n", "observed_0", "observed_1", "expected_0", "expected_1"):
            close(got.table[key], r["groups"][key])


@pytest.mark.parametrize("name", DATASETS)
def test_grouped_calibration_uses_the_same_groups(name):
    pr = predictions(name)
    r = _cases(name)[0]
    got = grouped_calibration(pr["y"], pr[r["predictions"]], groups=10)
    n = r["groups"]["n"]
    close(got["observed"], [o / k for o, k in zip(r["groups"]["observed_1"], n)])
    close(got["predicted"], [e / k for e, k in zip(r["groups"]["expected_1"], n)])


@pytest.mark.parametrize("name", datasets_with("models"))
def test_le_cessie_van_houwelingen_matches_rms_gof(name):
    X, y = design(name, spec(name)["models"]["full"])
    prob = expit(X @ fit_logistic(X, y).coef)
    r = topic(name, "hosmer_lemeshow")["le_cessie_van_houwelingen"]
    got = le_cessie_van_houwelingen(y, prob, X)
    close([got.sse, got.expected, got.sd, got.z, got.p_value],
          [r["Sum of squared errors"], r["Expected value|H0"], r["SD"], r["Z"], r["P"]])
