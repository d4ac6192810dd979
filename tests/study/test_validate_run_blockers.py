"""`axilla validate` finds, in one pass, what used to pass validation and then stop
`axilla run`: text in a numeric column, a typo inside a selection step, a training
cohort too small for its cross-validations, a clinical candidate that separates the
outcome, and cohorts that lose an outcome class to cases that cannot be read."""
from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
import SimpleITK as sitk
import yaml

from axilla.errors import InputError
from axilla.study.run import run_study
from axilla.study.validate import validate_study

N = 60   # patients 0..39 train, 40..59 validate


def _clinical() -> pd.DataFrame:
    """Outcome i % 2, grade 1 + i % 3 and age 40 + 7i mod 40: every grade and a spread of
    ages in both classes, so nothing separates the outcome."""
    i = np.arange(N)
    return pd.DataFrame({"patient_id": [f"P{k:02d}" for k in i], "aln_status": i % 2,
                         "cohort": np.where(i < 40, "training", "validation"),
                         "age": 40 + (7 * i) % 40, "grade": 1 + i % 3})


def _write(tmp_path, clinical: pd.DataFrame, **patch) -> object:
    rng = np.random.default_rng(3)
    y = clinical["aln_status"].to_numpy(float)
    features = pd.DataFrame({f"f{j}": rng.normal(size=len(y)) + y * (j < 2) for j in range(5)})
    features.insert(0, "patient_id", clinical["patient_id"])
    features.to_csv(tmp_path / "features.csv", index=False)
    clinical.to_csv(tmp_path / "clinical.csv", index=False)
    study = {"name": "t", "data": {"features": "features.csv", "clinical": "clinical.csv"},
             "selection": {"steps": [{"lasso": {"n_folds": 5}}]},
             "models": {"clinical": {"candidates": ["age", "grade"], "categorical": ["grade"]}},
             "evaluation": {"cv_folds": 5}}
    for section, values in patch.items():
        study[section] = {**study.get(section, {}), **values}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    return tmp_path / "study.yaml"


def _problems(path) -> list[str]:
    return [str(p) for p in validate_study(path)[1]]


def test_the_unchanged_study_has_no_problem(tmp_path):
    assert _problems(_write(tmp_path, _clinical())) == []


def test_text_in_a_numeric_column_names_patient_column_value_and_fix(tmp_path):
    clinical = _clinical().astype({"age": object})
    clinical.loc[7, "age"] = "sixty"
    assert _problems(_write(tmp_path, clinical)) == [
        "patient P07: 'age' is 'sixty', not a number, in clinical.csv; write the number, or "
        "leave the cell empty if it is unknown; if 'age' is a category, list it under "
        "models.clinical.categorical"]


def test_a_column_declared_categorical_may_hold_text(tmp_path):
    clinical = _clinical().astype({"grade": object})
    clinical.loc[7, "grade"] = "3b"
    clinical.loc[10, "grade"] = "3b"   # patient 10 has outcome 0, 7 has 1: no separation
    assert _problems(_write(tmp_path, clinical)) == []


def test_schema_typo_in_a_step_and_input_problems_come_in_one_pass(tmp_path):
    clinical = _clinical().astype({"age": object})
    clinical.loc[7, "age"] = "sixty"
    path = _write(tmp_path, clinical, selection={"steps": [{"ttest": {"alpha": 0.1}},
                                                           {"lasso": {"n_fold": 5}}]})
    config, problems = validate_study(path)
    assert config is None
    assert [str(p) for p in problems] == [
        "study.yaml: selection.steps.1: unknown key 'n_fold' in selection step 'lasso' (did "
        "you mean 'n_folds'?); valid keys are: lambda_min_ratio, lambda_rule, n_folds, "
        "nlambda, random_state, thresh",
        "patient P07: 'age' is 'sixty', not a number, in clinical.csv; write the number, or "
        "leave the cell empty if it is unknown; if 'age' is a category, list it under "
        "models.clinical.categorical"]


def test_typo_in_a_preprocess_step(tmp_path):
    path = _write(tmp_path, _clinical())
    study = yaml.safe_load(path.read_text(encoding="utf-8"))
    study["preprocess"] = [{"n4": {"shrink": 2}}]
    path.write_text(yaml.safe_dump(study), encoding="utf-8")
    assert _problems(path) == [
        "study.yaml: preprocess.0: unknown key 'shrink' in step 'n4' (did you mean "
        "'shrink_factor'?); valid keys are: convergence_threshold, fitting_levels, "
        "iterations, shrink_factor"]


def _training_positives(keep: int) -> pd.DataFrame:
    """Training keeps its first ``keep`` positives; the others move to validation."""
    clinical = _clinical()
    positives = clinical.index[(clinical.cohort == "training") & (clinical.aln_status == 1)]
    clinical.loc[positives[keep:], "cohort"] = "validation"
    return clinical


