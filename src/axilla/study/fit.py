"""Fit a study's models on the training cohort: rad-score, classifiers, clinical, combined.

Every fitted step sees training patients only; each fit leaves an audit record, and
:func:`fit_models` checks them against every non-training patient before returning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from axilla.errors import InputError, ModelError
from axilla.models import audit
from axilla.models.classifiers import make_classifier
from axilla.models.clinical import ClinicalModel, fit_clinical_model
from axilla.models.nomogram import Nomogram, build_nomogram
from axilla.models.pipeline import cross_validated_predictions, fit_final
from axilla.models.radscore import RadScore, RadScoreFormula
from axilla.models.radscore_units import raw_unit_formula
from axilla.select.blocks import BlockwiseTransformer
from axilla.select.chain import make_chain
from axilla.select.normalise import FeatureScaler
from axilla.study.config import SelectionConfig, StudyConfig
from axilla.study.data import StudyData

RADIOMICS, DEEP, CLINICAL, COMBINED = "radiomics", "deep", "clinical", "combined"
RADSCORE, DEEPSCORE = "radscore", "deepscore"
SCORES = {RADIOMICS: RADSCORE, DEEP: DEEPSCORE}   # signature model -> its score column


def _step_name(step) -> str:
    return step if isinstance(step, str) else next(iter(step))


def _with_icc_tables(chain: list, root: Path | None) -> list:
    """An ``icc`` step may name its robustness table (CSV of ``feature, icc``, e.g.
    ``axilla.preprocess.feature_icc_table`` output) instead of giving the values."""
    out = []
    for step in chain:
        if isinstance(step, dict) and "icc" in step and "table" in step["icc"]:
            params = dict(step["icc"])
            path = Path(params.pop("table"))
            path = path if path.is_absolute() or root is None else root / path
            if not path.exists():
                raise InputError("ICC table not found", file=str(path),
                                 fix="give a CSV with the columns feature and icc")
            table = pd.read_csv(path)
            if not {"feature", "icc"} <= set(table.columns):
                raise InputError("the ICC table needs the columns feature and icc",
                                 file=str(path), fix="rename its columns")
            step = {"icc": params | {"icc": dict(zip(table["feature"], table["icc"]))}}
        out.append(step)
    return out


def _selection_steps(selection: SelectionConfig, seed: int, drop_final_lasso: bool,
                     root: Path | None = None):
    steps = []
    if selection.normalise != "none":
        scaler = FeatureScaler(method=selection.normalise)
        steps.append(("normalise", BlockwiseTransformer(scaler) if selection.per_block else scaler))
    chain = _with_icc_tables(list(selection.steps), root)
    lasso = {}
    if drop_final_lasso and chain and _step_name(chain[-1]) == "lasso":
        final = chain.pop()
        lasso = {} if isinstance(final, str) else dict(final["lasso"])
    if chain:
        steps += make_chain(chain, random_state=seed).steps
    return steps, lasso


def radiomics_pipeline(selection: SelectionConfig, seed: int, root: Path | None = None
                       ) -> Pipeline:
    """normalise -> selection -> rad-score (a final ``lasso`` step becomes the rad-score)."""
    steps, lasso = _selection_steps(selection, seed, drop_final_lasso=True, root=root)
    steps.append(("radscore", RadScore(**lasso, random_state=seed)))
    return Pipeline(steps).set_output(transform="pandas")


def classifier_pipeline(selection: SelectionConfig, name: str, seed: int,
                        root: Path | None = None) -> Pipeline:
    """normalise -> selection (LASSO as a selector) -> a tuned classifier."""
    steps, _ = _selection_steps(selection, seed, drop_final_lasso=False, root=root)
    steps.append(("model", make_classifier(name, random_state=seed)))
    return Pipeline(steps).set_output(transform="pandas")


@dataclass
class CombinedModel:
    """Logistic regression on the rad-score and the clinical model's terms, with its nomogram."""

    model: ClinicalModel
    nomogram: Nomogram

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        return self.model.predict_proba(frame)


@dataclass
class StudyModels:
    """What a study fitted, and the audit trail of every fitted step."""

    radiomics: Pipeline
    outcome: str = "outcome"
    deep: Pipeline | None = None
    classifiers: dict[str, Pipeline] = field(default_factory=dict)
    clinical: ClinicalModel | None = None
    combined: CombinedModel | None = None
    records: list = field(default_factory=list)
    cv_predictions: pd.DataFrame | None = None

    def radscore_formula(self) -> RadScoreFormula:
        """The rad-score and its probability on the raw (unnormalised) feature values."""
        return raw_unit_formula(self.radiomics)

    def radscore(self, table: pd.DataFrame) -> pd.Series:
        return pd.Series(self.radiomics.decision_function(
            table[self.radiomics.feature_names_in_]), index=table.index, name=RADSCORE)

    @property
    def pipelines(self) -> dict:
        deep = {DEEP: self.deep} if self.deep is not None else {}
        return {RADIOMICS: self.radiomics, **deep, **self.classifiers}

    def predict(self, table: pd.DataFrame) -> pd.DataFrame:
        """Signature scores and probabilities of every model for every patient of ``table``."""
        return predict_all(self.pipelines, self.clinical, self.combined, table)


