"""Manifest and clinical-table validation: every problem listed with its fix."""
from __future__ import annotations

import pandas as pd

from axilla.io import cases, clinical_problems, read_manifest


def test_manifest_problems_are_all_listed(tmp_path):
    (tmp_path / "a.nii.gz").write_bytes(b"x")
    (tmp_path / "m.nii.gz").write_bytes(b"x")
    pd.DataFrame({
        "patient_id": ["P1", "P1", "P2", "P3"],
        "image": ["a.nii.gz", "a.nii.gz", "missing.nii.gz", "a.nii.gz"],
        "mask": ["m.nii.gz", "m.nii.gz", "m.nii.gz", ""],
    }).to_csv(tmp_path / "manifest.csv", index=False)
    table, problems = read_manifest(tmp_path / "manifest.csv")
    text = [str(p) for p in problems]
    assert any(t.startswith("patient P2: row 4 of manifest.csv: image file")
               and "missing.nii.gz not found" in t for t in text)
    assert any(t.startswith("patient P3: row 5 of manifest.csv: empty 'mask' cell")
               for t in text)
    assert any(t.startswith("patient P1: the same image and ROI is listed twice") for t in text)
    assert len(problems) == 3
    assert set(table["sequence"]) == {"image"} and set(table["roi"]) == {"roi"}


def test_manifest_missing_columns(tmp_path):
    pd.DataFrame({"patient": ["P1"], "image": ["a"]}).to_csv(tmp_path / "m.csv", index=False)
    _, problems = read_manifest(tmp_path / "m.csv")
    assert "missing column(s) ['patient_id', 'mask']" in str(problems[0])


def test_cases_carry_label_and_spacing(tmp_path):
    pd.DataFrame({"patient_id": ["P1"], "image": ["a.png"], "mask": ["b.png"], "label": ["2"],
                  "spacing": ["0.1"]}).to_csv(tmp_path / "m.csv", index=False)
    table, _ = read_manifest(tmp_path / "m.csv")
    (case,) = cases(table)
    assert case.label == 2 and case.spacing == "0.1"
    assert case.image == str((tmp_path / "a.png").resolve())


def test_clinical_problems():
    table = pd.DataFrame({"patient_id": ["P1", "P1", "P2", "P3"], "aln": [1, 0, None, 2],
                          "age": [50, 60, 70, 80]})
    text = [str(p) for p in clinical_problems(table, "clinical.csv", "aln", ["age", "grade"])]
    assert "patient P1: listed twice in clinical.csv; keep one row per patient" in text
    assert any(t.startswith("clinical.csv: column 'grade' is absent") for t in text)
    assert any(t.startswith("patient P2: no value for the outcome 'aln'") for t in text)
    assert any("code the outcome as 0/1" in t for t in text)
    assert len(text) == 4
