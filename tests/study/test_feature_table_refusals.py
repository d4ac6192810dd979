"""A study that starts from a feature table (data.features) is refused, patient by
patient, where selection and models would crash or count a patient twice: repeated rows,
text, empty and infinite cells (before: a scikit-learn ValueError, or a 'leakage' stop)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from axilla.study.validate import validate_study


def _study(tmp_path, features: pd.DataFrame):
    features.to_csv(tmp_path / "features.csv", index=False)
    ids = sorted(set(features["patient_id"]))
    pd.DataFrame({"patient_id": ids, "aln_status": [i % 2 for i in range(len(ids))]}
                 ).to_csv(tmp_path / "clinical.csv", index=False)
    study = {"name": "t", "data": {"features": "features.csv", "clinical": "clinical.csv"},
             "split": {"method": "random", "ratio": 0.5},
             "selection": {"steps": [{"lasso": {"n_folds": 3}}]},
             "evaluation": {"cv_folds": 3}}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    return tmp_path / "study.yaml"


def test_each_unusable_feature_cell_is_named_by_patient(tmp_path):
    rng = np.random.default_rng(4)
    features = pd.DataFrame(rng.normal(size=(40, 5)),
                            columns=[f"original_firstorder_F{j}" for j in range(5)])
    features.insert(0, "patient_id", [f"P{i:02d}" for i in range(40)])
    features["original_firstorder_F0"] = features["original_firstorder_F0"].astype(object)
    features.loc[3, "original_firstorder_F0"] = "high"
    features.loc[5, ["original_firstorder_F1", "original_firstorder_F2"]] = np.nan
    features.loc[6, "original_firstorder_F3"] = np.inf
    features["scanner"] = "GE"
    features = pd.concat([features, features.iloc[[7]]])
    _, problems = validate_study(_study(tmp_path, features))
    assert sorted(map(str, problems)) == sorted([
        "patient P07: listed twice in features.csv; keep one row per patient",
        "patient P03: 'original_firstorder_F0' is 'high', not a number, in features.csv; "
        "write the number, or drop the feature or the patient",
        "patient P05: no value for 2 feature(s) ('original_firstorder_F1', "
        "'original_firstorder_F2') in features.csv; fill them in, or drop those features or "
        "the patient (nothing is imputed)",
        "patient P06: infinite value of 'original_firstorder_F3' in features.csv; recompute "
        "the feature, or drop it or the patient",
        "features.csv: column 'scanner' holds text, not feature values; move 'scanner' to the "
        "clinical table or drop it"])


def test_a_clean_feature_table_has_no_problem(tmp_path):
    rng = np.random.default_rng(5)
    features = pd.DataFrame(rng.normal(size=(40, 3)), columns=["a_b_c", "d_e_f", "g_h_i"])
    features.insert(0, "patient_id", [f"P{i:02d}" for i in range(40)])
    _, problems = validate_study(_study(tmp_path, features))
    assert problems == []
