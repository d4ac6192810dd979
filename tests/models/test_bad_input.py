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
