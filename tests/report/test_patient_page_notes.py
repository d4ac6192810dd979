"""`axilla predict`'s notes on the patient pages: a warning box above the risk."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from axilla.demo.studies import prepare_demo
from axilla.report import PatientPrediction, patient_page
from axilla.study.bundle_export import load_models
from axilla.study.run import run_study

BOX = '<section class="warning"'


def _warning_text(page: str) -> str:
    """The warning box's text, tags removed and entities decoded ('' when there is none)."""
    box = re.search(r'<section class="warning".*?</section>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", box.group())) if box else ""


def test_notes_stand_escaped_in_a_box_above_the_risk():
    note = "'grade' = <script>alert(1)</script> was not seen in training"
    page = patient_page(PatientPrediction("P017", 0.62, "combined", threshold=0.41,
                                          notes=[note, "second note"]))
    assert "<script" not in page and "&lt;script&gt;" in page
    assert page.index(BOX) < page.index("62.0%")
    assert re.findall(r"<li>(.*?)</li>", page) == [
        html.escape(note), "second note"]
    assert "http://" not in page and "https://" not in page


def test_a_model_not_applied_is_named_with_the_model_whose_risk_is_shown():
    page = patient_page(PatientPrediction("P017", 0.3, "radiomics", threshold=0.5,
                                          notes=["no clinical row for this patient"],
                                          not_applied="combined"))
    assert ("The combined model could not be applied : the risk below is the radiomics "
            "model's.") in _warning_text(page)


def test_a_prediction_without_notes_has_no_box():
    page = patient_page(PatientPrediction("P017", 0.62, "combined", threshold=0.41))
    assert BOX not in page and _warning_text(page) == ""


@pytest.fixture(scope="module")
def predicted(tmp_path_factory):
    """`axilla predict` on three training patients of the demo: one image scaled x1000,
    one clinical value blanked, one as trained; the bundle, CSV table and page folder."""
    import SimpleITK as sitk
    from typer.testing import CliRunner

    from axilla.cli import app
    folder = tmp_path_factory.mktemp("page_notes")
    run = run_study(prepare_demo(folder, "001_dce_mri", n=80, seed=13), folder / "run",
                    progress=False)
    fitted = pd.read_csv(run.run_dir / "tables" / "predictions.csv", dtype={"patient_id": str})
    scaled, blank, ordinary = fitted.loc[fitted.cohort == "training", "patient_id"].unique()[:3]
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv", dtype={"patient_id": str})
    manifest = manifest[manifest.patient_id.isin([scaled, blank, ordinary])].copy()
    for column in ("image", "mask"):
        manifest[column] = [str(folder / "cohort" / p) for p in manifest[column]]
    row = manifest.index[manifest.patient_id == scaled][0]
    image = sitk.ReadImage(manifest.at[row, "image"], sitk.sitkFloat64)
    sitk.WriteImage(image * 1000.0, str(folder / "scaled.nii.gz"))
    manifest.at[row, "image"] = str(folder / "scaled.nii.gz")
    manifest.to_csv(folder / "manifest.csv", index=False)
    models = load_models(run.bundle)
    term = next(t for t in models.clinical.spec.terms if t in models.content["predictor_ranges"])
    clinical = pd.read_csv(folder / "cohort" / "clinical.csv", dtype={"patient_id": str})
    clinical.loc[clinical.patient_id == blank, term] = None
    clinical.to_csv(folder / "clinical.csv", index=False)
    out = folder / "out" / "predictions.csv"
    done = CliRunner().invoke(app, ["predict", "--bundle", str(run.bundle), "--manifest",
                                    str(folder / "manifest.csv"), "--clinical",
                                    str(folder / "clinical.csv"), "-o", str(out)])
    assert done.exit_code == 1, done.output   # the blanked patient has no combined risk
    table = pd.read_csv(out, dtype={"patient_id": str}, keep_default_na=False)
    pages = {pid: (out.parent / "patients" / f"{pid}.html").read_text(encoding="utf-8")
             for pid in (scaled, blank, ordinary)}
    return models, term, table.set_index("patient_id"), pages, (scaled, blank, ordinary)


def test_far_image_features_are_named_on_the_page(predicted):
    models, _, table, pages, (scaled, _, _) = predicted
    note = table.at[scaled, "note"]
    named = [name for name in models.content["feature_ranges"] if f"{name} = " in note]
    assert named and "far outside the training data" in note
    box = _warning_text(pages[scaled])
    assert note in box and all(f"{name} = " in box for name in named)
    assert "could not be applied" not in box   # extrapolated, but the combined model's risk
    assert f"{float(table.at[scaled, 'combined']):.1%}" in pages[scaled]


def test_a_missing_clinical_value_is_named_and_the_fallback_risk_says_so(predicted):
    _, term, table, pages, (_, blank, _) = predicted
    assert table.at[blank, "combined"] == ""
    box = _warning_text(pages[blank])
    assert f"'{term}' is missing" in box and "(clinical and combined models not applied)" in box
    assert ("The combined model could not be applied : the risk below is the radiomics "
            "model's.") in box
    assert f"{float(table.at[blank, 'radiomics']):.1%}" in pages[blank]
    assert "Axilla prediction · radiomics" in pages[blank]


def test_an_ordinary_patient_has_no_warning_box(predicted):
    _, _, table, pages, (_, _, ordinary) = predicted
    assert table.at[ordinary, "note"] == ""
    assert BOX not in pages[ordinary]
    assert f"{float(table.at[ordinary, 'combined']):.1%}" in pages[ordinary]
