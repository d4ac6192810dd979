"""`axilla run`: a whole study from the YAML file to the report, tables and bundle.

A run directory holds everything: the resolved config, versions, features.parquet,
failures.csv, warnings.csv, leakage_audit.json, tables/, figures/, bundle/ and report.html.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from axilla.io import raise_if_any, read_table
from axilla.models import audit
from axilla.provenance import versions
from axilla.report import build_report, write_table
from axilla.study import evaluate
from axilla.study.bundle_export import export_bundle
from axilla.study.data import assemble, load_features
from axilla.study.deep_step import add_deep_features
from axilla.study.delta_step import delta_and_radiogenomics
from axilla.study.fit import SCORES, fit_models
from axilla.study.report_inputs import evaluate_study
from axilla.study.split import assign_cohorts
from axilla.study.training_checks import cohort_problems
from axilla.study.validate import validate_study


@dataclass(frozen=True)
class RunResult:
    """Where a run wrote its outputs."""

    run_dir: Path
    report: Path
    bundle: Path
    performance: pd.DataFrame


def run_study(study_path, run_dir=None, *, progress: bool = True) -> RunResult:
    """Run the study described by ``study_path`` into ``run_dir``."""
    study_path = Path(study_path).resolve()
    config, problems = validate_study(study_path)
    raise_if_any(problems, str(study_path))
    root = study_path.parent
    run_dir = Path(run_dir) if run_dir else root / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    resolved = config.model_dump(mode="json")
    (run_dir / "config.resolved.yaml").write_text(yaml.safe_dump(resolved, sort_keys=False), encoding="utf-8")
    (run_dir / "versions.json").write_text(json.dumps(versions(), indent=1), encoding="utf-8")

    features, failures, per_image, warnings = load_features(config, root, run_dir, progress)
    features.reset_index().to_parquet(run_dir / "features.parquet", index=False)
    failures.to_csv(run_dir / "failures.csv", index=False)
    warnings.to_csv(run_dir / "warnings.csv", index=False)
    clinical = read_table(root / config.data.clinical).set_index("patient_id")
    cohort = assign_cohorts(clinical, config.split, config.data.outcome, config.seed)
    data = assemble(config, root, features, failures, per_image, cohort)
    # validate checked the cases cheaply; extraction may have lost more of them
    raise_if_any(cohort_problems(config, data.table, cohort), "the patients with features")

    deep = None
    if config.deep is not None:
        deep, deep_record = add_deep_features(config.deep, data, config.seed, root)
    models = fit_models(data, config, root)
    if deep is not None:
        models.records.append(deep_record)
        audit.check(models.records, data.table.index[~data.is_training])
    audit.to_json(models.records, run_dir / "leakage_audit.json")
    predictions = models.predict(data.table).drop(columns=list(SCORES.values()), errors="ignore")
    thresholds = evaluate.training_thresholds(predictions, data, config.evaluation.threshold,
                                              config.evaluation.target_sensitivity)
    inputs, extra_tables = evaluate_study(config, data, models, predictions, thresholds,
                                          resolved)
    tables = run_dir / "tables"
    for name, table in extra_tables.items():
        write_table(table, tables, name)
    long = predictions.assign(cohort=data.cohort).reset_index().melt(
        id_vars=["patient_id", "cohort"], var_name="model", value_name="probability")
    write_table(long, tables, "predictions")
    inputs.delta = delta_and_radiogenomics(config, root, run_dir, data, models, progress)
    report = build_report(inputs, run_dir)
    bundle = export_bundle(run_dir / "bundle", config, root, data, models, thresholds, deep)
    return RunResult(run_dir, report, bundle, inputs.performance)
