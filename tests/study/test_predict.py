"""A bundle reloaded in a fresh process predicts exactly what the fitted models did."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from axilla.demo.studies import prepare_demo
from axilla.study.bundle_export import load_models
from axilla.study.run import run_study


@pytest.fixture(scope="module")
def fitted_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("predict")
    study_file = prepare_demo(folder, "001_dce_mri", n=160, seed=13)
    return folder, run_study(study_file, folder / "run", progress=False)


def test_reloaded_bundle_matches_in_memory_predictions(fitted_run, tmp_path):
    folder, result = fitted_run
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv")
    validation = manifest[manifest.cohort == "validation"].copy()
    validation["image"] = [str(folder / "cohort" / p) for p in validation["image"]]
    validation["mask"] = [str(folder / "cohort" / p) for p in validation["mask"]]
    validation.to_csv(tmp_path / "validation.csv", index=False)
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "axilla", "predict", "--bundle",
                           str(result.bundle.with_suffix(".zip")), "--manifest",
                           str(tmp_path / "validation.csv"), "--clinical",
                           str(folder / "cohort" / "clinical.csv"), "-o", str(out)])
    fresh = pd.read_csv(out, dtype={"patient_id": str}).set_index("patient_id")
    memory = pd.read_csv(result.run_dir / "tables" / "predictions.csv", dtype={"patient_id": str})
    memory = memory[memory.cohort == "validation"].pivot(index="patient_id", columns="model",
                                                        values="probability")
    assert len(memory) == len(validation) > 10
    fresh = fresh.loc[memory.index]
    notes = fresh["note"].fillna("").astype(str)
    refused = notes.str.contains("models not applied")
    # a validation patient outside the training range of a clinical predictor is refused,
    # and then the command exits 1 after writing every row
    assert notes[refused].str.contains("outside the training range|missing").all()
    assert refused.mean() < 0.2
    assert done.returncode == (1 if refused.any() else 0)
    for model in memory.columns:
        rows = ~refused if model in ("clinical", "combined") else slice(None)
        np.testing.assert_allclose(fresh.loc[rows, model], memory.loc[rows, model],
                                   rtol=0, atol=1e-12, err_msg=model)
    assert set(fresh.loc[~refused, "risk_group"]) <= {"high", "low"}
    assert (tmp_path / "patients").is_dir() and len(list((tmp_path / "patients").glob("*.html"))) == len(memory)


def test_out_of_range_clinical_values_get_a_note_not_a_number(fitted_run, tmp_path):
    folder, result = fitted_run
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv").head(1)
    pid = manifest.patient_id.iloc[0]
    clinical = pd.read_csv(folder / "cohort" / "clinical.csv")
    row = clinical[clinical.patient_id == pid].copy()
    from axilla.study.predict import predict_patients
    case = folder / "cohort" / manifest.image.iloc[0], folder / "cohort" / manifest["mask"].iloc[0]
    terms = result_terms(result)
    assert terms, "the demo's clinical model keeps MRI-reported LN status at least"
    term = terms[0]
    row[term] = 99999 if pd.api.types.is_numeric_dtype(row[term]) else "unknown-level"
    row.to_csv(tmp_path / "row.csv", index=False)
    out = predict_patients(result.bundle, image=case[0], mask=case[1], clinical=tmp_path / "row.csv",
                           patient_id=pid, output=tmp_path / "one.csv")
    assert np.isnan(out.loc[pid, "combined"]) and np.isfinite(out.loc[pid, "radiomics"])
    assert f"'{term}'" in out.loc[pid, "note"]


def result_terms(result):
    from axilla.study.bundle_export import load_models
    clinical = load_models(result.bundle).clinical
    return list(clinical.spec.terms) if clinical is not None else []


def test_the_study_report_opens_cleanly_in_a_browser(fitted_run):
    """The real study report (not a synthetic one): no console error, every image loads,
    every section of the contents is there."""
    from pathlib import Path
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no browser: /usr/bin/chromium is absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    _, result = fitted_run
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(result.report.resolve().as_uri(), wait_until="load")
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        links = page.eval_on_selector_all("nav a[href^='#'], .toc a[href^='#']",
                                          "as => as.map(a => a.getAttribute('href').slice(1))")
        missing = [t for t in links if page.query_selector(f"[id='{t}']") is None]
        browser.close()
    assert errors == []
    assert len(widths) >= 10 and all(w > 0 for w in widths)
    assert len(links) >= 15 and missing == []


def _manifest_of(folder, patients, where):
    """The demo manifest's rows of ``patients`` with absolute paths, as a new CSV."""
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv", dtype={"patient_id": str})
    rows = manifest[manifest.patient_id.isin(patients)].copy()
    for column in ("image", "mask"):
        rows[column] = [str(folder / "cohort" / p) for p in rows[column]]
    rows.to_csv(where, index=False)
    return where


