"""A bundle reloaded in a fresh process predicts exactly what the fitted models did."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from axilla.demo.studies import prepare_demo
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
    subprocess.run([sys.executable, "-m", "axilla", "predict", "--bundle",
                    str(result.bundle.with_suffix(".zip")), "--manifest",
                    str(tmp_path / "validation.csv"), "--clinical",
                    str(folder / "cohort" / "clinical.csv"), "-o", str(out)], check=True)
    fresh = pd.read_csv(out, dtype={"patient_id": str}).set_index("patient_id")
    memory = pd.read_csv(result.run_dir / "tables" / "predictions.csv", dtype={"patient_id": str})
    memory = memory[memory.cohort == "validation"].pivot(index="patient_id", columns="model",
                                                        values="probability")
    assert len(memory) == len(validation) > 10
    fresh = fresh.loc[memory.index]
    notes = fresh["note"].fillna("").astype(str)
    refused = notes != ""
    # a validation patient outside the training range of a clinical predictor is refused
    assert notes[refused].str.contains("outside the training range|missing").all()
    assert refused.mean() < 0.2
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
