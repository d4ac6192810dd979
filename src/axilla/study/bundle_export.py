"""What goes into a study's model bundle, and how a bundle becomes models again.

Every fitted object — the rad-score pipeline, the classifiers, the clinical and combined
logistic models and the nomogram — goes through :mod:`axilla.models.serialize` (plain
JSON plus numeric arrays; XGBoost/LightGBM as their native JSON model strings; only
allow-listed classes are ever rebuilt). The training range of every clinical predictor
is kept so ``predict`` can refuse a value outside it, and the training distribution
(min, max, mean, SD) of every image feature a fitted model reads, so ``predict`` can
flag a patient whose features lie far outside it (another scanner, rescaled intensities),
and of every signature score the combined model reads (``score_ranges``), so a score typed
into ``axilla serve`` can be checked (42 typed for 0.42). Bundles made before
``score_ranges`` existed lack the key; their typed scores are not checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from axilla.models.radscore import RadScore
from axilla.models.serialize import from_payload, to_payload
from axilla.study.bundle import load_bundle, save_bundle
from axilla.study.config import StudyConfig
from axilla.study.data import StudyData
from axilla.study.fit import SCORES, StudyModels, predict_all, with_scores


@dataclass
class BundledModels:
    """Everything ``predict`` needs, rebuilt from a bundle."""

    content: dict
    pipelines: dict          # name -> fitted sklearn Pipeline (the rad-score first)
    clinical: object | None  # ClinicalModel
    combined: object | None  # ClinicalModel on rad-score + clinical terms
    nomogram: object | None  # Nomogram
    deep_state: dict         # fine-tuned CNN weights (empty without deep features)

    @property
    def features(self) -> list[str]:
        return self.content["features"]

    @property
    def thresholds(self) -> dict:
        return self.content["thresholds"]


def _ranges(table: pd.DataFrame, columns) -> dict:
    out = {}
    for column in columns:
        values = table[column].dropna()
        if pd.api.types.is_numeric_dtype(values) and values.nunique() > 5:
            out[column] = {"min": float(values.min()), "max": float(values.max())}
        else:
            out[column] = {"levels": sorted(map(str, values.unique()))}
    return out


def model_inputs(pipeline) -> list[str]:
    """The features a fitted pipeline's final model reads: the rad-score's terms with a
    non-zero coefficient, or every feature the selection steps pass to a classifier."""
    final = pipeline.steps[-1][1]
    if isinstance(final, RadScore):
        return list(final.formula().table["feature"])
    return list(final.feature_names_in_)


def _distribution(values: pd.Series) -> dict:
    """min, max, mean and SD (n - 1) of the training patients' values."""
    values = values.astype(float)
    return {"min": float(values.min()), "max": float(values.max()),
            "mean": float(values.mean()), "sd": float(values.std(ddof=1))}


def _feature_ranges(train: pd.DataFrame, pipelines: dict) -> dict:
    """The training distribution of every model input."""
    names = sorted({f for pipeline in pipelines.values() for f in model_inputs(pipeline)})
    return {name: _distribution(train[name]) for name in names}


def _score_ranges(train: pd.DataFrame, models: StudyModels) -> dict:
    """The training distribution of every signature score the combined model reads."""
    if models.combined is None:
        return {}
    scored = with_scores(train, models.pipelines)
    return {term: _distribution(scored[term]) for term in models.combined.model.spec.terms
            if term in SCORES.values()}


def export_bundle(folder, config: StudyConfig, root: Path, data: StudyData,
                  models: StudyModels, thresholds: dict, deep=None) -> Path:
    """Write the bundle of a fitted study into ``folder`` (and ``folder.zip``); ``deep`` is
    the study's DeepResult (its fine-tuned network state goes in as arrays)."""
    objects = {"pipelines": models.pipelines,
               "clinical": models.clinical,
               "combined": models.combined.model if models.combined else None,
               "nomogram": models.combined.nomogram if models.combined else None}
    arrays, payloads = {}, {}
    for key, obj in _flatten(objects):
        if obj is None:
            payloads[key] = None
            continue
        payload, own = to_payload(obj)
        payloads[key] = payload
        arrays |= {f"{key}/{name}": value for name, value in own.items()}
    train = data.table[data.is_training]
    predictors = list(models.clinical.spec.terms) if models.clinical else []
    content = {
        "study": config.name, "seed": config.seed, "outcome": data.outcome,
        "extraction": {"settings": config.extraction.settings(root) if config.data.manifest
                       else None, "preprocess": config.preprocess,
                       "aggregate": config.data.aggregate,
                       "mask_alignment": config.data.mask_alignment},
        "features": list(data.features), "thresholds": thresholds,
        "training": {"n": int(len(train)), "n_positive": int(train[data.outcome].sum())},
        "models": payloads,
        "predictor_ranges": _ranges(train, predictors),
        "feature_ranges": _feature_ranges(train, models.pipelines),
        "score_ranges": _score_ranges(train, models),
        "deep": None if deep is None else deep.settings,
    }
    if deep is not None:
        arrays |= {f"deep_state/{k}": v for k, v in deep.model_state.items()}
    return save_bundle(folder, content, arrays)


def _flatten(objects: dict):
    for name, pipeline in objects["pipelines"].items():
        yield f"pipeline:{name}", pipeline
    for key in ("clinical", "combined", "nomogram"):
        yield key, objects[key]


def load_models(path, verify_key=None) -> BundledModels:
    """Rebuild a bundle's models (validated, and with ``verify_key`` its signature checked:
    see :func:`axilla.study.bundle.load_bundle`)."""
    content, arrays, _ = load_bundle(path, verify_key=verify_key)

    def rebuild(key):
        payload = content["models"][key]
        if payload is None:
            return None
        prefix = f"{key}/"
        return from_payload(payload, {k[len(prefix):]: v for k, v in arrays.items()
                                      if k.startswith(prefix)})

    pipelines = {key.split(":", 1)[1]: rebuild(key) for key in content["models"]
                 if key.startswith("pipeline:")}
    deep_state = {k[len("deep_state/"):]: v for k, v in arrays.items()
                  if k.startswith("deep_state/")}
    return BundledModels(content, pipelines, rebuild("clinical"), rebuild("combined"),
                         rebuild("nomogram"), deep_state)


def bundle_predict(models: BundledModels, table: pd.DataFrame) -> pd.DataFrame:
    """Rad-score and probabilities of every bundled model for the rows of ``table``."""
    return predict_all(models.pipelines, models.clinical, models.combined, table)