def test_numeric_only_clinical_row_reproduces_the_training_prediction(fitted_run, tmp_path):
    """Issue 11: all-numeric clinical CSVs were read as floats (grade 2.0 against the
    training level "2"), reported "not seen in training", and left the main model blank."""
    from typer.testing import CliRunner

    from axilla.cli import app
    folder, result = fitted_run
    spec = load_models(result.bundle).clinical.spec
    assert {"mri_ln_status": ("0", "1"), "grade": ("1", "2", "3")}.items() <= spec.levels.items()
    predictions = pd.read_csv(result.run_dir / "tables" / "predictions.csv",
                              dtype={"patient_id": str})
    with_row, without_row = predictions.loc[predictions.cohort == "training",
                                            "patient_id"].unique()[:2]
    clinical = pd.read_csv(folder / "cohort" / "clinical.csv", dtype={"patient_id": str})
    row = clinical[clinical.patient_id == with_row].select_dtypes("number").drop(
        columns="aln_status")
    row.insert(0, "patient_id", with_row)
    row.to_csv(tmp_path / "numeric.csv", index=False)
    out = tmp_path / "out.csv"
    run = CliRunner().invoke(app, ["predict", "--bundle", str(result.bundle), "--manifest",
                                   str(_manifest_of(folder, [with_row, without_row],
                                                    tmp_path / "manifest.csv")),
                                   "--clinical", str(tmp_path / "numeric.csv"), "-o", str(out)])
    fresh = pd.read_csv(out, dtype={"patient_id": str}, keep_default_na=False).set_index("patient_id")
    expected = predictions[predictions.patient_id == with_row].set_index("model")["probability"]
    assert set(expected.index) == {"radiomics", "logistic", "clinical", "combined"}
    for model, probability in expected.items():
        # same patient, same bundle: the very same arithmetic (tolerance as the test above)
        np.testing.assert_allclose(float(fresh.loc[with_row, model]), probability,
                                   rtol=0, atol=1e-12, err_msg=model)
    assert fresh.loc[with_row, "note"] == ""
    assert fresh.loc[with_row, "risk_group"] in ("high", "low")
    assert fresh.loc[without_row, "note"] == ("no clinical row for this patient "
                                              "(clinical and combined models not applied)")
    assert fresh.loc[without_row, "combined"] == "" and fresh.loc[without_row, "risk_group"] == ""
    # the console says which model was not applied, what was given instead, and why
    radiomics = float(fresh.loc[without_row, "radiomics"])
    assert (f"{without_row}: combined model not applied; radiomics model risk {radiomics:.3f} "
            "— no clinical row for this patient") in run.output
    assert f"{with_row}: combined risk {expected['combined']:.3f}" in run.output
    assert run.exit_code == 1 and f"1 of 2 patient(s) got no combined model prediction ({without_row})" in run.output