def test_training_cohort_too_small_for_the_folds(tmp_path):
    path = _write(tmp_path, _training_positives(4), models={"classifiers": ["svm"]})
    expected = [
        f"cohort training: has 4 patient(s) with outcome 1 (24 in all), fewer than the 5 folds "
        f"of {what}: each needs at least 5 of each class; {fix}, or add training patients "
        "with outcome 1" for what, fix in [
            ("evaluation.cv_folds (cross-validated AUC of the rad-score)",
             "set evaluation.cv_folds to at most 4"),
            ("n_folds of selection step 1 (lasso)", "set n_folds of the lasso step to at most 4"),
            ("the 5-fold tuning CV of the classifiers (svm)", "remove models.classifiers")]]
    assert _problems(path) == expected
    with pytest.raises(InputError) as error:   # run stops at once with the same lines
        run_study(path, tmp_path / "run", progress=False)
    assert all(line in str(error.value) for line in expected)
    assert not (tmp_path / "run").exists()


def test_one_positive_is_never_told_to_use_one_fold(tmp_path):
    """1 fold is no cross-validation (evaluation.cv_folds >= 2): the fix is more patients."""
    path = _write(tmp_path, _training_positives(1))
    assert _problems(path)[0] == (
        "cohort training: has 1 patient(s) with outcome 1 (21 in all), fewer than the 5 folds "
        "of evaluation.cv_folds (cross-validated AUC of the rad-score): each needs at least 5 "
        "of each class; add training patients with outcome 1 (a cross-validation has at "
        "least 2 folds)")


def test_five_positives_are_enough_for_five_folds(tmp_path):
    assert _problems(_write(tmp_path, _training_positives(5))) == []


def test_a_factor_level_with_one_outcome_separates(tmp_path):
    clinical = _clinical()
    grade3 = clinical.index[(clinical.grade == 3) & (clinical.cohort == "training")]
    clinical.loc[grade3, "grade"] = 2
    clinical.loc[grade3[:6], "grade"] = 3                # training patients 2, 5, ..., 17
    clinical.loc[grade3[:6], "aln_status"] = 1
    assert list(grade3[:6]) == [2, 5, 8, 11, 14, 17]
    assert _problems(_write(tmp_path, clinical)) == [
        "clinical candidate 'grade': separates the outcome in the training cohort (grade = 3: "
        "all 6 have outcome 1); merge the level(s) with a neighbouring level in the clinical "
        "table, or drop 'grade' from models.clinical.candidates (the clinical model is an "
        "unpenalised logistic regression, whose estimate does not exist then)"]