def with_scores(table: pd.DataFrame, pipelines: dict) -> pd.DataFrame:
    """``table`` plus the rad-score (and deep score) columns of the signature pipelines."""
    scores = {SCORES[name]: pipelines[name].decision_function(
        table[pipelines[name].feature_names_in_]) for name in SCORES if name in pipelines}
    return table.assign(**scores)


def predict_all(pipelines: dict, clinical, combined, table: pd.DataFrame) -> pd.DataFrame:
    """The signature scores plus one probability column per model; each pipeline reads
    the columns it was fitted on, the clinical and combined models theirs by name."""
    scored = with_scores(table, pipelines)
    out = scored[[c for c in SCORES.values() if c in scored.columns]].copy()
    for name, pipeline in pipelines.items():
        out[name] = pipeline.predict_proba(table[pipeline.feature_names_in_])[:, 1]
    if clinical is not None:
        out[CLINICAL] = clinical.predict_proba(table)
    if combined is not None:
        out[COMBINED] = combined.predict_proba(scored)
    return out


def factor_levels(table: pd.DataFrame, columns, declared) -> dict[str, list[str]]:
    """Levels of the columns used as factors: those declared categorical, text columns and
    0/1 (two-valued) columns; numeric levels in numeric order, as text."""
    levels = {}
    for column in columns:
        values = table[column].dropna()
        numeric = pd.api.types.is_numeric_dtype(values)
        if column in declared or not numeric or values.nunique() <= 2:
            levels[column] = [str(v) for v in sorted(values.unique(), key=lambda v: (
                not numeric, v if numeric else str(v)))]
    return levels


def fit_models(data: StudyData, config: StudyConfig, root: Path | None = None) -> StudyModels:
    """Fit every model of the study on the training cohort (see the module docstring)."""
    seed = config.seed
    _check_labels(config.data.labels, data)
    train = data.table[data.is_training]
    if train[data.outcome].nunique() < 2:
        raise ModelError(f"the training cohort '{data.training}' has one outcome class only",
                         fix="check split settings and the outcome column")
    X, y = train[data.features], train[data.outcome].to_numpy(int)
    radiomics, records = fit_final(radiomics_pipeline(config.selection, seed, root), X, y,
                                   label=RADIOMICS)
    if radiomics.steps[-1][1].formula().table.empty:
        raise ModelError(f"the LASSO kept no feature on the {len(train)} training patients, so "
                         "the rad-score would be a constant",
                         fix="use lambda_rule: min, fewer selection steps, or more patients")
    models = StudyModels(radiomics, outcome=data.outcome, records=list(records))
    if data.deep_features:
        models.deep, deep_records = fit_final(radiomics_pipeline(config.selection, seed, root),
                                              train[data.deep_features], y, label=DEEP)
        models.records += deep_records
    for name in config.models.classifiers:
        fitted, recs = fit_final(classifier_pipeline(config.selection, name, seed, root), X, y,
                                 label=name)
        models.classifiers[name] = fitted
        models.records += recs
    cv = cross_validated_predictions(radiomics_pipeline(config.selection, seed, root), X, y,
                                     n_splits=config.evaluation.cv_folds, random_state=seed)
    models.cv_predictions, models.records = cv.predictions, models.records + cv.records
    clinical_config = config.models.clinical
    if clinical_config is not None and clinical_config.candidates:
        levels = factor_levels(train, clinical_config.candidates, clinical_config.categorical)
        models.clinical = fit_clinical_model(
            train, data.outcome, clinical_config.candidates, levels=levels,
            screen_p=clinical_config.screening_p, direction=clinical_config.direction,
            criterion=clinical_config.criterion, missing=clinical_config.missing)
        models.records.append(audit.record(CLINICAL, models.clinical, train.index))
    if config.models.combined:
        missing = clinical_config.missing if clinical_config is not None else "complete"
        models.combined = _fit_combined(train, models, missing, config.data.labels)
        models.records.append(audit.record(COMBINED, models.combined, train.index))
    audit.check(models.records, data.table.index[~data.is_training])
    return models


def _check_labels(labels: dict, data: StudyData) -> None:
    """Every labelled column must exist (a misspelt one would silently keep its raw name)."""
    unknown = sorted(set(labels) - set(data.table.columns) - set(SCORES.values()))
    if unknown:
        raise InputError(f"data.labels names columns that the study does not have: {unknown}",
                         fix="use clinical-table columns, feature names, radscore or deepscore")


def _fit_combined(train: pd.DataFrame, models: StudyModels, missing: str,
                  labels: dict) -> CombinedModel:
    """Signature scores plus the clinical model's selected terms, all kept (no selection);
    the nomogram's axes as rms draws them, over the training values, with human labels."""
    frame = with_scores(train, models.pipelines)
    clinical = models.clinical
    scores = [SCORES[name] for name in SCORES if name in models.pipelines]
    terms = [*scores, *(clinical.spec.terms if clinical is not None else ())]
    levels = {t: list(v) for t, v in clinical.spec.levels.items()} if clinical else None
    model = fit_clinical_model(frame, models.outcome, terms, screen_p=None,
                               direction=None, levels=levels, missing=missing)
    return CombinedModel(model, build_nomogram(model.fit, model.spec, data=model.prepare(frame),
                                               labels=labels))
