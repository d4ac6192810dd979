"""Study-YAML slips refused before any extraction, each as one line with its fix.

A misspelt name under ``delta.features`` was caught only after the whole extraction (the
main cohort and both time points); `axilla validate` and `axilla run` now check it
against the feature names the extraction settings give. ``execution:`` beside the old
``extraction.workers`` read "Value error, ..." at "(top level)".
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import SimpleITK as sitk
import yaml

from axilla.cli import main
from axilla.demo.studies import prepare_demo
from axilla.errors import InputError
from axilla.features import extract, load_params
from axilla.study import data as study_data
from axilla.study import delta_step
from axilla.study.delta_inputs import extracted_feature_names
from axilla.study.run import run_study
from axilla.study.validate import validate_study

#: PyRadiomics' default first-order features: 18 (StandardDeviation is not a default)
FIRST_ORDER_DEFAULTS = 18


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Seed study 003 (three sequences x tumour and node; delta and radiogenomics) on 16
    patients, with folds and models that so few allow (validate finds nothing), and,
    beside it, its T1+C tumour block alone, whose feature names carry no block prefix."""
    study = prepare_demo(tmp_path_factory.mktemp("early_checks"), "003_multicentre_mri",
                         n=16, seed=3)
    raw = yaml.safe_load(study.read_text(encoding="utf-8"))
    raw["selection"]["steps"][-1]["lasso"]["n_folds"] = 3
    raw["evaluation"]["cv_folds"] = 3
    raw["models"].update(classifiers=[], clinical={"candidates": ["age", "ki67"]})
    study.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    cohort = study.parent / "cohort"
    for name in ("manifest", "manifest_nac"):
        rows = pd.read_csv(cohort / f"{name}.csv", dtype=str)
        rows[(rows.sequence == "t1c") & (rows.roi == "tumour")].to_csv(
            cohort / f"{name}_t1c.csv", index=False)
    return study


def _variant(study: Path, name: str, edit) -> Path:
    """The study with ``edit(raw)`` applied, written beside it as ``name``.yaml."""
    raw = yaml.safe_load(study.read_text(encoding="utf-8"))
    edit(raw)
    path = study.parent / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def _t1c_only(delta_features):
    def edit(raw):
        raw["data"]["manifest"] = "cohort/manifest_t1c.csv"
        raw["delta"]["manifest"] = "cohort/manifest_nac_t1c.csv"
        raw["delta"]["features"] = delta_features
    return edit


def test_a_misspelt_delta_feature_is_refused_by_validate_with_the_closest_names(demo, capsys):
    study = _variant(demo, "misspelt", _t1c_only(["original_firstorder_Meen",
                                                  "original_glcm_Idm"]))
    _, problems = validate_study(study)
    assert [str(p) for p in problems] == [
        "delta.features: 'original_firstorder_Meen' is not a feature of this study; did "
        "you mean 'original_firstorder_Mean', 'original_firstorder_Median' or "
        "'original_firstorder_Minimum'?"]
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(study)])
    assert exit_info.value.code == 1
    assert "'original_firstorder_Meen' is not a feature" in capsys.readouterr().out


def test_run_refuses_it_before_extracting_anything(demo, tmp_path, monkeypatch):
    def no_extraction(*args, **kwargs):
        raise AssertionError("extraction started")

    monkeypatch.setattr(study_data, "extract_cohort", no_extraction)
    monkeypatch.setattr(delta_step, "extract_cohort", no_extraction)
    study = _variant(demo, "misspelt_run", _t1c_only(["original_firstorder_Meen"]))
    with pytest.raises(InputError, match=r"'original_firstorder_Meen' is not a feature of "
                                         r"this study; did you mean 'original_firstorder_Mean'"):
        run_study(study, tmp_path / "run", progress=False)
    assert not (tmp_path / "run").exists()


def test_valid_delta_and_radiogenomics_names_are_accepted(demo):
    def edit(raw):
        raw["delta"]["features"] = ["t1c_tumour_original_firstorder_Mean",
                                    "adc_aln_original_glcm_Idm",
                                    "t2_tumour_original_shape_Sphericity"]
        raw["radiogenomics"]["features"] = ["t1c_aln_original_glszm_ZoneEntropy"]
    assert validate_study(_variant(demo, "valid_names", edit))[1] == []
    _, problems = validate_study(_variant(demo, "valid_unprefixed",
                                          _t1c_only(["original_firstorder_Mean"])))
    assert problems == []


def test_filtered_image_names_follow_the_settings(demo):
    """Wavelet sub-bands and LoG sigmas are known from the settings: a wavelet name is
    refused while the study has no Wavelet image type, and accepted once it has."""
    names = ["t1c_tumour_wavelet-LLH_glcm_Idm", "adc_tumour_log-sigma-2-0-mm-3D_firstorder_Mean"]

    def original_only(raw):
        raw["radiogenomics"]["features"] = names

    def filtered(raw):
        original_only(raw)
        raw["extraction"]["imageType"] = {"Original": {}, "Wavelet": {},
                                          "LoG": {"sigma": [2.0]}}
    _, problems = validate_study(_variant(demo, "original_only", original_only))
    assert [(p.where, p.message) for p in problems] == [
        ("radiogenomics.features", f"'{name}' is not a feature of this study") for name in names]
    assert validate_study(_variant(demo, "filtered", filtered))[1] == []


@pytest.mark.parametrize("image_types, n_images", [
    ({"Original": {}}, 1),
    # 1 original + wavelet 7 sub-bands at 2 levels + LLL + 2 LoG + square + gradient + LBP3D
    # m1..m3 and k
    ({"Original": {}, "Wavelet": {"level": 2}, "LoG": {"sigma": [1.0, 2.5]}, "Square": {},
      "Gradient": {}, "LBP3D": {"lbp3DLevels": 3}}, 1 + 7 * 2 + 1 + 2 + 1 + 1 + 4)])
