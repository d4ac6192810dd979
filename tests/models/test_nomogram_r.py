"""Nomogram scaling against rms 6.5 ``nomogram`` (../shared/data/stats/<dataset>/nomogram.json).

Tolerances from the data README: points and scale 1e-6; risk axis ``points_exact``
1e-6; rms' interpolated ``risk_axis.points`` ~1e-4.
"""
import numpy as np
import pytest

from axilla.models.logistic import fit_logistic
from axilla.models.nomogram import build_nomogram
from tests.models.rdata import BINARY, design, manifest, results


@pytest.fixture(scope="module", params=BINARY)
def nomogram_case(request):
    info = manifest(request.param)["nomogram"]
    frame, y, spec, X = design(request.param, info["formula"])
    fit = fit_logistic(X, y, spec.columns)
    nom = build_nomogram(fit, spec, info["values"], risks=info["fun_at"], lp_at=info["lp_at"])
    return nom, results(request.param, "nomogram"), spec


def test_scale_and_intercept(nomogram_case):
    nom, ref, _ = nomogram_case
    assert nom.points_per_unit == pytest.approx(ref["scale_sc"], rel=1e-6)
    assert nom.intercept == pytest.approx(ref["intercept_info"], rel=1e-6)


def test_points_per_axis(nomogram_case):
    nom, ref, spec = nomogram_case
    assert [a.name for a in nom.axes] == list(spec.terms)
    for axis in nom.axes:
        expected = ref["predictors"][axis.name]
        assert [str(v) for v in axis.values] == [str(v) if isinstance(v, str) else str(float(v))
                                                  for v in expected["values"]]
        np.testing.assert_allclose(axis.points, expected["points"], rtol=1e-6, atol=1e-9)


def test_total_lp_and_risk_axes(nomogram_case):
    nom, ref, _ = nomogram_case
    assert nom.total_points == ref["total_points_axis"]
    points, risks = np.array(nom.risk_axis).T
    np.testing.assert_allclose(risks, ref["risk_axis"]["risk"])
    np.testing.assert_allclose(points, ref["risk_axis"]["points_exact"], rtol=1e-6)
    np.testing.assert_allclose(points, ref["risk_axis"]["points"], rtol=1e-4)
    lp_points, lps = np.array(nom.lp_axis).T
    np.testing.assert_allclose(lps, ref["lp_axis"]["lp"])
    np.testing.assert_allclose(lp_points, ref["lp_axis"]["points"], rtol=1e-6)


def test_example_patients(nomogram_case):
    nom, ref, spec = nomogram_case
    ex = ref["example_patients"]
    for i in range(len(ex["id"])):
        _, total, lp, risk = nom.score({t: ex[t][i] for t in spec.terms})
        assert total == pytest.approx(ex["total_points"][i], rel=1e-6, abs=1e-9)
        assert lp == pytest.approx(ex["lp"][i], rel=1e-6)
        assert risk == pytest.approx(ex["risk"][i], rel=1e-6)