def test_a_number_that_separates_names_the_cut(tmp_path):
    clinical = _clinical()
    step = (clinical.index // 2) % 2   # 0, 0, 1, 1, ...: both values in both classes
    clinical["positive_nodes"] = np.where(clinical.aln_status == 1, 3 + step, 0.5 * step)
    path = _write(tmp_path, clinical, models={"clinical": {
        "candidates": ["age", "positive_nodes"]}})
    assert _problems(path) == [
        "clinical candidate 'positive_nodes': separates the outcome in the training cohort: "
        "every patient with outcome 0 has positive_nodes <= 0.5 and every one with outcome 1 "
        "has positive_nodes >= 3; check that 'positive_nodes' was not recorded from the "
        "outcome, then drop 'positive_nodes' from models.clinical.candidates (the clinical "
        "model is an unpenalised logistic regression, whose estimate does not exist then)"]


def test_a_factor_with_one_level_in_training(tmp_path):
    clinical = _clinical()
    clinical["site"] = np.where(clinical.cohort == "training", "left", "right")
    path = _write(tmp_path, clinical, models={"clinical": {"candidates": ["site"]}})
    assert _problems(path) == [
        "clinical candidate 'site': factor 'site' has a single level (['left']) in the "
        "training data; drop the factor from the model or merge the cohorts so that both "
        "levels appear in training"]


# ---- cases checked before extraction: a cohort that loses an outcome class ----

def _nifti(array, spacing, path):
    image = sitk.GetImageFromArray(np.asarray(array))
    image.SetSpacing(spacing)
    sitk.WriteImage(image, str(path), useCompression=True)
    return path.name


def _image_study(tmp_path, breakers: dict) -> object:
    """12 patients of 6x6x6 voxels with a 2x2x2 ROI: 0..5 train, 6..11 validate,
    outcome i % 2; ``breakers[i](folder, row)`` spoils patient i's files."""
    rng = np.random.default_rng(5)
    rows, clinical = [], []
    for i in range(12):
        pid = f"C{i:02d}"
        mask = np.zeros((6, 6, 6), np.uint8)
        mask[2:4, 2:4, 2:4] = 1
        row = {"patient_id": pid,
               "image": _nifti(rng.normal(100, 10, (6, 6, 6)), (1.0, 1.0, 1.0),
                               tmp_path / f"{pid}.nii.gz"),
               "mask": _nifti(mask, (1.0, 1.0, 1.0), tmp_path / f"{pid}_mask.nii.gz")}
        if i in breakers:
            breakers[i](tmp_path, row)
        rows.append(row)
        clinical.append({"patient_id": pid, "aln_status": i % 2,
                         "cohort": "training" if i < 6 else "validation"})
    pd.DataFrame(rows).to_csv(tmp_path / "manifest.csv", index=False)
    pd.DataFrame(clinical).to_csv(tmp_path / "clinical.csv", index=False)
    study = {"name": "t", "data": {"manifest": "manifest.csv", "clinical": "clinical.csv"},
             "selection": {"steps": [{"lasso": {"n_folds": 3}}]},
             "evaluation": {"cv_folds": 2}}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    return tmp_path / "study.yaml"


def _empty_mask(folder, row):
    _nifti(np.zeros((6, 6, 6), np.uint8), (1.0, 1.0, 1.0), folder / row["mask"])


def _mask_on_another_grid(folder, row):
    mask = np.zeros((6, 6, 6), np.uint8)
    mask[2:4, 2:4, 2:4] = 1
    _nifti(mask, (2.0, 1.0, 1.0), folder / row["mask"])


def _cut_image(folder, row):
    data = gzip.decompress((folder / row["image"]).read_bytes())
    (folder / row["image"]).write_bytes(gzip.compress(data[:-100]))


def test_every_case_is_checked_and_cohorts_counted_without_the_failures(tmp_path):
    path = _image_study(tmp_path, {7: _empty_mask, 9: _mask_on_another_grid,
                                   11: _cut_image})
    problems = _problems(path)
    assert len(problems) == 4
    assert problems[0] == (f"patient C07: {tmp_path / 'C07_mask.nii.gz'}: mask is empty "
                           "(sequence 'image', ROI 'roi'); the run would leave this case out; "
                           "draw the ROI or remove the case from the manifest")
    assert problems[1] == (f"patient C09: {tmp_path / 'C09_mask.nii.gz'}: mask spacing (2, 1, "
                           "1) differs from image spacing (1, 1, 1) (sequence 'image', ROI "
                           "'roi'); the run would leave this case out; resample the mask or "
                           "set mask_alignment: resample")
    # 352 header bytes + 6^3 float64 voxels = 2,080 bytes; 100 were cut off
    assert problems[2].startswith(f"patient C11: {tmp_path / 'C11.nii.gz'}: the file is "
                                  "incomplete: its header announces 2,080 bytes and the data "
                                  "stops after 1,980")
    assert problems[3] == ("cohort validation: has only outcome 0 (3 patients) after leaving "
                           "out 3 patient(s) without usable images, features or outcome; a "
                           "cohort needs patients of both classes for AUC and calibration: fix "
                           "the failing cases (validate lists them, a run writes them to "
                           "failures.csv), or merge or re-split")


def test_resampled_alignment_accepts_a_mask_on_another_grid(tmp_path):
    path = _image_study(tmp_path, {9: _mask_on_another_grid})
    study = yaml.safe_load(path.read_text(encoding="utf-8"))
    study["data"]["mask_alignment"] = "resample"
    path.write_text(yaml.safe_dump(study), encoding="utf-8")
    assert _problems(path) == []


def _single_voxel_roi(folder, row):
    mask = np.zeros((6, 6, 6), np.uint8)
    mask[3, 3, 3] = 1
    _nifti(mask, (1.0, 1.0, 1.0), folder / row["mask"])


def test_run_stops_when_extraction_loses_an_outcome_class(tmp_path):
    # a one-voxel ROI loads (validate reads no features) but has no texture to extract
    path = _image_study(tmp_path, {7: _single_voxel_roi, 9: _single_voxel_roi,
                                   11: _single_voxel_roi})
    assert _problems(path) == []
    with pytest.raises(InputError) as error:
        run_study(path, tmp_path / "run", progress=False)
    assert str(error.value) == (
        "1 problem(s) in the patients with features:\n  - cohort validation: has only "
        "outcome 0 (3 patients) after leaving out 3 patient(s) without usable images, "
        "features or outcome; a cohort needs patients of both classes for AUC and "
        "calibration: fix the failing cases (validate lists them, a run writes them to "
        "failures.csv), or merge or re-split")
    failures = pd.read_csv(tmp_path / "run" / "failures.csv")
    assert list(failures["patient_id"]) == ["C07", "C09", "C11"]


def test_a_section_with_an_error_is_not_checked_with_its_defaults(tmp_path):
    # split has a typo, so its column 'group' is unknown to validate: no check may fall
    # back on the default column 'cohort', which this table does not have
    clinical = _clinical().rename(columns={"cohort": "group"})
    path = _write(tmp_path, clinical, split={"column": "group", "methd": "column"})
    assert _problems(path) == ["study.yaml: split.methd: unknown key; did you mean 'method'?"]


def test_a_final_lasso_takes_no_per_block_key(tmp_path):
    # it becomes the rad-score, whose constructor used to raise a bare TypeError
    path = _write(tmp_path, _clinical(), selection={"steps": [{"lasso": {"per_block": True}}]})
    assert _problems(path) == [
        "study.yaml: selection: the final lasso step becomes the rad-score and takes no "
        "per_block; remove it, or end the steps with a lasso over all blocks"]
