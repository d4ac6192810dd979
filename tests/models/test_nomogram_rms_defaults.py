"""The nomogram's default axes as rms draws them: ``rms::nomogram(fit, fun = plogis)`` with
no axis values, lp.at or fun.at, on a simulated cohort (tests/models/data/
make_nomogram_reference.R, rms 6.5, R 4.2; the CSVs beside it are its output).

Tolerance 1e-6 relative (the issue's; both sides solve the same likelihood to ~1e-10, and
points are linear in the coefficients). Tick values are R's pretty() output, compared
exactly as decimals.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from axilla.models.design import design_matrix, infer_spec
from axilla.models.logistic import fit_logistic
from axilla.models.nomogram import build_nomogram

DATA = Path(__file__).parent / "data"
PREDICTORS = ["age", "radscore", "foci", "mri_ln", "grade"]
LEVELS = {"mri_ln": ["negative", "positive"], "grade": ["1", "2", "3"]}
RTOL = 1e-6


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"nomogram_reference_{name}.csv", float_precision="round_trip",
                       dtype={"value": str, "grade": str})


@pytest.fixture(scope="module")
def nomogram():
    frame = _csv("data")
    spec = infer_spec(frame, PREDICTORS, levels=LEVELS)
    fit = fit_logistic(design_matrix(frame, spec), frame["outcome"], spec.columns)
    return build_nomogram(fit, spec, data=frame), fit


def _axis(name: str) -> pd.DataFrame:
    axes = _csv("axes")
    return axes[axes["axis"] == name]


def test_same_fit_as_lrm(nomogram):
    _, fit = nomogram
    scalars = _csv("scalars").set_index("name")["value"].astype(float)
    expected = [scalars[f"coef:{n}"] for n in ("Intercept", "age", "radscore", "foci",
                                                  "mri_ln=positive", "grade=2", "grade=3")]
    np.testing.assert_allclose(fit.coef, expected, rtol=RTOL)


def test_scale_and_intercept(nomogram):
    nom, _ = nomogram
    scalars = _csv("scalars").set_index("name")["value"].astype(float)
    assert nom.points_per_unit == pytest.approx(scalars["sc"], rel=RTOL)
    assert nom.intercept == pytest.approx(scalars["intercept_info"], rel=RTOL)


@pytest.mark.parametrize("name", PREDICTORS)
def test_predictor_ticks_and_points(nomogram, name):
    """age: pretty(range, 10) -> 25, 30, ..., 85 (n = 5 gave 20, 40, ..., 100); foci: its
    four distinct values; factors: their levels."""
    nom, _ = nomogram
    axis = next(a for a in nom.axes if a.name == name)
    expected = _axis(name)
    if name in LEVELS:
        assert axis.values == list(expected["value"])
    else:
        assert axis.values == [float(v) for v in expected["value"]]
    np.testing.assert_allclose(axis.points, expected["points"].astype(float), rtol=RTOL,
                               atol=1e-9)


def test_total_points_axis(nomogram):
    nom, _ = nomogram
    assert nom.total_points == [float(v) for v in _axis("total.points")["value"]]


def test_linear_predictor_axis(nomogram):
    nom, _ = nomogram
    points, lp = np.array(nom.lp_axis).T
    expected = _axis("lp")
    np.testing.assert_array_equal(lp, expected["value"].astype(float))
    np.testing.assert_allclose(points, expected["points"].astype(float), rtol=RTOL)


def test_risk_axis(nomogram):
    """fun.at = pretty(plogis(range(lp.at)), 10) = 0, 0.1, ..., 1; rms drops 0 and 1."""
    nom, _ = nomogram
    points, risks = np.array(nom.risk_axis).T
    expected = _axis("Risk")
    np.testing.assert_allclose(risks, expected["value"].astype(float), rtol=1e-15)
    np.testing.assert_allclose(points, expected["points"].astype(float), rtol=RTOL)


def test_patients_points(nomogram):
    nom, _ = nomogram
    frame = _csv("data").set_index("id")
    for row in _csv("patients").itertuples():
        points, total, lp, risk = nom.score(frame.loc[row.id, PREDICTORS].to_dict())
        for name in PREDICTORS:
            assert points[name] == pytest.approx(getattr(row, f"points_{name}"), rel=RTOL,
                                                 abs=1e-9)
        assert total == pytest.approx(row.total_points, rel=RTOL)
        assert lp == pytest.approx(row.lp, rel=RTOL)
        assert risk == pytest.approx(row.risk, rel=RTOL)
