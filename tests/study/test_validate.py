"""`axilla validate` lists every problem at once, each with its fix."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from axilla.cli import main
from axilla.study.config import parse_study
from axilla.study.validate import validate_study


def test_unknown_keys_suggest_the_right_one():
    _, problems = parse_study({"name": "x", "data": {"manifest": "m.csv", "clinical": "c.csv",
                                                     "outcom": "y"},
                               "split": {"methd": "random"}, "evaluation": {"n_boot": 2}})
    text = [str(p) for p in problems]
    assert "study: data.outcom: unknown key; did you mean 'outcome'?" in text
    assert "study: split.methd: unknown key; did you mean 'method'?" in text
    assert any(t.startswith("study: evaluation.n_boot: Input should be greater than or equal to 10")
               for t in text)
    assert len(text) == 3


def _write_study(tmp_path, data_patch=None, clinical=None):
    clinical = clinical if clinical is not None else pd.DataFrame({
        "patient_id": ["P1", "P2", "P3", "P4"], "aln_status": [0, 1, 0, 0],
        "cohort": ["training", "training", "validation", "validation"], "age": [50, 60, 70, 80]})
    clinical.to_csv(tmp_path / "clinical.csv", index=False)
    pd.DataFrame({"patient_id": ["P1", "P9"], "image": ["a.nii.gz", "b.nii.gz"],
                  "mask": ["m.nii.gz", "m.nii.gz"]}).to_csv(tmp_path / "manifest.csv", index=False)
    study = {"name": "t", "data": {"manifest": "manifest.csv", "clinical": "clinical.csv",
                                   **(data_patch or {})},
             "models": {"clinical": {"candidates": ["age", "grade"]}}}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    return tmp_path / "study.yaml"


def test_every_input_problem_is_listed(tmp_path):
    path = _write_study(tmp_path)
    _, problems = validate_study(path)
    text = "\n".join(map(str, problems))
    assert "column 'grade' is absent" in text
    assert "image file" in text and "a.nii.gz not found" in text
    assert "patient P9: has images but no clinical row" in text
    # P1's image is missing and P2-P4 have none: the run would keep no patient
    assert ("cohort validation: has no patient left after leaving out 2 patient(s) without "
            "usable images, features or outcome") in text


def test_outcome_column_absent(tmp_path):
    path = _write_study(tmp_path, {"outcome": "pN"})
    _, problems = validate_study(path)
    assert any("column 'pN' is absent" in str(p) for p in problems)


def test_a_misspelt_outcome_column_gets_the_closest_column(tmp_path):
    _, problems = validate_study(_write_study(tmp_path, {"outcome": "aln_stat"}))
    assert any(str(p).startswith("clinical.csv: column 'aln_stat' is absent (did you mean "
                                 "'aln_status'?); columns present: patient_id, aln_status")
               for p in problems), problems


def test_cli_exit_code_and_lines(tmp_path, capsys):
    path = _write_study(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(path)])
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    assert "- " in out.out and "problem(s) in" in out.err


def test_an_empty_clinical_table_is_one_problem(tmp_path):
    """A header-only clinical.csv (the export failed) gave one 'no clinical row' line per
    imaged patient and a 'names no cohort' line: the cause is said once."""
    path = _write_study(tmp_path, clinical=pd.DataFrame(
        columns=["patient_id", "aln_status", "cohort", "age", "grade"]))
    _, problems = validate_study(path)
    text = [str(p) for p in problems if "not found" not in str(p)]   # the missing images
    assert text == ["clinical.csv: has no patient rows (a header only); fill in one row per "
                    "patient, or point data.clinical at the filled-in table"]


def test_an_id_differing_in_spaces_or_case_is_pointed_out(tmp_path):
    """'p9 ' in the clinical table and 'P9' in the manifest: an Excel slip, named as such."""
    clinical = pd.DataFrame({"patient_id": ["P1", "p9 "], "aln_status": [0, 1],
                             "cohort": ["training", "training"], "age": [50, 60]})
    _, problems = validate_study(_write_study(tmp_path, clinical=clinical))
    assert ("patient P9: has images but no clinical row; clinical.csv has 'p9 ', which "
            "differs only in spaces or case; write the ID the same way in both tables"
            ) in map(str, problems)


@pytest.mark.parametrize(("threshold", "message"), [
    (1.5, "1.5 is neither a rule (youden, closest_topleft, sensitivity) nor a probability "
          "between 0 and 1"),
    (0, "0.0 is neither a rule (youden, closest_topleft, sensitivity) nor a probability "
        "between 0 and 1"),
    ("yuoden", "'yuoden' is neither a rule (youden, closest_topleft, sensitivity) nor a "
               "probability between 0 and 1 (did you mean 'youden'?)")])
def test_a_threshold_outside_0_1_or_misspelt_is_one_problem(threshold, message):
    """1.5 was accepted (every patient negative at the threshold, exit 0); a misspelt rule
    gave two pydantic lines."""
    _, problems = parse_study({"name": "x", "data": {"manifest": "m.csv", "clinical": "c.csv"},
                               "evaluation": {"threshold": threshold}})
    assert [str(p) for p in problems] == [
        f"study: evaluation.threshold: {message}; give a rule's name or a fixed probability "
        "such as 0.4"]


@pytest.mark.parametrize("threshold", [0.4, "0.4", "sensitivity"])
def test_a_probability_or_a_rule_is_a_threshold(threshold):
    config, problems = parse_study({"name": "x", "data": {"manifest": "m.csv",
                                                          "clinical": "c.csv"},
                                    "evaluation": {"threshold": threshold}})
    assert problems == [] and config.evaluation.threshold in (0.4, "sensitivity")
