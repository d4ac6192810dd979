"""The one-page patient sheet."""
from __future__ import annotations

import pytest

from axilla.errors import InputError
from axilla.report import PatientPrediction, patient_page, write_patient_pages


def _prediction(**changes):
    values = dict(patient="P017", risk=0.62, model="Nomogram", threshold=0.41,
                  values={"Rad-score": 0.8, "Grade": "III"},
                  points={"Rad-score": 56.0, "Grade": 31.0}, total_points=87.0)
    values.update(changes)
    return PatientPrediction(**values)


def test_page_shows_risk_threshold_and_points():
    page = patient_page(_prediction())
    assert "62.0%" in page and "<b>at or above</b>" in page and "high-risk" in page
    assert "<td>Grade</td><td>III</td><td>31.0</td>" in page
    assert "<b>87.0</b>" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_below_threshold_is_low_risk():
    assert "low-risk" in patient_page(_prediction(risk=0.2))


def test_risk_outside_0_1_names_the_patient():
    with pytest.raises(InputError, match="patient P017"):
        patient_page(_prediction(risk=1.2))


def test_pages_written_with_safe_file_names(tmp_path):
    paths = write_patient_pages([_prediction(patient="../P 1")], tmp_path)
    assert paths == [tmp_path / "patients" / "P_1.html"]
    assert paths[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