def test_listed_names_are_those_an_extraction_gives(demo, image_types, n_images):
    image, mask, label = _first_case(demo)
    params = {"setting": {"binWidth": 25}, "imageType": image_types,
              "featureClass": {"shape": ["Sphericity"], "firstorder": [],
                               "glcm": ["Idm", "Contrast"]}}
    extracted = list(extract(image, mask, params, label=label))
    listed = extracted_feature_names(load_params(params), dimensions=(3,))
    assert listed == extracted
    assert len(listed) == 1 + n_images * (FIRST_ORDER_DEFAULTS + 2)
    if n_images > 1:
        assert {"wavelet2-HLH_glcm_Idm", "wavelet2-LLL_firstorder_Mean",
                "log-sigma-2-5-mm-3D_glcm_Contrast", "lbp-3D-k_firstorder_Mean"} <= set(listed)


def test_listed_names_of_a_2d_image_are_those_an_extraction_gives(demo):
    """One slice through the tumour: shape2D, the 2D LoG name, and wavelet sub-bands over
    the one axis left by force2D."""
    image, mask, label = _first_case(demo)
    z = int(np.argmax((sitk.GetArrayFromImage(mask) == label).sum(axis=(1, 2))))
    params = {"setting": {"binWidth": 25, "force2D": True},
              "imageType": {"Original": {}, "Wavelet": {}, "LoG": {"sigma": [1.5]},
                            "LBP2D": {}, "Exponential": {}, "Logarithm": {}, "SquareRoot": {}},
              "featureClass": {"shape2D": ["Perimeter"], "firstorder": ["Mean"]}}
    extracted = list(extract(image[:, :, z], mask[:, :, z], params, label=label))
    listed = extracted_feature_names(load_params(params), dimensions=(2,))
    assert listed == extracted
    assert listed == ["original_shape2D_Perimeter", *(f"{prefix}_firstorder_Mean" for prefix in (
        "original", "wavelet-H", "wavelet-L", "log-sigma-1-5-mm-2D", "lbp-2D", "exponential",
        "logarithm", "squareroot"))]


def _first_case(demo) -> tuple[sitk.Image, sitk.Image, int]:
    case = pd.read_csv(demo.parent / "cohort" / "manifest_t1c.csv").iloc[0]
    return (sitk.ReadImage(str(demo.parent / "cohort" / case["image"])),
            sitk.ReadImage(str(demo.parent / "cohort" / case["mask"])), int(case["label"]))


def test_workers_in_both_sections_is_one_clean_line_and_the_inputs_are_still_checked(demo):
    def edit(raw):
        raw["execution"] = {"workers": 2}          # extraction.workers: 2 in the seed study
        raw["delta"]["features"] = ["t1c_tumour_original_firstorder_Meen"]
    _, problems = validate_study(_variant(demo, "both_places", edit))
    text = [str(p) for p in problems]
    assert text[0] == (
        "both_places.yaml: execution: workers and scheduler are set both under execution and "
        "under extraction; keep them under execution only; delete extraction.workers "
        "(execution: {workers, scheduler} replaces them)")
    assert not any("Value error" in t for t in text)
    assert text[1].startswith("delta.features: 't1c_tumour_original_firstorder_Meen' is not a "
                              "feature of this study; did you mean "
                              "'t1c_tumour_original_firstorder_Mean'")
    assert len(text) == 2


def test_data_with_both_sources_is_one_clean_line(demo):
    def edit(raw):
        raw["data"]["features"] = "features.csv"
    _, problems = validate_study(_variant(demo, "two_sources", edit))
    assert [str(p) for p in problems] == [
        "two_sources.yaml: data: both data.manifest and data.features are given; give exactly "
        "one of data.manifest (images) or data.features (a feature table)"]


def test_a_missing_params_file_is_a_problem_not_a_traceback(demo):
    def edit(raw):
        raw["extraction"] = {"params": "params/mri.yaml"}
    _, problems = validate_study(_variant(demo, "no_params", edit))
    assert [str(p) for p in problems] == [
        f"extraction: parameter file 'params/mri.yaml' not found in {demo.parent}; check "
        "extraction.params (a path relative to the study file)"]


def test_a_feature_table_study_checks_the_names_against_its_columns(tmp_path):
    ids = [f"P{i:02d}" for i in range(20)]
    pd.DataFrame({"patient_id": ids, "original_firstorder_Mean": range(20),
                  "original_glcm_Idm": [i % 7 for i in range(20)]}
                 ).to_csv(tmp_path / "features.csv", index=False)
    pd.DataFrame({"patient_id": ids, "aln_status": [i % 2 for i in range(20)]}
                 ).to_csv(tmp_path / "clinical.csv", index=False)
    pd.DataFrame({"patient_id": ["P00"] * 2, "timepoint": ["pre", "post"],
                  "image": ["a.nii.gz"] * 2, "mask": ["m.nii.gz"] * 2}
                 ).to_csv(tmp_path / "nac.csv", index=False)
    study = {"name": "t", "data": {"features": "features.csv", "clinical": "clinical.csv"},
             "split": {"method": "random", "ratio": 0.5},
             "delta": {"manifest": "nac.csv", "features": ["original_glcm_Idn"]}}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    _, problems = validate_study(tmp_path / "study.yaml")
    assert ("delta.features: 'original_glcm_Idn' is not a feature of this study; did you "
            "mean 'original_glcm_Idm'?") in [str(p) for p in problems]
