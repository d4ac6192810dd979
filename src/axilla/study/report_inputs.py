"""Gather a study's results into :class:`axilla.report.ReportInputs`: the statistics come
from :mod:`axilla.study.evaluate`, the figures are drawn by the report."""
from __future__ import annotations

import numpy as np
import pandas as pd
import SimpleITK as sitk

from axilla import stats
from axilla.io import Case, load_case
from axilla.models.audit import AuditRecord
from axilla.provenance import versions
from axilla.report.inputs import LassoPath, QcCase, ReportInputs
from axilla.stats.group_tests import wilcoxon
from axilla.stats.table_one import wide_table_one
from axilla.study import evaluate
from axilla.study.config import StudyConfig
from axilla.study.data import StudyData
from axilla.study.fit import (CLINICAL, COMBINED, DEEP, RADIOMICS, StudyModels, factor_levels,
                              with_scores)
from axilla.study.methods import checklist_facts, study_methods

QC_PER_COHORT = 18


def cohort_flow(data: StudyData) -> pd.DataFrame:
    """Patients and positives per cohort, plus the excluded count."""
    rows = [{"cohort": c, "n_patients": int((data.cohort == c).sum()),
             "n_positive": int(data.y[data.cohort == c].sum())} for c in data.cohorts()]
    rows.append({"cohort": "excluded", "n_patients": len(data.exclusions), "n_positive": np.nan})
    return pd.DataFrame(rows)


def feature_counts(features: list[str]) -> pd.DataFrame:
    """Counts per image type (rows) x family (columns) from PyRadiomics-style names."""
    parts = [name.split("_") for name in features]
    frame = pd.DataFrame({"image_type": ["_".join(p[:-2]) for p in parts],
                          "family": [p[-2] if len(p) >= 3 else "other" for p in parts]})
    return pd.crosstab(frame["image_type"], frame["family"])


def lasso_path(radiomics) -> LassoPath | None:
    """The rad-score's cross-validated LASSO as the report draws it."""
    model = radiomics.steps[-1][1]
    cv = getattr(getattr(model, "selector_", None), "cv_", None)
    if cv is None:
        return None
    names = list(getattr(model, "feature_names_in_", []))
    return LassoPath(cv.lambdas, cv.cvm, cv.cvsd, cv.lambda_min, cv.lambda_1se,
                     cv.path.coefs * model.sd_[:, None], names)


def leakage_table(records: list[AuditRecord], data: StudyData) -> pd.DataFrame:
    """One row per fitted step: patients it saw and how many were not training patients."""
    held_out = set(map(str, data.table.index[~data.is_training]))
    return pd.DataFrame([{"step": r.step, "estimator": r.estimator, "n_patients": len(r.patient_ids),
                          "outside_training": len(held_out.intersection(r.patient_ids))}
                         for r in records])


def qc_cases(data: StudyData, limit: int = QC_PER_COHORT) -> list[QcCase]:
    """Largest ROI slice of the first patients of each cohort, for the contact sheet."""
    if data.per_image.empty:
        return []
    firsts = data.per_image.drop_duplicates("patient_id").set_index("patient_id")
    cases = []
    for cohort in data.cohorts():
        patients = [p for p in data.table.index[data.cohort == cohort] if p in firsts.index]
        for pid in patients[:limit]:
            image, mask = load_case(Case(**firsts.loc[pid, "_case"]))
            mask_array = sitk.GetArrayFromImage(mask)
            k = int(np.argmax(mask_array.reshape(mask_array.shape[0], -1).sum(axis=1)))
            cases.append(QcCase(f"{pid} ({cohort})", sitk.GetArrayFromImage(image)[k],
                                mask_array[k]))
    return cases


def _cv_rows(models: StudyModels, cv_folds: int) -> list[dict]:
    cv = models.cv_predictions
    auc = stats.auc_ci(cv["y"], cv["probability"])
    return [{"model": RADIOMICS, "cohort": f"training ({cv_folds}-fold CV)", "n": len(cv),
             "n_positive": int(cv["y"].sum()), "auc": auc.auc, "auc_lower": auc.lower,
             "auc_upper": auc.upper}]


