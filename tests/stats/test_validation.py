"""Bootstrap validation against rms::validate / rms::calibrate (validate.json, calibrate.json)
and subgroup AUCs against pROC (roc.json). Apparent values are exact; bootstrap ones use
R's Mersenne-Twister stream there and ours here, so they are compared within the README's
loose tolerances."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from axilla.stats import calibration_curve, subgroup_auc, validate_c_index, validate_model
from axilla.stats.validation import gini_mean_difference
from axilla.stats._logistic import fit_logistic
from tests.stats._reference import close, data, datasets_with, design, outcome, spec, topic, column

DATASETS = datasets_with("models")
C_TOL = 0.02       # README: optimism-corrected C within about +-0.02
DXY_TOL = 0.04     # README: optimism-corrected Dxy within about +-0.04
CURVE_TOL = 0.05   # README: corrected calibration curve within about +-0.05


def logistic(X, y):
    coef = fit_logistic(X, y).coef
    return lambda Z: expit(Z @ coef)


@pytest.mark.parametrize("name", DATASETS)
def test_validate_c_index(name, seed):
    X, y = design(name, spec(name)["models"]["full"])
    r = topic(name, "validate")["c_index"]
    got = validate_c_index(logistic, X, y, n_boot=200, seed=seed)
    close(got.apparent, r["apparent"])
    close(got.dxy[0], topic(name, "validate")["table"]["index.orig"][0])
    assert abs(got.corrected - r["corrected"]) < C_TOL
    assert got.optimism > 0


@pytest.mark.parametrize("name", DATASETS)
def test_validate_table_apparent_indexes_are_exact(name, seed):
    # the other corrected indexes depend on how each bootstrap refit treats near-separation
    # (rms' lrm.fit stops after 12 iterations), so only Dxy has a README tolerance
    X, y = design(name, spec(name)["models"]["full"])
    r = topic(name, "validate")["table"]
    got = validate_model(logistic, X, y, n_boot=50, seed=seed)
    assert list(got.index) == r["index"]
    close(got["index.orig"], r["index.orig"], abs_=1e-8)  # Intercept and Emax are 0 in theory
    assert abs(got.loc["Dxy", "index.corrected"] - r["index.corrected"][0]) < DXY_TOL
    assert (got["n"] == 50).all()


def test_gini_mean_difference_by_hand():
    # pairs of (1, 2, 4): |1-2| + |1-4| + |2-4| = 6 over 3 pairs -> 2
    assert gini_mean_difference(np.array([4.0, 1.0, 2.0])) == pytest.approx(2.0)


@pytest.mark.parametrize("name", DATASETS)
def test_calibration_curve(name, seed):
    X, y = design(name, spec(name)["models"]["full"])
    r = topic(name, "calibrate")
    got = calibration_curve(logistic, X, y, n_boot=200, seed=seed)
    close(got.predicted, r["curve"]["predy"])
    close(got.apparent, r["curve"]["calibrated.orig"])
    close(list(got.error_apparent.values()), [r["error_summary_apparent"][k] for k in ("mean_abs", "mean_sq", "q90_abs")])
    ref = np.array(r["curve"]["calibrated.corrected"], dtype=float)
    assert np.nanmax(np.abs(got.corrected - ref)) < CURVE_TOL
    assert (got.n <= 200).all() and got.n.max() == 200


@pytest.mark.parametrize("name", datasets_with("roc"))
def test_subgroup_auc_matches_proc_subgroups(name):
    r = topic(name, "roc")["unpaired_delong"]
    table = subgroup_auc(outcome(name), column(name, r["predictor"]), data(name)[r["subgroup_var"]]).set_index("group")
    close(table.loc[[r["group1"], r["group2"]], "auc"].to_numpy(float), [r["auc1"], r["auc2"]])
    half = 1.959963984540054 * np.sqrt([r["var1_delong"], r["var2_delong"]])  # qnorm(0.975)
    close(table.loc[[r["group1"], r["group2"]], "lower"].to_numpy(float), np.array([r["auc1"], r["auc2"]]) - half)


def test_subgroup_with_one_class_says_why():
    y = np.r_[np.zeros(12), np.tile([0, 1], 10)]
    groups = ["a"] * 12 + ["b"] * 20
    table = subgroup_auc(y, np.arange(32.0), groups).set_index("group")
    assert np.isnan(table.loc["a", "auc"]) and table.loc["a", "note"] == "only one outcome class"
    assert table.loc["b", "auc"] == pytest.approx(0.55)  # 55 of 100 case-control pairs ranked right
