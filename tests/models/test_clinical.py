"""Clinical and combined models: screening + stepwise reproduce R's step(); missing data."""
import numpy as np
import pandas as pd
import pytest

from axilla.models.clinical import fit_clinical_model
from axilla.models.nomogram import build_nomogram
from tests.models.rdata import BINARY, by_name, manifest, results, table, terms_of


@pytest.mark.parametrize("dataset", BINARY)
@pytest.mark.parametrize("key,criterion", [("step_backward", "aic"),
                                           ("step_backward_bic", "bic")])
def test_no_screening_backward_equals_r_step(dataset, key, criterion):
    info = manifest(dataset)
    frame = table(dataset)
    model = fit_clinical_model(frame, info["outcome"], terms_of(info["models"]["full"]),
                               screen_p=None, criterion=criterion, levels=info["factors"])
    expected = results(dataset, "logistic")[key]
    assert list(model.spec.terms) == expected["final_terms"]
    theirs = by_name(expected["coefficients"]["term"], expected["coefficients"]["estimate"])
    ours = by_name(model.fit.names, model.fit.coef)
    for name, value in theirs.items():
        assert ours[name] == pytest.approx(value, rel=1e-6)


@pytest.mark.parametrize("dataset", BINARY)
def test_profile_odds_ratios_of_the_full_model(dataset):
    info = manifest(dataset)
    frame = table(dataset)
    model = fit_clinical_model(frame, info["outcome"], terms_of(info["models"]["full"]),
                               screen_p=None, direction=None, levels=info["factors"])
    ref = results(dataset, "logistic")["glm_full"]["odds_ratios_profile_ci"]
    ors = model.odds_ratios(frame)
    np.testing.assert_allclose(ors["or_profile_lower"], ref["lower"], rtol=1e-4)
    np.testing.assert_allclose(ors["or_profile_upper"], ref["upper"], rtol=1e-4)


def _cohort(seed):
    rng = np.random.default_rng(seed)
    n = 150
    rad = rng.normal(size=n)
    stage = rng.choice(["T1", "T2", "T3"], size=n)
    noise = rng.normal(size=n)
    lp = -0.5 + 1.5 * rad + np.where(stage == "T3", 1.2, 0.0)
    y = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(int)
    return pd.DataFrame({"rad_score": rad, "stage": stage, "noise": noise, "y": y})


def test_screening_keeps_forced_rad_score_and_reference_level(seed):
    frame = _cohort(seed)
    model = fit_clinical_model(frame, "y", ["stage", "noise"], forced=["rad_score"],
                               reference={"stage": "T3"})
    assert model.spec.terms[0] == "rad_score"
    assert set(model.screening["term"]) == {"stage", "noise"}
    assert model.spec.levels.get("stage", ("T3",))[0] == "T3"
    nom = build_nomogram(model.fit, model.spec, data=frame)
    assert max(max(axis.points) for axis in nom.axes) == pytest.approx(100.0)


def test_missing_values_complete_case_and_training_imputation(seed):
    frame = _cohort(seed)
    frame.loc[:9, "noise"] = np.nan
    complete = fit_clinical_model(frame, "y", ["noise"], forced=["rad_score"], screen_p=None,
                                  direction=None)
    assert complete.n_dropped == 10 and complete.fit.n == 140
    imputed = fit_clinical_model(frame, "y", ["noise"], forced=["rad_score"], screen_p=None,
                                 direction=None, missing="impute")
    assert imputed.fit.n == 150
    assert imputed.fill_values["noise"] == pytest.approx(frame["noise"].iloc[10:].median())
    new = pd.DataFrame({"rad_score": [0.0], "noise": [np.nan], "stage": ["T1"]})
    lp = imputed.linear_predictor(new)
    coef = dict(zip(imputed.fit.names, imputed.fit.coef))
    assert lp[0] == pytest.approx(coef["(Intercept)"] + coef["noise"] * imputed.fill_values["noise"])
