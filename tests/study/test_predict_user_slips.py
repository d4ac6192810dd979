"""`axilla predict` given what a hurried user types: an id that matches no clinical row,
--image beside --manifest, a mask path that does not exist; and a feature table instead
of images (the only way to use a bundle trained on one)."""
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
    return (run.bundle, image, mask, manifest["patient_id"], folder / "cohort" / "clinical.csv",
            run.run_dir)


def _one_row(clinical, pid, where):
    table = pd.read_csv(clinical, dtype={"patient_id": str})
    table[table.patient_id == pid].to_csv(where, index=False)
    return where


def test_clinical_table_matching_no_patient_is_refused_before_extraction(demo, tmp_path):
    bundle, image, mask, pid, clinical, _ = demo
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
    bundle, image, mask, pid, *_ = demo
    with pytest.raises(InputError, match="both given"):
        predict_patients(bundle, image=image, mask=mask, manifest=tmp_path / "m.csv",
                         output=tmp_path / "o.csv")


def test_missing_mask_gives_a_row_with_the_reason_and_no_page(demo, tmp_path):
    bundle, image, _, pid, *_ = demo
    out = predict_patients(bundle, image=image, mask=tmp_path / "absent.nii.gz",
                           patient_id=pid, output=tmp_path / "o.csv")
    assert np.isnan(out.loc[pid, "combined"])
    assert out.loc[pid, "note"].startswith("extraction failed: file not found")
    written = pd.read_csv(tmp_path / "o.csv", dtype={"patient_id": str})
    assert list(written.patient_id) == [pid]
    assert not list((tmp_path / "patients").glob("*.html"))


def test_feature_table_gives_the_fitted_models_probabilities(demo, tmp_path):
    bundle, *_, clinical, run_dir = demo
    out = predict_patients(bundle, features=run_dir / "features.parquet", clinical=clinical,
                           output=tmp_path / "o.csv")
    fitted = pd.read_csv(run_dir / "tables" / "predictions.csv", dtype={"patient_id": str})
    fitted = fitted.pivot(index="patient_id", columns="model", values="probability")
    assert len(out) == len(fitted) == 160
    for model in fitted.columns:   # the in-memory models of the run; same arithmetic
        given = out[model].notna()
        assert given.mean() > 0.8, model
        np.testing.assert_allclose(out.loc[given, model], fitted.loc[out.index[given], model],
                                   rtol=0, atol=1e-12, err_msg=model)


def test_feature_table_cells_and_columns_are_checked(demo, tmp_path):
    bundle, *_, run_dir = demo
    table = pd.read_parquet(run_dir / "features.parquet")
    column = table.columns[5]
    table[column] = table[column].astype(object)
    table.loc[3, column] = "n/a"
    table.to_csv(tmp_path / "text.csv", index=False)
    with pytest.raises(InputError, match=f"patient {table.patient_id[3]}: feature '{column}'"):
        predict_patients(bundle, features=tmp_path / "text.csv")
    table.drop(columns=[column]).to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(InputError, match=f"1 of the bundle's .* features are not columns .*{column}"):
        predict_patients(bundle, features=tmp_path / "short.csv")
