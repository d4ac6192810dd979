"""A study can start from a feature table made by another tool; clinical gaps are imputed
on the training cohort only."""
from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from axilla.study.run import run_study


def test_study_from_a_feature_table_with_imputed_clinical_gaps(tmp_path, seed):
    rng = np.random.default_rng(seed)
    n = 200
    y = (rng.random(n) < 0.4).astype(int)
    ids = [f"X{i:03d}" for i in range(n)]
    features = pd.DataFrame(rng.normal(size=(n, 20)),
                            columns=[f"original_firstorder_F{j:02d}" for j in range(20)])
    features.iloc[:, :4] += 0.9 * y[:, None]           # four informative features
    features.insert(0, "patient_id", ids)
    features.to_parquet(tmp_path / "features.parquet", index=False)
    age = rng.normal(55 - 4 * y, 10).round()
    age[rng.choice(n, 15, replace=False)] = np.nan      # gaps to impute
    pd.DataFrame({"patient_id": ids, "aln_status": y, "age": age,
                  "mri_ln_status": (rng.random(n) < 0.2 + 0.35 * y).astype(int)}
                 ).to_csv(tmp_path / "clinical.csv", index=False)
    study = {"name": "feature-table study", "seed": 5,
             "data": {"features": "features.parquet", "clinical": "clinical.csv"},
             "split": {"method": "random", "ratio": 0.7},
             "selection": {"steps": [{"icc": {"table": "icc.csv", "threshold": 0.75}},
                                     {"lasso": {"n_folds": 5, "lambda_rule": "min"}}]},
             "models": {"clinical": {"candidates": ["age", "mri_ln_status"],
                                     "missing": "impute", "screening_p": 1.0}},
             "evaluation": {"cv_folds": 5, "calibration_boot": 20}}
    # a robustness table: two informative features are not reproducible (ICC < 0.75)
    pd.DataFrame({"feature": features.columns[1:], "icc": [0.5, 0.6] + [0.9] * 18}
                 ).to_csv(tmp_path / "icc.csv", index=False)
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    result = run_study(tmp_path / "study.yaml", tmp_path / "run", progress=False)
    performance = pd.read_csv(result.run_dir / "tables" / "performance.csv")
    rows = performance.dropna(subset=["auc"]).set_index(["model", "cohort"])
    assert rows.loc[("radiomics", "validation"), "auc"] > 0.7   # the signal is real
    predictions = pd.read_csv(result.run_dir / "tables" / "predictions.csv")
    assert predictions.loc[predictions.model == "clinical", "probability"].notna().all()
    assert (result.run_dir / "report.html").exists()
    kept = pd.read_csv(result.run_dir / "tables" / "coefficients.csv").iloc[:, 0].tolist()
    assert kept and not {"original_firstorder_F00", "original_firstorder_F01"} & set(kept)
