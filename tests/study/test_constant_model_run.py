"""Studies from a feature table whose clinical model predicts a few values or one: `axilla
run` used to stop in the calibration step ("p-value nan is not a probability" when the
Hosmer-Lemeshow groups collapsed to 2, "array of sample points is empty" in the optimism
bootstrap of a clinical model that kept no variable). Now the run finishes: the test that
is not defined is reported as such, and the intercept-only model is named in the tables and
the report's methods, with AUC 0.5 and no calibration numbers."""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
import yaml

from axilla.study.run import run_study


def _study(tmp_path, seed: int, n: int, clinical: dict, models: dict, calibration_boot: int):
    """A feature table (4 of 20 features informative) and a clinical table; ``clinical``
    maps column -> function(rng, y) giving its values."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(int)
    ids = [f"X{i:03d}" for i in range(n)]
    features = pd.DataFrame(rng.normal(size=(n, 20)),
                            columns=[f"original_firstorder_F{j:02d}" for j in range(20)])
    features.iloc[:, :4] += 0.9 * y[:, None]
    features.insert(0, "patient_id", ids)
    features.to_parquet(tmp_path / "features.parquet", index=False)
    table = {"patient_id": ids, "aln_status": y}
    for column, values in clinical.items():
        table[column] = values(rng, y)
    pd.DataFrame(table).to_csv(tmp_path / "clinical.csv", index=False)
    study = {"name": "noise", "seed": 5,
             "data": {"features": "features.parquet", "clinical": "clinical.csv"},
             "split": {"method": "random", "ratio": 0.7},
             "selection": {"steps": [{"lasso": {"n_folds": 5, "lambda_rule": "min"}}]},
             "models": {"clinical": models},
             "evaluation": {"cv_folds": 5, "calibration_boot": calibration_boot}}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    return run_study(tmp_path / "study.yaml", tmp_path / "run", progress=False).run_dir


def _noise_age(rng, y):
    age = rng.normal(55, 10, y.size).round()
    age[rng.choice(y.size, y.size // 12, replace=False)] = np.nan
    return age


def test_a_binary_clinical_model_gets_no_hosmer_lemeshow_p_where_its_groups_collapse(tmp_path):
    """Stepwise keeps the binary MRI node status only: two predicted risks, which the
    validation cohort's deciles cut into 2 groups (df 0, where R's p is 0)."""
    run = _study(tmp_path, 3, 80, {
        "age": _noise_age,
        "mri_ln_status": lambda rng, y: (rng.random(y.size) < 0.15 + 0.5 * y).astype(int)},
        {"candidates": ["age", "mri_ln_status"], "missing": "impute", "screening_p": 1.0}, 20)
    odds = pd.read_csv(run / "tables" / "odds_ratios.csv")
    assert odds.loc[odds.model == "clinical", "term"].tolist() == ["mri_ln_status1"]
    table = pd.read_csv(run / "tables" / "calibration.csv").set_index(["model", "cohort"])
    clinical = table.loc[("clinical", "validation")]
    assert clinical["note"] == ("Hosmer-Lemeshow is not defined: the 2 distinct prediction(s) "
                                "form 2 quantile group(s) and the test needs 3 (df = groups - "
                                "2); the test needs predictions that take several values")
    assert np.isnan(clinical["hl_p"]) and np.isnan(clinical["hl_df"])
    assert np.isfinite(clinical[["slope", "intercept", "brier"]].astype(float)).all()
    # the other models keep their test: 10 groups, df 8
    assert table.loc[("radiomics", "validation"), "hl_df"] == 8
    assert 0 < table.loc[("radiomics", "validation"), "hl_p"] < 1
    summary = pd.read_csv(run / "tables" / "calibration_summary.csv")
    assert summary.loc[summary.model == "clinical", "hl_p"].isna().all()
    assert (run / "report.html").exists()


def test_a_clinical_model_that_kept_no_variable_is_reported_as_intercept_only(tmp_path):
    """Pure-noise candidates: none passes screening, the clinical model is y ~ 1 and
    predicts the training prevalence for everyone."""
    run = _study(tmp_path, 1, 80, {
        "age": lambda rng, y: rng.normal(55, 10, y.size).round(),
        "size": lambda rng, y: rng.normal(20, 5, y.size).round(1)},
        {"candidates": ["age", "size"]}, 10)
    predictions = pd.read_csv(run / "tables" / "predictions.csv", dtype={"patient_id": str})
    clinical = predictions.loc[predictions.model == "clinical"]
    outcome = pd.read_csv(tmp_path / "clinical.csv", index_col="patient_id")["aln_status"]
    prevalence = outcome[clinical.loc[clinical.cohort == "training", "patient_id"]].mean()
    assert clinical["probability"].nunique() == 1
    assert clinical["probability"].iloc[0] == pytest.approx(prevalence, rel=1e-9)   # IRLS
    performance = pd.read_csv(run / "tables" / "performance.csv")
    rows = performance[performance.model == "clinical"]
    assert rows["cohort"].tolist() == ["training", "validation"]
    assert (rows["auc"] == 0.5).all()                        # every pair of patients tied
    assert rows[["threshold", "sensitivity", "specificity", "f1"]].isna().all().all()
    radiomics = performance[(performance.model == "radiomics")
                            & performance.cohort.isin(["training", "validation"])]
    assert radiomics["threshold"].notna().all() and len(radiomics) == 2
    table = pd.read_csv(run / "tables" / "calibration.csv")
    rows = table[table.model == "clinical"]
    assert rows["cohort"].tolist() == ["training", "validation"]
    assert (rows["note"] == "not defined (intercept-only model)").all()
    numbers = ["intercept", "slope", "brier", "ici", "hl_statistic", "hl_df", "hl_p"]
    assert rows[numbers].isna().all().all()
    summary = pd.read_csv(run / "tables" / "calibration_summary.csv")
    assert "clinical" not in set(summary["model"])          # no curve is drawn
    odds = pd.read_csv(run / "tables" / "odds_ratios.csv")
    assert odds["term"].tolist() == ["radscore"]            # the combined model: radscore alone
    report = html.unescape((run / "report.html").read_text(encoding="utf-8"))
    assert ("The clinical model's selection kept no predictor: it is the intercept-only model, "
            "which gives every patient the training prevalence as the predicted risk (AUC 0.5; "
            "no threshold separates patients, so no threshold metric is given). Its calibration "
            "(slope, curve, Hosmer-Lemeshow test) is not defined (intercept-only model). The "
            "combined model therefore holds the signature score(s) alone.") in report
