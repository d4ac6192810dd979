"""`axilla predict` given what a hurried user types: an id that matches no clinical row,
--image beside --manifest, a mask path that does not exist."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.demo.studies import prepare_demo
from axilla.errors import InputError
from axilla.study.predict import predict_patients
from axilla.study.run import run_study


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("predict_slips")
    study_file = prepare_demo(folder, "001_dce_mri", n=160, seed=13)
    run = run_study(study_file, folder / "run", progress=False)
    manifest = pd.read_csv(folder / "cohort" / "manifest.csv").iloc[0]
    image, mask = folder / "cohort" / manifest["image"], folder / "cohort" / manifest["mask"]
    return run.bundle, image, mask, manifest["patient_id"], folder / "cohort" / "clinical.csv"


def _one_row(clinical, pid, where):
    table = pd.read_csv(clinical, dtype={"patient_id": str})
    table[table.patient_id == pid].to_csv(where, index=False)
    return where


def test_clinical_table_matching_no_patient_is_refused_before_extraction(demo, tmp_path):
    bundle, image, mask, pid, clinical = demo
    row = _one_row(clinical, pid, tmp_path / "row.csv")
    # without --patient the id is the image name ('P0001_dce2'), not the table's 'P0001'
    with pytest.raises(InputError) as refused:
        predict_patients(bundle, image=image, mask=mask, clinical=row, output=tmp_path / "o.csv")
    message = str(refused.value)
    assert f"values are: {pid}" in message and "--patient" in message and "row.csv" in message
    assert not (tmp_path / "o.csv").exists()
    # the same call with --patient gives the combined model's number
    out = predict_patients(bundle, image=image, mask=mask, clinical=row, patient_id=pid)
    assert np.isfinite(out.loc[pid, "combined"])


def test_image_beside_a_manifest_is_refused(demo, tmp_path):
    bundle, image, mask, pid, _ = demo
    with pytest.raises(InputError, match="both given"):
        predict_patients(bundle, image=image, mask=mask, manifest=tmp_path / "m.csv",
                         output=tmp_path / "o.csv")


def test_missing_mask_gives_a_row_with_the_reason_and_no_page(demo, tmp_path):
    bundle, image, _, pid, _ = demo
    out = predict_patients(bundle, image=image, mask=tmp_path / "absent.nii.gz",
                           patient_id=pid, output=tmp_path / "o.csv")
    assert np.isnan(out.loc[pid, "combined"])
    assert out.loc[pid, "note"].startswith("extraction failed: file not found")
    written = pd.read_csv(tmp_path / "o.csv", dtype={"patient_id": str})
    assert list(written.patient_id) == [pid]
    assert not list((tmp_path / "patients").glob("*.html"))
