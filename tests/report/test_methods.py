"""The methods text names what the configuration says, and nothing it does not."""
from __future__ import annotations

from axilla.report import methods_text
from axilla.report.methods import find_seeds
from tests.report.synthetic import CONFIG, VERSIONS


def test_names_versions_settings_selection_models_and_seeds():
    text = " ".join(methods_text(CONFIG, VERSIONS, seed=42))
    for name, version in VERSIONS.items():
        assert f"{name} {version}" in text
    for setting in ("'pyradiomics' compatibility mode", "binWidth = 25", "Original", "Wavelet",
                    "LoG (sigma = 1.0, 2.0)", "firstorder, glcm, glrlm",
                    "resample = 1.0, 1.0, 1.0", "n4 = True", "z-score"):
        assert setting in text, setting
    chain = ("(1) Welch t-test (p = 0.05); (2) correlation pruning (threshold = 0.9); "
             "(3) LASSO logistic regression with cross-validation (nfolds = 10, lambda = 1se)")
    assert chain in text
    for model in ("rad-score (LASSO coefficients)", "support vector machine with RBF kernel (C = 1.0)",
                  "combined nomogram (logistic regression) (clinical = grade, mri_ln_status)"):
        assert model in text, model
    for seed in ("42 (study)", "7 (split.seed)", "11 (selection.3.seed)",
                 "13 (models.2.random_state)"):
        assert seed in text, seed


def test_seeds_found_at_any_depth_with_one_based_list_positions():
    assert find_seeds({"a": [{"seed": 1}, {"b": {"random_state": 2}}], "seed": 3}) == {
        "a.1.seed": 1, "a.2.b.random_state": 2, "seed": 3}


def test_absent_sections_give_no_sentence():
    assert methods_text({}, {}) == []
    only = methods_text({"models": ["logistic"]})
    assert only == ["The models fitted were: logistic regression."]


def test_unknown_method_names_pass_through():
    text = methods_text({"selection": [{"method": "boruta", "max_iter": 50}]})[0]
    assert "(1) boruta (max_iter = 50)" in text


def test_pyradiomics_params_file_layout_is_read():
    params = {"imageType": {"Original": {}}, "featureClass": {"shape": None},
              "setting": {"binWidth": 25, "resampledPixelSpacing": [1, 1, 1]}}
    text = methods_text({"extraction": params})[0]
    assert text.endswith("from the image types Original; feature classes: shape; settings: "
                         "binWidth = 25; resampledPixelSpacing = 1, 1, 1.")
