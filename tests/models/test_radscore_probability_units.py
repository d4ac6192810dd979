"""The rad-score's probability (a logistic regression on the rad-score, fitted on training
patients) and its formula on raw feature units."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from axilla.models.pipeline import make_pipeline
from axilla.models.radscore import RadScore
from axilla.models.radscore_units import raw_unit_formula
from axilla.select.blocks import BlockwiseTransformer
from axilla.select.normalise import FeatureScaler
from axilla.stats import calibration_stats

# calibration slope/intercept: both sides are maximum-likelihood fits converged to
# glm's 1e-12 relative deviance change; 1e-6 is the tolerance
CALIBRATION_TOL = 1e-6
# raw-unit formula: the same sums rearranged; features up to ~1e5 in size, so 1e-9
# relative to the rad-score's scale leaves room for rounding in the rearrangement
FORMULA_TOL = 1e-9
LASSO = {"n_folds": 5, "nlambda": 40, "lambda_min_ratio": 0.01}


def _cohort(n: int = 220, p: int = 12, seed: int = 7) -> tuple[pd.DataFrame, np.ndarray]:
    """Features on very different raw scales (PyRadiomics-like: energies ~1e5, ratios ~1e-2);
    the outcome depends on three of them."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, p))
    y = rng.binomial(1, expit(-0.3 + 1.4 * z[:, 0] - 1.0 * z[:, 1] + 0.8 * z[:, 2]))
    offsets = rng.uniform(-50, 5e4, size=p)
    scales = 10.0 ** rng.uniform(-2, 4, size=p)
    names = [f"T2_tumour_original_firstorder_F{j}" if j % 2 else
             f"DCE_tumour_original_glcm_F{j}" for j in range(p)]
    return pd.DataFrame(offsets + scales * z, columns=names), y


def test_training_calibration_slope_1_and_intercept_0():
    """plogis(LASSO linear predictor) is shrunken (slope > 1 on its own training data);
    the logistic on the rad-score has slope 1 and intercept 0 there (MLE score equations)."""
    X, y = _cohort()
    model = RadScore(**LASSO, random_state=3).fit(X, y)
    calibration = calibration_stats(y, model.predict_proba(X)[:, 1])
    assert calibration.slope == pytest.approx(1.0, abs=CALIBRATION_TOL)
    assert calibration.intercept == pytest.approx(0.0, abs=CALIBRATION_TOL)
    lasso_only = calibration_stats(y, expit(model.decision_function(X)))
    assert lasso_only.slope > 1.1          # what the logistic corrects
    assert model.prob_slope_ > 1.1


def test_probability_is_fitted_on_the_training_patients_only():
    """Fitting on the first 150 patients: a and b are the MLE of y ~ rad-score on those
    150 (statsmodels-free check: the score equations sum(y - p) = sum((y - p) s) = 0),
    and the held-out patients' probabilities use them unchanged."""
    X, y = _cohort()
    model = RadScore(**LASSO, random_state=3).fit(X.iloc[:150], y[:150])
    s = model.decision_function(X.iloc[:150])
    p = model.predict_proba(X.iloc[:150])[:, 1]
    residual = y[:150] - p
    assert abs(residual.sum()) < 1e-8 and abs((residual * s).sum()) < 1e-8
    held_out = model.predict_proba(X.iloc[150:])[:, 1]
    np.testing.assert_allclose(held_out, expit(model.prob_intercept_ + model.prob_slope_
                                               * model.decision_function(X.iloc[150:])),
                               rtol=1e-15)
    assert np.array_equal(model.predict(X.iloc[150:]), (held_out > 0.5).astype(int))


def test_no_kept_feature_gives_the_training_prevalence():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(80, 5)), columns=[f"f{j}" for j in range(5)])
    y = np.r_[np.ones(20, int), np.zeros(60, int)]
    model = RadScore(**LASSO, random_state=1).fit(X, y)
    assert model.formula().table.empty and model.prob_slope_ == 0.0
    np.testing.assert_allclose(model.predict_proba(X)[:, 1], 0.25, rtol=1e-10)


@pytest.mark.parametrize("normalise", ["zscore", "minmax", "robust", "per_block"])
def test_raw_unit_formula_gives_the_rad_score(normalise):
    """Rad-score = c0 + sum c_i x_i on the raw features (and b0 + sum b_i (x_i - mean_i) /
    sd_i with raw-unit mean and sd) equals the pipeline's rad-score to 1e-9."""
    X, y = _cohort()
    pipeline = make_pipeline(normalise="zscore" if normalise == "per_block" else normalise,
                             selection=["ttest"], model="radscore", model_params=LASSO,
                             random_state=2)
    if normalise == "per_block":
        pipeline.steps[0] = ("normalise", BlockwiseTransformer(FeatureScaler(), n_prefix_parts=2))
    pipeline.fit(X, y)
    formula = raw_unit_formula(pipeline)
    assert len(formula.table) >= 2
    table = formula.terms_table().set_index("term")
    raw = table.loc["(Intercept)", "raw_coefficient"] + X[table.index[1:]].to_numpy() \
        @ table["raw_coefficient"].to_numpy()[1:]
    score = pipeline.decision_function(X)
    scale = np.max(np.abs(score))
    np.testing.assert_allclose(raw, score, rtol=0, atol=FORMULA_TOL * scale)
    rows = table.iloc[1:]
    standardised = table.loc["(Intercept)", "coefficient"] + (
        (X[rows.index].to_numpy() - rows["mean"].to_numpy()) / rows["sd"].to_numpy()
    ) @ rows["coefficient"].to_numpy()
    np.testing.assert_allclose(standardised, score, rtol=0, atol=FORMULA_TOL * scale)
    # raw-unit centring: the training mean of a z-scored feature is its raw mean
    if normalise == "zscore":
        train_mean = X[rows.index].mean().to_numpy()
        np.testing.assert_allclose(rows["mean"].to_numpy(), train_mean,
                                   rtol=1e-12, atol=1e-9 * np.abs(train_mean).max())


def test_formula_text_shows_both_forms_and_the_probability():
    X, y = _cohort()
    pipeline = make_pipeline(selection=["ttest"], model="radscore", model_params=LASSO,
                             random_state=2).fit(X, y)
    formula = raw_unit_formula(pipeline)
    standardised, raw, probability = formula.text.splitlines()
    first = formula.table.iloc[0]
    assert standardised.startswith(f"Rad-score = {formula.intercept:.6g} ")
    assert f"({first.feature} - {first['mean']:.6g}) / {first.sd:.6g}" in standardised
    assert raw.strip().startswith(f"= {formula.raw_intercept:.6g} ")
    assert f"{first.coefficient / first.sd:+.6g} * {first.feature}" in raw
    assert probability == (f"Probability = 1 / (1 + exp(-({formula.prob_intercept:.6g} "
                           f"{formula.prob_slope:+.6g} * Rad-score)))")


def test_separating_rad_score_keeps_the_lasso_probability_and_says_so(caplog):
    """A rad-score that separates the training outcomes has no logistic MLE (the slope runs
    to infinity): the probability stays plogis(rad-score) and the formula text says why."""
    rng = np.random.default_rng(5)
    X = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    y = (X["a"] > 0).astype(int).to_numpy()
    model = RadScore(**LASSO, random_state=0).fit(X, y)
    assert model.prob_source_ == "lasso"
    np.testing.assert_array_equal(model.predict_proba(X)[:, 1],
                                  expit(model.decision_function(X)))
    assert "separates" in caplog.text
    assert "no logistic regression on it exists" in model.formula().text
