"""Logistic MLE and stepwise against R (../shared/data/stats/<dataset>/logistic.json).

R: glm(..., family = binomial, control = glm.control(epsilon = 1e-12)), MASS::confint,
drop1(test = "LRT"), anova(test = "Chisq"), stats::step. Tolerances from the data README:
1e-6 relative for deterministic values, ~1e-4 for MASS profile CIs.
"""
import numpy as np
import pytest

from axilla.models.design import design_matrix
from axilla.models.logistic import fit_logistic, lr_test, profile_ci
from axilla.models.stepwise import stepwise
from tests.models.rdata import BINARY, by_name, design, manifest, results


@pytest.fixture(scope="module", params=BINARY)
def case(request):
    dataset = request.param
    frame, y, spec, X = design(dataset, manifest(dataset)["models"]["full"])
    return dataset, frame, y, spec, X, results(dataset, "logistic")


@pytest.mark.parametrize("model", ["full", "base"])
def test_glm_coefficients_and_fit(case, model):
    dataset, *_ = case
    frame, y, spec, X = design(dataset, manifest(dataset)["models"][model])
    ref = case[5][f"glm_{model}"]
    fit = fit_logistic(X, y, spec.columns)
    coef = ref["coefficients"]
    assert list(fit.names) == coef["term"]
    for ours, key in [(fit.coef, "estimate"), (fit.se, "std_error"), (fit.z, "z"),
                      (fit.p_value, "p_value")]:
        np.testing.assert_allclose(ours, coef[key], rtol=1e-6)
    ors = ref["odds_ratios"]
    low, high = fit.wald_ci()
    np.testing.assert_allclose(np.exp(fit.coef), ors["odds_ratio"], rtol=1e-6)
    np.testing.assert_allclose(np.exp(low), ors["wald_lower"], rtol=1e-6)
    np.testing.assert_allclose(np.exp(high), ors["wald_upper"], rtol=1e-6)
    stats = ref["fit"]
    for ours, key in [(fit.deviance, "deviance"), (fit.null_deviance, "null_deviance"),
                      (fit.loglik, "logLik"), (fit.aic, "AIC"), (fit.bic, "BIC")]:
        assert ours == pytest.approx(stats[key], rel=1e-6)


@pytest.mark.parametrize("model", ["full", "base"])
def test_profile_likelihood_ci(case, model):
    dataset, *_ = case
    frame, y, spec, X = design(dataset, manifest(dataset)["models"][model])
    fit = fit_logistic(X, y, spec.columns)
    low, high = profile_ci(X, y, fit)
    ref = case[5][f"glm_{model}"]["odds_ratios_profile_ci"]
    np.testing.assert_allclose(np.exp(low), ref["lower"], rtol=1e-4)   # README: ~1e-4
    np.testing.assert_allclose(np.exp(high), ref["upper"], rtol=1e-4)


def test_likelihood_ratio_tests(case):
    dataset, frame, y, spec, X, ref = case
    fits = {}
    for model in ("full", "base"):
        _, _, sub, Xm = design(dataset, manifest(dataset)["models"][model])
        fits[model] = fit_logistic(Xm, y, sub.columns)
    fits["null"] = fit_logistic(np.zeros((len(y), 0)), y)
    for small, large in [("null", "full"), ("null", "base"), ("base", "full")]:
        chisq, df, p = lr_test(fits[small], fits[large])
        expected = ref[f"lr_test_{large}_vs_{small}"]
        assert (chisq, df) == (pytest.approx(expected["chisq"], rel=1e-6), expected["df"])
        assert p == pytest.approx(expected["p_value"], rel=1e-6)


def test_drop1_per_term(case):
    _, frame, y, spec, _, ref = case
    full = fit_logistic(design_matrix(frame, spec), y, spec.columns)
    drop1 = ref["drop1_lrt_full"]
    for k, term in enumerate(drop1["term"]):
        sub = spec.subset([t for t in spec.terms if t != term])
        reduced = fit_logistic(design_matrix(frame, sub), y, sub.columns)
        chisq, df, p = lr_test(reduced, full)
        assert reduced.aic == pytest.approx(drop1["AIC"][k], rel=1e-6)
        assert (chisq, df) == (pytest.approx(drop1["LRT"][k], rel=1e-6), drop1["df"][k])
        assert p == pytest.approx(drop1["p_value"][k], rel=1e-6)


STEP_CALLS = {
    "step_backward": dict(direction="backward"),
    "step_backward_bic": dict(direction="backward", criterion="bic"),
    "step_forward": dict(direction="forward"),
    "step_both": dict(direction="both"),
}


@pytest.mark.parametrize("key", sorted(STEP_CALLS))
def test_step_matches_r(case, key):
    _, frame, y, spec, _, ref = case
    expected = ref[key]
    result = stepwise(frame, y, spec, **STEP_CALLS[key])
    assert list(result.terms) == expected["final_terms"]
    assert [rec.move for rec in result.path] == expected["path"]["step"]
    np.testing.assert_allclose([rec.criterion for rec in result.path], expected["path"]["AIC"],
                               rtol=1e-6)
    np.testing.assert_allclose([rec.deviance for rec in result.path],
                               expected["path"]["resid_deviance"], rtol=1e-6)
    ours = by_name(result.fit.names, result.fit.coef)
    theirs = by_name(expected["coefficients"]["term"], expected["coefficients"]["estimate"])
    assert ours.keys() == theirs.keys()
    for name, value in theirs.items():
        assert ours[name] == pytest.approx(value, rel=1e-6)
    assert result.fit.aic == pytest.approx(expected["final_AIC"], rel=1e-6)


def test_lr_criterion_drops_the_least_significant_term_first():
    # aSAH drop1(fit_full, test = "LRT"): s100b has the largest p (0.0808); with
    # alpha_remove = 0.05 it goes first, with 0.10 nothing is removed
    frame, y, spec, _ = design("aSAH", manifest("aSAH")["models"]["full"])
    strict = stepwise(frame, y, spec, criterion="lr", alpha_remove=0.05)
    assert strict.path[1].move == "- s100b"
    assert "s100b" not in strict.terms
    lenient = stepwise(frame, y, spec, criterion="lr", alpha_remove=0.10)
    assert list(lenient.terms) == list(spec.terms) and len(lenient.path) == 1