def evaluate_study(config: StudyConfig, data: StudyData, models: StudyModels,
              predictions: pd.DataFrame, thresholds: dict, resolved: dict
              ) -> tuple[ReportInputs, dict[str, pd.DataFrame]]:
    """Every statistic of the study (``evaluate``) gathered for the report, plus the
    extra tables to write beside it."""
    ev = config.evaluation
    software = versions()
    seed = config.seed
    main = [m for m in (CLINICAL, RADIOMICS, DEEP, COMBINED) if m in predictions.columns]
    logistic = {name: model for name, model in ((CLINICAL, models.clinical), (
        COMBINED, models.combined.model if models.combined else None)) if model is not None}
    constant = evaluate.intercept_only(logistic)
    perf, rocs = evaluate.performance(predictions, data, thresholds, ci=ev.ci,
                                      n_boot=ev.n_boot, seed=seed, constant=constant)
    perf = pd.concat([perf, pd.DataFrame(_cv_rows(models, ev.cv_folds))], ignore_index=True)
    train = with_scores(data.table[data.is_training], models.pipelines)
    corrected = evaluate.bias_corrected(logistic, train, data.y[data.is_training].to_numpy(),
                                        ev.calibration_boot, seed)
    labels = dict(config.data.labels)
    curves, calibration = evaluate.calibration(predictions, data, main, corrected, constant)
    extra = {"calibration": calibration}
    radscore = models.radscore(data.table)
    scores = pd.DataFrame({"patient": data.table.index, "cohort": data.cohort.to_numpy(),
                           "score": radscore.to_numpy(), "outcome": data.y.to_numpy()})
    radscore_p = {c: _by_outcome_p(scores[scores.cohort == c]) for c in data.cohorts()
                  if data.y[data.cohort == c].nunique() == 2}
    formula = models.radscore_formula()
    extra["radscore_formula"] = formula.terms_table()
    kept = list(formula.table["feature"])
    clinical_columns = _clinical_columns(config, data)
    inputs = ReportInputs(
        name=config.name, description=config.description, seed=seed, versions=software,
        config=resolved, methods=study_methods(config, data, models, software)
        + [_intercept_only_text(name, models.combined is not None) for name in sorted(constant)],
        cohort_flow=cohort_flow(data),
        exclusions=data.exclusions.rename(columns={"patient_id": "patient"}),
        table_one=_table_one(config, data, clinical_columns, labels) if clinical_columns
        else None,
        feature_counts=feature_counts(data.features),
        failures=data.failures.rename(columns={"patient_id": "patient"}),
        lasso=lasso_path(models.radiomics),
        coefficients=formula.table.set_index("feature")["coefficient"],
        correlation=data.table.loc[data.is_training, kept].corr(method="spearman")
        if len(kept) > 1 else None,
        radscore_formula=formula.text, radscores=scores, radscore_p=radscore_p,
        performance=perf, roc_curves=rocs,
        delong=evaluate.delong_comparisons(predictions, data, main),
        odds_ratios=evaluate.odds_ratios(logistic, train, labels) if logistic else None,
        nomogram=models.combined.nomogram if models.combined else None,
        calibration=curves,
        decision_curves=evaluate.decision_curves(predictions, data, main) if ev.decision_curve
        else None,
        reclassification=evaluate.reclassification(
            predictions, data, [(CLINICAL, COMBINED), (RADIOMICS, COMBINED)])
        if {CLINICAL, COMBINED} <= set(predictions.columns) else None,
        subgroups=evaluate.subgroups(predictions, data, main[-1], ev.subgroups, labels)
        if ev.subgroups else None,
        qc_cases=qc_cases(data),
        leakage_audit=leakage_table(models.records, data),
        checklist_facts=checklist_facts(config, data, software),
    )
    if ev.survival is not None:
        model = ev.survival.model if ev.survival.model in predictions.columns else main[-1]
        km, at_risk, p, hazard = evaluate.survival_by_risk(
            predictions, data, model, thresholds[model], ev.survival.time, ev.survival.event)
        inputs.survival, inputs.survival_at_risk, inputs.logrank_p = km, at_risk, p
        extra["cox_risk_group"] = hazard
    return inputs, extra


def _intercept_only_text(model: str, combined: bool) -> str:
    """What a model whose selection kept no predictor is, and what the report leaves out."""
    text = (f"The {model} model's selection kept no predictor: it is the intercept-only model, "
            "which gives every patient the training prevalence as the predicted risk (AUC "
            "0.5; no threshold separates patients, so no threshold metric is given). Its "
            f"calibration (slope, curve, Hosmer-Lemeshow test) is {evaluate.INTERCEPT_ONLY}.")
    return text + (" The combined model therefore holds the signature score(s) alone."
                   if combined else "")


def _table_one(config: StudyConfig, data: StudyData, columns: list[str],
               labels: dict) -> pd.DataFrame:
    """Table 1 in the journal layout: per cohort (training first) the outcome-positive and
    -negative columns and p, headed "ALN+" / "ALN−" (or the outcome's label + / −)."""
    frame = data.table[columns + ["cohort"]].assign(**{data.outcome: data.y})   # 0/1 as int
    long = stats.table_one(frame, data.outcome, variables=columns,
                           categorical=_categorical(config, data, columns), cohorts="cohort")
    outcome = labels.get(data.outcome, "ALN")
    return wide_table_one(long, data.cohorts(), {"1": f"{outcome}+", "0": f"{outcome}−"},
                          labels)


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
