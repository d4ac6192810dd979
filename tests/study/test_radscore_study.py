"""A fitted study's rad-score: its probability is calibrated on the training cohort (a
logistic regression on the rad-score, refitted inside every CV fold), its formula works on
raw feature values, the methods say so, and the nomogram carries the study's labels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from axilla.errors import InputError
from axilla.models.pipeline import fit_final
from axilla.models.splits import repeated_folds
from axilla.stats import calibration_stats
from axilla.study.config import parse_study
from axilla.study.data import StudyData
from axilla.study.fit import RADIOMICS, fit_models, radiomics_pipeline
from axilla.study.methods import study_methods

CALIBRATION_TOL = 1e-6   # the issue's; both are glm MLEs converged to 1e-12 deviance change
FORMULA_TOL = 1e-9       # the same sums rearranged, relative to the rad-score's size
LABELS = {"age": "Age (years)", "mri_ln": "MRI-reported LN status", "radscore": "Rad-score"}


def _study(labels=LABELS, n: int = 240, seed: int = 11):
    """PyRadiomics-like raw features (energies ~1e6, ratios ~1e-2), three clinical factors,
    training / validation cohorts."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 10))
    age = rng.normal(55, 10, n).round()
    mri_ln = rng.integers(0, 2, n)
    grade = rng.choice(["1", "2", "3"], n)
    lp = -0.5 + 1.2 * z[:, 0] - 0.9 * z[:, 1] + 0.02 * (age - 55) + 0.8 * mri_ln
    y = rng.binomial(1, expit(lp))
    scales = 10.0 ** np.linspace(-2, 6, 10)
    features = pd.DataFrame(1e3 * scales + scales * z,
                            columns=[f"original_firstorder_F{j}" for j in range(10)])
    table = features.assign(age=age, mri_ln=mri_ln, grade=grade, aln_status=y,
                            cohort=np.where(np.arange(n) < 160, "training", "validation"))
    table.index = pd.Index([f"P{i:03d}" for i in range(n)], name="patient_id")
    config, problems = parse_study({
        "name": "rad-score test", "seed": 5,
        "data": {"features": "features.csv", "clinical": "clinical.csv", "labels": labels},
        "selection": {"normalise": "zscore",
                      "steps": [{"lasso": {"n_folds": 5, "nlambda": 40,
                                           "lambda_min_ratio": 0.01}}]},
        "models": {"clinical": {"candidates": ["age", "mri_ln", "grade"],
                                "categorical": ["grade"], "screening_p": 1.0,
                                "direction": "backward"}},
        "evaluation": {"cv_folds": 4}})
    assert not problems, problems
    empty = pd.DataFrame(columns=["patient_id"])
    data = StudyData(table, list(features.columns), "aln_status", "training", empty, empty,
                     pd.DataFrame())
    return config, data


@pytest.fixture(scope="module")
def fitted():
    config, data = _study()
    return config, data, fit_models(data, config)


def test_radiomics_probability_calibrated_on_training(fitted):
    """On the demo this slope was 2.1-3.2 (plogis of the shrunken LASSO predictor)."""
    _, data, models = fitted
    train = data.table[data.is_training]
    probability = models.predict(train)[RADIOMICS]
    calibration = calibration_stats(data.y[data.is_training], probability)
    assert calibration.slope == pytest.approx(1.0, abs=CALIBRATION_TOL)
    assert calibration.intercept == pytest.approx(0.0, abs=CALIBRATION_TOL)


def test_cross_validation_refits_the_probability_on_each_training_fold(fitted):
    """Fold 1's out-of-fold probabilities are those of a pipeline fitted on fold 1's
    training patients alone, whose own training calibration slope is 1."""
    config, data, models = fitted
    train = data.table[data.is_training]
    X, y = train[data.features], data.y[data.is_training].to_numpy()
    train_rows, test_rows = repeated_folds(y, n_splits=config.evaluation.cv_folds,
                                           n_repeats=1, random_state=config.seed)[0]
    fold, _ = fit_final(radiomics_pipeline(config.selection, config.seed), X.iloc[train_rows],
                        y[train_rows])
    fold_slope = calibration_stats(y[train_rows], fold.predict_proba(X.iloc[train_rows])[:, 1])
    assert fold_slope.slope == pytest.approx(1.0, abs=CALIBRATION_TOL)
    cv = models.cv_predictions
    first = cv[cv["fold"] == 1].set_index("patient")["probability"]
    assert list(first.index) == list(X.index[test_rows])
    np.testing.assert_allclose(first, fold.predict_proba(X.iloc[test_rows])[:, 1], rtol=1e-12)


def test_raw_unit_formula_gives_the_rad_score_of_every_cohort(fitted):
    _, data, models = fitted
    table = models.radscore_formula().terms_table().set_index("term")
    features = table.index[1:]
    raw = table.loc["(Intercept)", "raw_coefficient"] + data.table[features].to_numpy() \
        @ table.loc[features, "raw_coefficient"].to_numpy()
    score = models.radscore(data.table).to_numpy()
    np.testing.assert_allclose(raw, score, rtol=0, atol=FORMULA_TOL * np.abs(score).max())
    # centring in raw units: the z-score's training mean (about 1e3 x the feature's scale)
    train_mean = data.table.loc[data.is_training, features].mean()
    np.testing.assert_allclose(table.loc[features, "mean"], train_mean, rtol=1e-12)


def test_methods_print_the_raw_unit_formula_and_the_probability(fitted):
    config, data, models = fitted
    formula = models.radscore_formula()
    text = " ".join(study_methods(config, data, models, {}))
    first = formula.table.iloc[0]
    assert f"({first.feature} - {first['mean']:.6g}) / {first.sd:.6g}" in text
    assert f"= {formula.raw_intercept:.6g} {first.coefficient / first.sd:+.6g} * " \
           f"{first.feature}" in text
    assert (f"Probability = 1 / (1 + exp(-({formula.prob_intercept:.6g} "
            f"{formula.prob_slope:+.6g} * Rad-score)))") in text
    assert "logistic regression of the outcome on the rad-score" in text
    assert "tables/radscore_formula.csv" in text


def test_nomogram_axes_carry_the_study_labels(fitted):
    _, _, models = fitted
    labels = {axis.name: axis.label for axis in models.combined.nomogram.axes}
    assert labels == {"radscore": "Rad-score", "age": "Age (years)",
                      "mri_ln": "MRI-reported LN status", "grade": "grade"}


def test_misspelt_label_column_is_an_input_error():
    config, data = _study(labels={"agee": "Age (years)"})
    with pytest.raises(InputError, match="agee"):
        fit_models(data, config)


def test_methods_name_only_the_image_types_that_gave_features(fitted):
    """seeds/004 asks for LoG on 2D ultrasound, which PyRadiomics skips: the methods must
    not say LoG features were extracted."""
    _, data, models = fitted
    config, problems = parse_study({
        "name": "image types", "data": {"manifest": "manifest.csv", "clinical": "c.csv"},
        "extraction": {"imageType": {"Original": {}, "LoG": {"sigma": [1.0]}}},
        "selection": {"steps": [{"lasso": {"n_folds": 5}}]},
        "models": {"clinical": {"candidates": ["age", "mri_ln", "grade"]}}})
    assert not problems, problems
    text = " ".join(study_methods(config, data, models, {}))
    assert ("from the image types Original (LoG was requested but gave no features) and "
            "the feature classes") in text
