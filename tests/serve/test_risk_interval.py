"""The Wald CI of a logistic model's predicted probability against R (predict.glm with
se.fit = TRUE, checked there against rms' predict.lrm); data/risk_interval_reference.R."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from axilla.models.clinical import fit_clinical_model
from axilla.models.design import design_matrix
from axilla.serve import model_risk_interval, risk_interval

DATA = Path(__file__).parent / "data"
RTOL = 1e-6   # the suite's tolerance for deterministic values against R (README)


@pytest.fixture(scope="module")
def fitted():
    train = pd.read_csv(DATA / "risk_interval_data.csv", dtype={"grade": str})
    return fit_clinical_model(train, "y", ["age", "grade"], screen_p=None, direction=None,
                              levels={"grade": ["1", "2", "3"]})


@pytest.fixture(scope="module")
def expected():
    return pd.read_csv(DATA / "risk_interval_expected.csv")


def test_linear_predictor_se_and_interval_match_r(fitted, expected):
    new = pd.read_csv(DATA / "risk_interval_new.csv", dtype={"grade": str})
    design = design_matrix(new, fitted.spec)
    got = pd.DataFrame([vars(risk_interval(fitted.fit, row)) for row in design])
    for column in ("lp", "se", "risk", "lower", "upper"):
        ours = got["linear_predictor" if column == "lp" else column]
        np.testing.assert_allclose(ours, expected[column], rtol=RTOL, err_msg=column)


def test_one_patient_by_value_matches_r_with_levels_as_numbers(fitted, expected):
    """Values as a CSV reader types them (grade 3 as a number) give R's row 2."""
    interval = model_risk_interval(fitted, {"age": 48, "grade": 3})
    assert interval.risk == pytest.approx(expected["risk"][1], rel=RTOL)
    assert (interval.lower, interval.upper) == pytest.approx(
        (expected["lower"][1], expected["upper"][1]), rel=RTOL)


def test_wider_level_gives_a_wider_interval(fitted):
    narrow = risk_interval(fitted.fit, [55, 0, 0], level=0.5)
    wide = risk_interval(fitted.fit, [55, 0, 0], level=0.99)
    assert wide.lower < narrow.lower < narrow.risk < narrow.upper < wide.upper
