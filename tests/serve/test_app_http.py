"""The calculator's HTTP answers (FastAPI TestClient): the same numbers and notes as
``predict_patients`` for the same patient, refusals on the page without a risk, uploads
checked and kept inside the server's folder."""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
pytest.importorskip("httpx", reason="httpx (the TestClient's transport) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from axilla.serve import create_app, entry_fields  # noqa: E402
from axilla.serve import uploads  # noqa: E402
from axilla.study.bundle_export import load_models  # noqa: E402
from axilla.study.predict import predict_patients  # noqa: E402

SAME = 1e-12   # same computation on the same inputs: round-off only


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("serve_work")


@pytest.fixture(scope="module")
def client(serve_study, workdir):
    return TestClient(create_app(serve_study.bundle, workdir))


@pytest.fixture(scope="module")
def patient(serve_study, tmp_path_factory):
    """The first patient, and what ``axilla predict`` gives for their image and row."""
    pid, image, mask, row = serve_study.case(0)
    csv = tmp_path_factory.mktemp("row") / "row.csv"
    row.to_frame().T.rename_axis("patient_id").reset_index().to_csv(csv, index=False)
    expected = predict_patients(serve_study.bundle, image=image, mask=mask, clinical=csv,
                                patient_id=pid, pages=False).iloc[0]
    return pid, image, mask, row, expected


def _entries(row, **changes) -> dict:
    entries = {"size_mm": f"{row['size_mm']:g}", "mri_ln_status": str(row["mri_ln_status"])}
    return entries | changes


def _risk(page: str) -> float | None:
    found = re.search(r'id="risk" data-value="([^"]+)"', page)
    return float(found.group(1)) if found else None


def _refusal(page: str) -> str:
    found = re.search(r'id="refusal"[^>]*>([^<]*)<', page)
    return html.unescape(found.group(1)) if found else ""


def _files(image, mask) -> dict:
    return {"image": (image.name, image.read_bytes()), "mask": (mask.name, mask.read_bytes())}


def test_the_study_has_a_numeric_and_a_factor_predictor(serve_study):
    kinds = {f.name: f.kind for f in entry_fields(load_models(serve_study.bundle))}
    assert kinds == {"size_mm": "number", "mri_ln_status": "level", "radscore": "score"}


def test_uploaded_case_gets_predicts_risk_points_and_group(client, patient, workdir, serve_study):
    pid, image, mask, row, expected = patient
    answer = client.post("/predict", data=_entries(row, patient_id=pid), files=_files(image, mask))
    assert answer.status_code == 200, _refusal(answer.text)
    assert _risk(answer.text) == pytest.approx(expected["combined"], abs=SAME, rel=0)
    shown = {name: float(value) for name, value in re.findall(
        r"<tr><td>([^<]+)</td><td>[^<]*</td><td data-points=\"([^\"]+)\"", answer.text)}
    labels = {f.name: f.label for f in entry_fields(load_models(serve_study.bundle))}
    for term, label in labels.items():
        assert shown[label] == pytest.approx(expected[f"points_{term}"], abs=SAME, rel=0)
    assert f"<b>{expected['risk_group']}-risk</b>" in answer.text
    assert list((workdir / "requests").iterdir()) == []   # the request's folder is gone


def test_typed_rad_score_gives_the_same_risk_as_the_image(client, patient):
    pid, _, _, row, expected = patient
    answer = client.post("/predict", data=_entries(row, radscore=repr(float(expected["radscore"]))))
    assert answer.status_code == 200, _refusal(answer.text)
    assert _risk(answer.text) == pytest.approx(expected["combined"], abs=SAME, rel=0)


def test_ci_is_the_wald_interval_around_the_risk(client, patient, serve_study):
    """Against the CI computed by hand from the bundle's coefficient covariance."""
    from scipy.special import expit
    pid, _, _, row, expected = patient
    answer = client.post("/predict", data=_entries(row, radscore=repr(float(expected["radscore"]))))
    lower, upper = map(float, re.search(r'id="ci" data-lower="([^"]+)" data-upper="([^"]+)"',
                                        answer.text).groups())
    fit = load_models(serve_study.bundle).combined.fit
    level = {"1": 1.0, "0": 0.0}[str(row["mri_ln_status"])]
    x = np.array([1.0, expected["radscore"], row["size_mm"], level])
    assert fit.names == ("(Intercept)", "radscore", "size_mm", "mri_ln_status1")
    se = np.sqrt(x @ fit.cov @ x)
    assert (lower, upper) == pytest.approx((expit(x @ fit.coef - 1.959963984540054 * se),
                                            expit(x @ fit.coef + 1.959963984540054 * se)),
                                           abs=SAME, rel=0)


def _predict_note(serve_study, patient, folder, changes) -> str:
    """``axilla predict``'s note for the patient's image with the changed clinical row
    (the form's columns, as the calculator writes them)."""
    pid, image, mask, row, _ = patient
    csv = folder / "changed.csv"
    pd.DataFrame([{"patient_id": pid} | _entries(row, **changes)]).to_csv(csv, index=False)
    out = predict_patients(serve_study.bundle, image=image, mask=mask, clinical=csv,
                           patient_id=pid, pages=False).iloc[0]
    assert np.isnan(out["combined"])
    return out["note"]


@pytest.mark.parametrize("changes, message", [
    ({"size_mm": "abc"}, "'size_mm' = 'abc' is not a number"),
    ({"size_mm": ""}, "'size_mm' is missing"),
    ({"mri_ln_status": "7"}, "'mri_ln_status' = "),          # then the value as predict prints it
    ({"size_mm": "99"}, "'size_mm' = "),
])
def test_unusable_clinical_value_is_refused_with_predicts_note(client, patient, serve_study,
                                                               tmp_path, changes, message):
    pid, _, _, row, expected = patient
    answer = client.post("/predict", data=_entries(row, patient_id=pid,
                                                   radscore=repr(float(expected["radscore"])))
                         | changes)
    assert answer.status_code == 422 and _risk(answer.text) is None
    note = _predict_note(serve_study, patient, tmp_path, changes)
    assert message in note and note in _refusal(answer.text)


@pytest.mark.parametrize("changes, message", [
    ({"radscore": ""}, "Rad-score is required when no image is uploaded"),
    ({"radscore": "high"}, "Rad-score = 'high' is not a number"),
    ({"patient_id": "../etc"}, "patient id '../etc' is not accepted"),
])
def test_bad_entry_is_refused_with_its_message_and_no_risk(client, patient, changes, message):
    _, _, _, row, expected = patient
    answer = client.post("/predict", data=_entries(row, radscore=repr(float(expected["radscore"])))
                         | changes)
    assert answer.status_code == 422
    assert message in _refusal(answer.text)
    assert _risk(answer.text) is None


@pytest.mark.parametrize("name, content, message", [
    ("notes.txt", b"not an image", "'notes.txt' is not an image file this calculator reads"),
    ("../image.nii.gz", b"\x1f\x8b", "is a path or a hidden file"),
    ("broken.nii.gz", b"\x1f\x8bnot really gzip", "'broken.nii.gz' is not a readable image"),
    ("plain.nii.gz", b"hello", "'plain.nii.gz' is not a readable image (its content is not"),
])
def test_bad_upload_is_refused(client, patient, name, content, message, workdir):
    pid, image, mask, row, _ = patient
    files = _files(image, mask) | {"image": (name, content)}
    answer = client.post("/predict", data=_entries(row), files=files)
    assert answer.status_code == 422
    assert message in _refusal(answer.text) and _risk(answer.text) is None
    assert str(workdir) not in _refusal(answer.text)   # no server folder on the page
    assert list((workdir / "requests").iterdir()) == []


def test_upload_over_the_limit_is_refused_and_deleted(client, patient, monkeypatch, workdir):
    pid, image, mask, row, _ = patient
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", image.stat().st_size - 1)
    answer = client.post("/predict", data=_entries(row), files=_files(image, mask))
    assert answer.status_code == 422
    assert f"larger than the {uploads.upload_limit()} limit" in _refusal(answer.text)
    assert list((workdir / "requests").iterdir()) == []


def test_image_and_typed_score_together_are_refused(client, patient):
    pid, image, mask, row, expected = patient
    answer = client.post("/predict", data=_entries(row, radscore="0.1"), files=_files(image, mask))
    assert answer.status_code == 422
    assert "both an image and a typed Rad-score" in _refusal(answer.text)


def test_labels_name_the_fields(serve_study):
    """The study's labels (conftest) as the nomogram carries them; the bundle's own
    ``labels`` entry first where it has one."""
    models = load_models(serve_study.bundle)
    models.content.pop("labels", None)
    labels = {f.name: f.label for f in entry_fields(models)}
    assert labels == {"size_mm": "Tumour size (mm)", "mri_ln_status": "MRI-reported node status",
                      "radscore": "Rad-score"}
    models.content["labels"] = {"size_mm": "Size on MRI (mm)"}
    assert entry_fields(models)[[f.name for f in entry_fields(models)].index("size_mm")].label \
        == "Size on MRI (mm)"


def test_missing_extra_names_the_extra_to_install(serve_study, tmp_path, monkeypatch):
    from axilla.errors import AxillaError
    monkeypatch.setitem(__import__("sys").modules, "fastapi", None)   # as if not installed
    with pytest.raises(AxillaError, match=r"pip install 'axilla\[serve\]'"):
        create_app(serve_study.bundle, tmp_path)


def test_request_larger_than_two_files_is_refused_before_reading(client, patient, monkeypatch):
    pid, image, mask, row, _ = patient
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    big = {"image": ("image.nii.gz", b"\0" * (2**20 + 3000)), "mask": ("mask.nii.gz", b"\0")}
    answer = client.post("/predict", data=_entries(row), files=big)
    assert answer.status_code == 413
    assert "larger than the 0.0009537 MiB limit per file" in _refusal(answer.text)
