"""A study's manifest is checked against the study: images stay in its folder, and
repeated images of one patient need the study's ``data.aggregate``."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from axilla.errors import InputError
from axilla.study.config import read_study
from axilla.study.data import load_features
from axilla.study.validate import validate_study


def _study(tmp_path, aggregate=None):
    study = tmp_path / "study"
    (study / "images").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    for name in ("images/a.nii.gz", "images/b.nii.gz", "images/m.nii.gz"):
        (study / name).write_bytes(b"x")
    (tmp_path / "elsewhere" / "c.nii.gz").write_bytes(b"x")
    pd.DataFrame({"patient_id": ["P1", "P1", "P2"],
                  "image": ["images/a.nii.gz", "images/b.nii.gz", "../elsewhere/c.nii.gz"],
                  "mask": ["images/m.nii.gz"] * 3}).to_csv(study / "manifest.csv", index=False)
    pd.DataFrame({"patient_id": ["P1", "P2"], "aln_status": [0, 1],
                  "cohort": ["training", "training"]}).to_csv(study / "clinical.csv", index=False)
    data = {"manifest": "manifest.csv", "clinical": "clinical.csv"}
    if aggregate:
        data["aggregate"] = aggregate
    (study / "study.yaml").write_text(yaml.safe_dump({"name": "t", "data": data}),
                                      encoding="utf-8")
    return study / "study.yaml"


def test_validate_lists_the_path_outside_and_the_repeated_images(tmp_path, monkeypatch):
    monkeypatch.delenv("AXILLA_IMAGE_ROOTS", raising=False)
    _, problems = validate_study(_study(tmp_path))
    text = [str(p) for p in problems]
    assert any(t.startswith("patient P2: row 4 of manifest.csv: the image path "
                            "'../elsewhere/c.nii.gz' leads outside the study folder") for t in text)
    assert any(t.startswith("patient P1: rows 2 (a.nii.gz), 3 (b.nii.gz) of manifest.csv give "
                            "2 different images") for t in text)


def test_an_aggregate_rule_allows_the_repeated_images(tmp_path, monkeypatch):
    monkeypatch.setenv("AXILLA_IMAGE_ROOTS", str(tmp_path / "elsewhere"))
    _, problems = validate_study(_study(tmp_path, aggregate="max"))
    assert not any("different images" in str(p) or "outside" in str(p) for p in problems)


def test_a_run_stops_before_extraction(tmp_path, monkeypatch):
    monkeypatch.delenv("AXILLA_IMAGE_ROOTS", raising=False)
    path = _study(tmp_path)
    config, _ = read_study(path)
    with pytest.raises(InputError, match=r"(?s)2 problem\(s\) in manifest.csv:.*leads outside the "
                       r"study folder.*2 different images"):
        load_features(config, path.parent, tmp_path / "run", progress=False)