def test_intensities_times_1000_are_flagged_not_refused(fitted_run, tmp_path):
    """Issue 11: radiomic inputs far outside training gave a probability with no note."""
    import SimpleITK as sitk

    from axilla.study.predict import FEATURE_Z_BOUND, predict_patients
    folder, result = fitted_run
    predictions = pd.read_csv(result.run_dir / "tables" / "predictions.csv",
                              dtype={"patient_id": str})
    pid = predictions.loc[predictions.cohort == "training", "patient_id"].iloc[0]
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv", dtype={"patient_id": str})
    case = manifest[manifest.patient_id == pid].iloc[0]
    image = sitk.ReadImage(str(folder / "cohort" / case["image"]), sitk.sitkFloat64)
    sitk.WriteImage(image * 1000.0, str(tmp_path / "scaled.nii.gz"))
    ranges = load_models(result.bundle).content["feature_ranges"]
    assert {"min", "max", "mean", "sd"} == set(next(iter(ranges.values())))
    outs = {name: predict_patients(result.bundle, image=path, mask=folder / "cohort" / case["mask"],
                                   patient_id=pid, output=tmp_path / f"{name}.csv")
            for name, path in (("original", folder / "cohort" / case["image"]),
                               ("scaled", tmp_path / "scaled.nii.gz"))}
    # a training patient lies inside every training range: no feature note
    assert "far outside the training data" not in outs["original"].loc[pid, "note"]
    note = outs["scaled"].loc[pid, "note"]
    assert f"far outside the training data (outside its range and over {FEATURE_Z_BOUND:g} SD" in note
    named = [name for name in ranges if f"{name} = " in note]
    assert named and not [n for n in named if "_shape_" in n]   # shape ignores intensities
    assert np.isfinite(outs["scaled"].loc[pid, "radiomics"])     # flagged, still given


def test_predict_with_verify_key_refuses_unsigned_and_accepts_signed(fitted_run, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from axilla.cli import app
    folder, result = fitted_run
    bundle = tmp_path / "bundle"
    shutil.copytree(result.bundle, bundle)
    runner = CliRunner()
    keys = runner.invoke(app, ["bundle-keygen", "--private", str(tmp_path / "k.pem"),
                               "--public", str(tmp_path / "k.pub.pem")])
    assert keys.exit_code == 0, keys.output
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv", dtype={"patient_id": str})
    args = ["predict", "--manifest", str(_manifest_of(folder, manifest.patient_id[:1],
                                                       tmp_path / "m.csv")),
            "--verify-key", str(tmp_path / "k.pub.pem"), "-o", str(tmp_path / "o.csv")]
    unsigned = runner.invoke(app, [*args, "--bundle", str(bundle)])
    assert unsigned.exit_code == 1 and "the bundle is not signed" in str(unsigned.exception)
    assert runner.invoke(app, ["bundle-sign", str(bundle), "--key", str(tmp_path / "k.pem")]).exit_code == 0
    signed = runner.invoke(app, [*args, "--bundle", str(bundle.with_suffix(".zip"))])
    assert "the bundle is not signed" not in signed.output and (tmp_path / "o.csv").exists()


def test_notes_show_numbers_as_written_whatever_the_other_columns():
    """An all-numeric row used to print 'grade' = np.float64(7.0) (iterrows made it float64)."""
    from axilla.study.predict import _check_clinical
    ranges = {"grade": {"levels": ["1", "2", "3"]}, "age": {"min": 30.0, "max": 80.0}}
    numeric = pd.DataFrame({"grade": [7], "age": [99.5]}).iloc[0]
    assert _check_clinical(numeric, ranges) == [
        "'grade' = 7 was not seen in training (levels ['1', '2', '3'])",
        "'age' = 99.5 is outside the training range [30, 80]"]
    text = pd.DataFrame({"grade": ["G7"], "age": ["sixty"]}).iloc[0]
    assert _check_clinical(text, ranges) == [
        "'grade' = 'G7' was not seen in training (levels ['1', '2', '3'])",
        "'age' = 'sixty' is not a number"]
