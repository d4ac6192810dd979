"""Calibration statistics against rms::val.prob and base-R glm (calibration_metrics.json)."""
from __future__ import annotations

import pytest

from axilla.stats import calibration_stats
from tests.stats._reference import ABS_ZERO, close, datasets_with, predictions, topic

DATASETS = datasets_with("predictions")
LRM_FIT = 1e-6  # README: val.prob Intercept/Slope come from lrm.fit default convergence
ZERO_IN_THEORY = {"U:Chi-sq", "Intercept"}  # README: absolute ~1e-8 (in-sample fits)


def _cases(name):
    return [(key, entry) for key, entry in topic(name, "calibration_metrics").items() if isinstance(entry, dict)]


@pytest.mark.parametrize("name", DATASETS)
def test_val_prob_all_18_statistics(name):
    pr = predictions(name)
    for _, r in _cases(name):
        got = calibration_stats(pr["y"], pr[r["predictions"]]).val_prob
        ref = r["val_prob"]
        for key, value in got.items():
            expected = ref[key] if ref[key] is not None else ref["D:p_computed"]
            if key in ZERO_IN_THEORY:
                close(value, expected, abs_=ABS_ZERO, rel=LRM_FIT)
            elif key == "Slope":
                close(value, expected, rel=LRM_FIT)
            else:
                close(value, expected)


@pytest.mark.parametrize("name", DATASETS)
def test_glm_calibration_brier_spiegelhalter(name):
    pr = predictions(name)
    for _, r in _cases(name):
        got = calibration_stats(pr["y"], pr[r["predictions"]])
        citl, slope = r["calibration_in_the_large"], r["calibration_slope"]
        close(got.intercept, citl["intercept"], abs_=ABS_ZERO)
        close([got.intercept_se, got.intercept_p], [citl["std_error"], citl["p_value"]])
        close([got.slope, got.slope_se], [slope["slope"], slope["slope_se"]])
        close(got.slope_intercept, slope["intercept"], abs_=ABS_ZERO)
        close([got.brier, got.scaled_brier, got.expected_over_observed],
              [r["brier"]["value"], r["brier_scaled"]["value"], r["expected_over_observed"]["value"]])
        close([got.spiegelhalter_z, got.spiegelhalter_p], [r["spiegelhalter"]["z"], r["spiegelhalter"]["p_value"]])
        close([got.ici, got.e90, got.emax], [r["val_prob"]["Eavg"], r["val_prob"]["E90"], r["val_prob"]["Emax"]])
