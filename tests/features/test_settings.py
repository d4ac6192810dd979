"""The PyRadiomics parameter-file schema: defaults, checks and messages."""
from __future__ import annotations

import json

import pytest

from axilla.errors import SettingsError
from axilla.features import load_params
from axilla.features.settings import SETTINGS, ExtractionParams
from tests.helpers import shared_path


def test_defaults_are_pyradiomics():
    # RadiomicsFeatureExtractor._getDefaultSettings and the feature classes' defaults
    params = load_params()
    s = params.setting
    assert (s["binWidth"], s["label"], s["padDistance"], s["minimumROIDimensions"]) == \
        (25, 1, 5, 2)
    assert s["interpolator"] == "sitkBSpline" and s["resampledPixelSpacing"] is None
    assert s["voxelArrayShift"] == 0 and s["distances"] == [1] and s["gldm_a"] == 0
    assert s["compat"] == "pyradiomics"
    assert params.image_types == {"Original": {}}
    # no featureClass block: every class but shape2D (PyRadiomics __init__)
    assert list(params.feature_classes) == ["shape", "firstorder", "glcm", "glrlm",
                                            "glszm", "gldm", "ngtdm"]


@pytest.mark.parametrize("name", ["reference_original.yaml", "reference_filtered.yaml"])
def test_shared_params_files_load_unchanged(name):
    params = load_params(shared_path("data", "pyradiomics", "params", name))
    assert params.setting["binWidth"] == 25
    assert set(params.feature_classes) == {"shape", "firstorder", "glcm", "glrlm", "glszm",
                                           "gldm", "ngtdm"}
    assert all(v is None for v in params.feature_classes.values())


def test_filtered_params_keep_image_type_settings():
    params = load_params(shared_path("data", "pyradiomics", "params",
                                     "reference_filtered.yaml"))
    assert params.image_types == {"Original": {}, "Wavelet": {}, "LoG": {"sigma": [1.0, 2.0, 3.0]}}
    assert params.for_image_type("LoG")["sigma"] == [1.0, 2.0, 3.0]
    assert params.for_image_type("Original")["sigma"] == []


def test_json_file_and_setting_only_dict(tmp_path):
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"setting": {"binCount": 32}, "featureClass": {"glcm": None}}), encoding="utf-8")
    assert load_params(path).setting["binCount"] == 32
    assert load_params({"binWidth": 5}).setting["binWidth"] == 5
    assert isinstance(load_params(load_params()), ExtractionParams)


def test_unknown_key_names_it_with_a_suggestion():
    with pytest.raises(SettingsError) as err:
        load_params({"setting": {"binWdth": 25, "lable": 2}})
    message = str(err.value)
    assert "unknown key 'binWdth' in setting (did you mean 'binWidth'?)" in message
    assert "unknown key 'lable' in setting (did you mean 'label'?)" in message


def test_bad_value_message_like_sklearn():
    with pytest.raises(SettingsError) as err:
        load_params({"setting": {"binWidth": -5}})
    assert str(err.value).startswith("binWidth must be a float in (0, inf). Got -5; ")


@pytest.mark.parametrize(("key", "value", "words"), [
    ("minimumROIDimensions", 4, "an int in [1, 3]"),
    ("label", 1.5, "an int in (0, inf)"),
    ("normalize", "yes", "a bool"),
    ("resegmentMode", "percent", "one of {'absolute', 'relative', 'sigma'}"),
    ("resegmentRange", [1, 2, 3], "a list of floats"),
    ("distances", [0], "a list of ints each in (0, inf)"),
    ("interpolator", "sitkCubic", "one of {'sitkNearestNeighbor'"),
    ("compat", "mirp", "one of {'pyradiomics', 'ibsi'}"),
    ("wavelet", "coif99", "a discrete PyWavelets wavelet"),
])
def test_each_constraint_is_checked(key, value, words):
    with pytest.raises(SettingsError) as err:
        load_params({"setting": {key: value}})
    assert words in str(err.value)


def test_interpolator_accepts_sitk_codes_and_none():
    assert load_params({"interpolator": 3}).setting["interpolator"] == 3
    assert load_params({"interpolator": None}).setting["interpolator"] is None


def test_image_type_and_feature_class_checks():
    with pytest.raises(SettingsError, match="did you mean 'Wavelet'"):
        load_params({"imageType": {"Wavlet": {}}})
    with pytest.raises(SettingsError, match="imageType LoG must be a list of floats"):
        load_params({"imageType": {"LoG": {"sigma": "big"}}})
    with pytest.raises(SettingsError, match="did you mean 'glcm'"):
        load_params({"featureClass": {"glcmm": []}})
    with pytest.raises(SettingsError, match="did you mean 'Contrast'"):
        load_params({"featureClass": {"glcm": ["Contrst"]}})


def test_voxel_settings_are_refused_clearly():
    with pytest.raises(SettingsError, match="voxelSetting is not supported"):
        load_params({"voxelSetting": {"kernelRadius": 2}})


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(SettingsError, match="parameter file not found"):
        load_params(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("setting: [unclosed", encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot parse the parameter file"):
        load_params(broken)


def test_every_setting_default_passes_its_own_rule():
    from axilla.features.settings import validate_settings
    defaults = {key: rule.default for key, rule in SETTINGS.items()}
    assert validate_settings(defaults) == defaults


def test_a_params_file_read_again_gives_a_fresh_copy_and_sees_edits(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("setting:\n  binWidth: 25\nimageType:\n  LoG:\n    sigma: [1.0]\n")
    first = load_params(path)
    first.setting["binWidth"] = 5.0
    first.image_types["LoG"]["sigma"].append(9.0)
    again = load_params(path)
    assert again.setting["binWidth"] == 25.0
    assert again.image_types["LoG"]["sigma"] == [1.0]
    path.write_text("setting:\n  binWidth: 10\n")
    assert load_params(path).setting["binWidth"] == 10.0
