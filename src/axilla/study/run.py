"""`axilla run`: a whole study from the YAML file to the report, tables and bundle.

A run directory holds everything: the resolved config, versions, features.parquet,
failures.csv, leakage_audit.json, tables/, figures/, bundle/ and report.html.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from axilla import stats
from axilla.io import raise_if_any, read_table
from axilla.models import audit
from axilla.provenance import versions
from axilla.report import ReportInputs, build_report, write_table
from axilla.stats.group_tests import wilcoxon
from axilla.study import evaluate
from axilla.study.bundle_export import export_bundle
from axilla.study.config import StudyConfig
from axilla.study.data import StudyData, assemble, load_features
from axilla.study.deep_step import add_deep_features
from axilla.study.methods import checklist_facts, study_methods
from axilla.study.fit import (CLINICAL, COMBINED, DEEP, RADIOMICS, SCORES, StudyModels,
                              factor_levels, fit_models, with_scores)
from axilla.study.report_inputs import (cohort_flow, feature_counts, lasso_path, leakage_table,
                                        qc_cases)
from axilla.study.split import assign_cohorts
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
    (run_dir / "config.resolved.yaml").write_text(yaml.safe_dump(resolved, sort_keys=False))
    (run_dir / "versions.json").write_text(json.dumps(versions(), indent=1))

    features, failures, per_image = load_features(config, root, run_dir, progress)
    features.reset_index().to_parquet(run_dir / "features.parquet", index=False)
    failures.to_csv(run_dir / "failures.csv", index=False)
    clinical = read_table(root / config.data.clinical).set_index("patient_id")
    cohort = assign_cohorts(clinical, config.split, config.data.outcome, config.seed)
    data = assemble(config, root, features, failures, per_image, cohort)

    deep = None
    if config.deep is not None:
        deep, deep_record = add_deep_features(config.deep, data, config.seed, root)
    models = fit_models(data, config)
    if deep is not None:
        models.records.append(deep_record)
        audit.check(models.records, data.table.index[~data.is_training])
    audit.to_json(models.records, run_dir / "leakage_audit.json")
    predictions = models.predict(data.table).drop(columns=list(SCORES.values()), errors="ignore")
    thresholds = evaluate.training_thresholds(predictions, data, config.evaluation.threshold)
    inputs, extra_tables = _evaluate(config, data, models, predictions, thresholds, resolved)
    tables = run_dir / "tables"
    for name, table in extra_tables.items():
        write_table(table, tables, name)
    long = predictions.assign(cohort=data.cohort).reset_index().melt(
        id_vars=["patient_id", "cohort"], var_name="model", value_name="probability")
    write_table(long, tables, "predictions")
    report = build_report(inputs, run_dir)
    bundle = export_bundle(run_dir / "bundle", config, root, data, models, thresholds, deep)
    return RunResult(run_dir, report, bundle, inputs.performance)


def _cv_rows(models: StudyModels, cv_folds: int) -> list[dict]:
    cv = models.cv_predictions
    auc = stats.auc_ci(cv["y"], cv["probability"])
    return [{"model": RADIOMICS, "cohort": f"training ({cv_folds}-fold CV)", "n": len(cv),
             "n_positive": int(cv["y"].sum()), "auc": auc.auc, "auc_lower": auc.lower,
             "auc_upper": auc.upper}]


def _evaluate(config: StudyConfig, data: StudyData, models: StudyModels,
              predictions: pd.DataFrame, thresholds: dict, resolved: dict
              ) -> tuple[ReportInputs, dict[str, pd.DataFrame]]:
    ev = config.evaluation
    seed = config.seed
    perf, rocs = evaluate.performance(predictions, data, thresholds, ci=ev.ci,
                                      n_boot=ev.n_boot, seed=seed)
    perf = pd.concat([perf, pd.DataFrame(_cv_rows(models, ev.cv_folds))], ignore_index=True)
    main = [m for m in (CLINICAL, RADIOMICS, DEEP, COMBINED) if m in predictions.columns]
    logistic = {name: model for name, model in ((CLINICAL, models.clinical), (
        COMBINED, models.combined.model if models.combined else None)) if model is not None}
    train = data.table[data.is_training]
    corrected = evaluate.bias_corrected(logistic, with_scores(train, models.pipelines),
                                        data.y[data.is_training].to_numpy(),
                                        ev.calibration_boot, seed)
    curves, calibration = evaluate.calibration(predictions, data, main, corrected)
    extra = {"calibration": calibration}
    radscore = models.radscore(data.table)
    scores = pd.DataFrame({"patient": data.table.index, "cohort": data.cohort.to_numpy(),
                           "score": radscore.to_numpy(), "outcome": data.y.to_numpy()})
    radscore_p = {c: _by_outcome_p(scores[scores.cohort == c]) for c in data.cohorts()
                  if data.y[data.cohort == c].nunique() == 2}
    formula = models.radiomics.steps[-1][1].formula()
    kept = list(formula.table["feature"])
    clinical_columns = _clinical_columns(config, data)
    inputs = ReportInputs(
        name=config.name, description=config.description, seed=seed, versions=versions(),
        config=resolved, methods=study_methods(config, data, models, versions()),
        cohort_flow=cohort_flow(data),
        exclusions=data.exclusions.rename(columns={"patient_id": "patient"}),
        table_one=stats.table_one(data.table[clinical_columns + [data.outcome, "cohort"]],
                                  data.outcome, variables=clinical_columns,
                                  categorical=_categorical(config, data, clinical_columns),
                                  cohorts="cohort") if clinical_columns else None,
        feature_counts=feature_counts(data.features),
        failures=data.failures.rename(columns={"patient_id": "patient"}),
        lasso=lasso_path(models.radiomics),
        coefficients=formula.table.set_index("feature")["coefficient"],
        correlation=data.table.loc[data.is_training, kept].corr(method="spearman")
        if len(kept) > 1 else None,
        radscore_formula=formula.text, radscores=scores, radscore_p=radscore_p,
        performance=perf, roc_curves=rocs,
        delong=evaluate.delong_comparisons(predictions, data, main),
        nomogram=models.combined.nomogram if models.combined else None,
        calibration=curves,
        decision_curves=evaluate.decision_curves(predictions, data, main) if ev.decision_curve
        else None,
        reclassification=evaluate.reclassification(
            predictions, data, [(CLINICAL, COMBINED), (RADIOMICS, COMBINED)])
        if {CLINICAL, COMBINED} <= set(predictions.columns) else None,
        subgroups=evaluate.subgroups(predictions, data, main[-1], ev.subgroups)
        if ev.subgroups else None,
        qc_cases=qc_cases(data),
        leakage_audit=leakage_table(models.records, data),
        checklist_facts=checklist_facts(config, data, versions()),
    )
    if ev.survival is not None:
        model = ev.survival.model if ev.survival.model in predictions.columns else main[-1]
        km, at_risk, p, hazard = evaluate.survival_by_risk(
            predictions, data, model, thresholds[model], ev.survival.time, ev.survival.event)
        inputs.survival, inputs.survival_at_risk, inputs.logrank_p = km, at_risk, p
        extra["cox_risk_group"] = hazard
    return inputs, extra


def _by_outcome_p(scores: pd.DataFrame) -> float:
    """Wilcoxon rank-sum p of the rad-score between outcome groups (R wilcox.test)."""
    groups = [scores.loc[scores.outcome == k, "score"].to_numpy() for k in (0, 1)]
    return wilcoxon(*groups).p_value


def _clinical_columns(config: StudyConfig, data: StudyData) -> list[str]:
    wanted = list(config.models.clinical.candidates) if config.models.clinical else []
    wanted += [s for s in config.evaluation.subgroups if s not in wanted]
    return [c for c in wanted if c in data.table.columns]


def _categorical(config: StudyConfig, data: StudyData, columns: list[str]) -> list[str]:
    declared = set(config.models.clinical.categorical) if config.models.clinical else set()
    return list(factor_levels(data.table, columns, declared))
