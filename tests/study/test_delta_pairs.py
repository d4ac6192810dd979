"""The delta step's pairing of images and its delta-signature study file, on a small demo
cohort (seeds/003 shape): who is paired, who is left out and why, and what is written."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.demo.studies import prepare_demo
from axilla.study.config import read_study
from axilla.study.delta_step import paired_features, write_signature_study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    study_file = prepare_demo(tmp_path_factory.mktemp("delta_pairs"), "003_multicentre_mri",
                              n=24, seed=5)
    config, problems = read_study(study_file)
    assert config is not None, problems
    return config, study_file.parent


def test_a_patient_without_post_images_is_left_out_with_the_reason(study, tmp_path):
    config, root = study
    paired = pd.read_csv(root / "cohort" / "manifest_nac.csv", dtype=str)
    patients = list(dict.fromkeys(paired["patient_id"]))
    assert len(patients) >= 3
    dropped = patients[0]
    paired = paired[~((paired.patient_id == dropped) & (paired.timepoint == "post"))]
    paired.to_csv(root / "cohort" / "manifest_nac.csv", index=False)
    pre, post, excluded = paired_features(config, root, tmp_path, progress=False)
    assert list(pre.index) == list(post.index) == patients[1:]
    assert excluded.to_dict("records") == [
        {"patient_id": dropped, "reason": "no 'post' images in cohort/manifest_nac.csv"}]
    assert list(pre.columns) == list(post.columns) and len(pre.columns) > 100
    # pre and post are different examinations: the lesions shrank
    size = "t1c_tumour_original_shape_MeshVolume"
    assert (post[size] < pre[size]).mean() > 0.5
    assert (tmp_path / "delta" / "failures.csv").exists()


def test_the_signature_study_keeps_complete_columns_and_validates(study, tmp_path):
    config, root = study
    clinical = pd.read_csv(root / "cohort" / "clinical.csv", dtype={"patient_id": str})
    nac = list(clinical.loc[clinical.nac == 1, "patient_id"][:3])
    # one patient without NAC (no outcome): not in the signature's tables
    index = pd.Index([*nac, clinical.loc[clinical.nac == 0, "patient_id"].iloc[0]],
                     name="patient_id")
    delta = pd.DataFrame({"delta_a": [1.0, 2.0, 3.0, 4.0],
                          "reldelta_a": [0.1, np.nan, 0.3, 0.4]}, index=index)
    written = write_signature_study(config, root, tmp_path, delta)
    assert written == ["delta/signature_features.csv", "delta/clinical.csv", "delta/study.yaml"]
    features = pd.read_csv(tmp_path / "signature_features.csv", dtype={"patient_id": str})
    assert list(features.columns) == ["patient_id", "delta_a"]      # reldelta_a has a NaN
    assert list(features["patient_id"]) == nac and len(nac) == 3
    rows = pd.read_csv(tmp_path / "clinical.csv", dtype={"patient_id": str})
    assert list(rows["patient_id"]) == nac and rows["nac_response"].notna().all()
    signature, problems = read_study(tmp_path / "study.yaml")
    assert problems == [] and signature.data.outcome == "nac_response"
    assert str(signature.data.features) == "signature_features.csv"
