"""What goes into a study's model bundle, and how a bundle becomes models again.

Pipelines (normaliser, selectors, rad-score, classifiers) go through
:mod:`axilla.models.serialize` (JSON + arrays, native JSON for XGBoost/LightGBM); the
clinical and combined logistic models are stored as their coefficients and design
(terms, factor levels); the nomogram as its scales. Training ranges of every clinical
predictor are kept so ``predict`` can refuse a value outside them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from axilla.models.design import DesignSpec, design_matrix
from axilla.models.nomogram import Nomogram, NomogramAxis
from axilla.models.serialize import from_payload, to_payload
from axilla.study.bundle import load_bundle, save_bundle
from axilla.study.config import StudyConfig
from axilla.study.data import StudyData
from axilla.study.fit import RADIOMICS, StudyModels, predict_all


@dataclass
class LogisticModel:
    """A logistic model as a bundle holds it: coefficients over a design."""

    names: list[str]
    coef: np.ndarray
    spec: DesignSpec

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        eta = self.coef[0] + design_matrix(frame, self.spec) @ self.coef[1:]
        return 1.0 / (1.0 + np.exp(-eta))


@dataclass
class BundledModels:
    """Everything ``predict`` needs, rebuilt from a bundle."""

    content: dict
    pipelines: dict          # name -> fitted sklearn Pipeline
    clinical: LogisticModel | None
    combined: LogisticModel | None
    nomogram: Nomogram | None

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


def _logistic_payload(fit, spec: DesignSpec) -> dict:
    return {"names": list(fit.names), "coef": [float(c) for c in fit.coef], "spec": spec.to_dict()}


def export_bundle(folder, config: StudyConfig, root: Path, data: StudyData,
                  models: StudyModels, thresholds: dict) -> Path:
    """Write the bundle of a fitted study into ``folder`` (and ``folder.zip``)."""
    arrays, native, payloads = {}, {}, {}
    pipelines = {RADIOMICS: models.radiomics, **models.classifiers}
    for name, pipeline in pipelines.items():
        payload, model_arrays = to_payload(pipeline)
        payloads[name] = payload
        arrays |= {f"{name}/{k}": v for k, v in model_arrays.items() if not k.startswith("native:")}
        native |= {f"{name}-{k[7:]}": v for k, v in model_arrays.items() if k.startswith("native:")}
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
        "pipelines": payloads,
        "clinical": _logistic_payload(models.clinical.fit, models.clinical.spec)
        if models.clinical else None,
        "combined": _logistic_payload(models.combined.fit, models.combined.spec)
        if models.combined else None,
        "nomogram": asdict(models.combined.nomogram) if models.combined else None,
        "predictor_ranges": _ranges(train, predictors),
        "radscore_formula": models.radiomics.steps[-1][1].formula().table.to_dict("list"),
    }
    return save_bundle(folder, content, arrays, native)


def _logistic(payload: dict | None) -> LogisticModel | None:
    if payload is None:
        return None
    return LogisticModel(payload["names"], np.asarray(payload["coef"], float),
                         DesignSpec.from_dict(payload["spec"]))


def load_models(path) -> BundledModels:
    """Rebuild a bundle's models (validated: see :func:`axilla.study.bundle.load_bundle`)."""
    content, arrays, native = load_bundle(path)
    pipelines = {}
    for name, payload in content["pipelines"].items():
        prefix = f"{name}/"
        own = {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
        own |= {f"native:{k[len(name) + 1:]}": v for k, v in native.items()
                if k.startswith(f"{name}-")}
        pipelines[name] = from_payload(payload, own)
    nomogram = None
    if content["nomogram"] is not None:
        raw = dict(content["nomogram"])
        raw["axes"] = [NomogramAxis(**axis) for axis in raw["axes"]]
        raw["risk_axis"] = [tuple(p) for p in raw["risk_axis"]]
        raw["lp_axis"] = [tuple(p) for p in raw["lp_axis"]]
        nomogram = Nomogram(**raw)
    return BundledModels(content, pipelines, _logistic(content["clinical"]),
                         _logistic(content["combined"]), nomogram)


def bundle_predict(models: BundledModels, table: pd.DataFrame) -> pd.DataFrame:
    """Rad-score and probabilities of every bundled model for the rows of ``table``."""
    return predict_all(models.pipelines, models.clinical, models.combined, table,
                       models.features)
