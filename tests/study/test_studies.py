"""The five seed studies run end to end on small demo cohorts shaped like their papers."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from axilla.demo.run import predict_example
from axilla.demo.studies import STUDIES, prepare_demo
from axilla.report import PERFORMANCE_COLUMNS
from axilla.study.bundle_export import load_models
from axilla.study.run import run_study

# Small cohorts keep the suite fast; each is large enough for LASSO to keep features.
SIZES = {"000_mammography": 120, "001_dce_mri": 160, "002_dce_mri_deep": 140,
         "003_multicentre_mri": 150, "004_ultrasound": 160}


@pytest.mark.slow
@pytest.mark.parametrize("study", sorted(STUDIES))
def test_seed_study_runs_end_to_end(tmp_path, study):
    study_file = prepare_demo(tmp_path, study, n=SIZES[study], seed=7)
    result = run_study(study_file, tmp_path / "run", progress=False)
    run = result.run_dir
    for name in ("report.html", "features.parquet", "failures.csv", "leakage_audit.json",
                 "config.resolved.yaml", "versions.json", "bundle.zip", "bundle/bundle.json"):
        assert (run / name).exists(), name
    performance = pd.read_csv(run / "tables" / "performance.csv")
    assert list(performance.columns) == list(PERFORMANCE_COLUMNS)
    scored = performance.dropna(subset=["auc"])
    assert {"radiomics", "combined"} <= set(scored["model"])
    assert scored["auc"].between(0, 1).all()
    assert (scored["auc_lower"] <= scored["auc"]).all() and (scored["auc"] <= scored["auc_upper"]).all()
    # the synthetic lesions carry real signal: the rad-score beats chance on training
    train = scored[(scored.model == "radiomics") & (scored.cohort == "training")]
    assert float(train["auc"].iloc[0]) > 0.7
    # every fitted step saw training patients only
    audit = json.loads((run / "leakage_audit.json").read_text(encoding="utf-8"))
    cohorts = pd.read_csv(run / "tables" / "predictions.csv").drop_duplicates("patient_id")
    training = set(cohorts.loc[cohorts.cohort == "training", "patient_id"].astype(str))
    assert audit and all(set(r["patient_ids"]) <= training for r in audit)
    models = load_models(run / "bundle.zip")
    assert models.features and "radiomics" in models.pipelines
    # the demo's last step: a held-out patient through its own manifest rows and clinical
    # row and predict_patients reproduces the run's own predictions for that patient
    example = predict_example(tmp_path / "cohort", result)
    assert example.cohort == cohorts.set_index("patient_id").at[example.patient_id, "cohort"] \
        and example.cohort in ("external", "validation")
    expected = pd.read_csv(run / "tables" / "predictions.csv", dtype={"patient_id": str})
    expected = expected[expected.patient_id == example.patient_id].set_index("model")["probability"]
    assert {"radiomics", "combined"} <= set(expected.index)
    for model, probability in expected.items():
        # same bundle, same images: the same float64 arithmetic (tolerance as
        # tests/study/test_predict.py), except that the CNN runs in float32 (eps 1.2e-7) on
        # one image instead of a batch, which reorders its sums: 1e-5 is about 100 eps
        through_cnn = models.deep_state and model in ("deep", "combined")
        np.testing.assert_allclose(example.result[model], probability, rtol=0,
                                   atol=1e-5 if through_cnn else 1e-12, err_msg=model)
    assert example.result["note"] == "" and example.result["risk_group"] in ("high", "low")


def test_training_thresholds_apply_unchanged(tmp_path):
    study_file = prepare_demo(tmp_path, "001_dce_mri", n=160, seed=11)
    run = run_study(study_file, tmp_path / "run", progress=False).run_dir
    performance = pd.read_csv(run / "tables" / "performance.csv").dropna(subset=["threshold"])
    per_model = performance.groupby("model")["threshold"].nunique()
    assert (per_model == 1).all()
    predictions = pd.read_csv(run / "tables" / "predictions.csv")
    assert set(predictions.columns) == {"patient_id", "cohort", "model", "probability"}
    assert np.isfinite(predictions["probability"]).all()
