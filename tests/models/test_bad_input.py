"""User mistakes end in a ModelError that says what to do, never a stack trace."""
import numpy as np
import pandas as pd
import pytest

from axilla.errors import ModelError
from axilla.models.clinical import fit_clinical_model
from axilla.models.logistic import fit_logistic
from axilla.models.splits import repeated_folds
from axilla.select.lasso import LassoSelector


def test_perfect_separation():
    x = np.arange(20.0)
    with pytest.raises(ModelError, match="separat") as err:
        fit_logistic(x, (x > 9.5).astype(int), ["size"])
    assert err.value.fix


def test_factor_with_one_level_in_training():
    frame = pd.DataFrame({"y": [0, 1] * 10, "age": np.arange(20.0), "centre": ["A"] * 20})
    with pytest.raises(ModelError, match="'centre' has a single level") as err:
        fit_clinical_model(frame, "y", ["age", "centre"])
    assert "drop the factor" in err.value.fix


def test_more_features_than_patients():
    rng = np.random.default_rng(0)
    with pytest.raises(ModelError, match="more parameters than patients") as err:
        fit_logistic(rng.normal(size=(10, 12)), np.tile([0, 1], 5))
    assert "LASSO" in err.value.fix


def test_cohort_without_positives():
    with pytest.raises(ModelError, match="no positives") as err:
        LassoSelector().fit(np.random.default_rng(0).normal(size=(30, 4)), np.zeros(30))
    assert err.value.fix
    with pytest.raises(ModelError, match="no positives"):
        repeated_folds(np.zeros(30), random_state=0)


def test_quasi_complete_separation_is_detected_and_an_outlier_is_not():
    # quasi-complete: x <= 5 all negative, x >= 5 all positive, one tie at x = 5
    x = np.r_[np.arange(6.0), np.arange(5.0, 11.0)]
    y = np.r_[np.zeros(6), np.ones(6)]
    with pytest.raises(ModelError, match="separation"):
        fit_logistic(x, y, ["size"])
    # overlapping classes plus one far outlier (like aSAH's raw ndka = 419): the MLE exists,
    # the outlier's fitted probability is 1 to machine precision, R only warns
    rng = np.random.default_rng(2)
    x = np.r_[rng.normal(size=60), 400.0]
    y = np.r_[(x[:60] + rng.normal(size=60) > 0).astype(float), 1.0]
    fit = fit_logistic(x, y, ["marker"])
    assert np.isfinite(fit.se).all() and fit.linear_predictor(x[-1:])[0] > 30
