"""The rad-score formula in the units of the raw features a fitted pipeline is given.

Every step before the rad-score is affine per feature: a scaler maps x to
(x - center) / scale (``FeatureScaler``, also per sequence/ROI block inside a
``BlockwiseTransformer``) and a selector keeps columns unchanged. Composed, the
rad-score's input j is (x_raw - C_j) / S_j, so its term beta_j (x_j - mean_j) / sd_j is
beta_j (x_raw - (C_j + S_j mean_j)) / (S_j sd_j): the same coefficients, with the
centring and scaling in raw units (:meth:`RadScoreFormula.in_units_of`).
"""
from __future__ import annotations

import numpy as np
from sklearn.feature_selection import SelectorMixin
from sklearn.pipeline import Pipeline

from axilla.errors import ModelError
from axilla.models.radscore import RadScore, RadScoreFormula
from axilla.select.blocks import BlockwiseTransformer
from axilla.select.normalise import FeatureScaler


def _affine_step(step, names: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(output names, center, scale) of one fitted step, output = (input - center) / scale."""
    if isinstance(step, FeatureScaler):
        return names, np.asarray(step.center_, dtype=float), np.asarray(step.scale_, dtype=float)
    if isinstance(step, SelectorMixin):
        kept = names[step.get_support()]
        return kept, np.zeros(kept.size), np.ones(kept.size)
    if isinstance(step, BlockwiseTransformer):
        parts = [_affine_step(step.transformers_[block], names[cols])
                 for block, cols in step.blocks_.items()]
        return tuple(np.concatenate(p) for p in zip(*parts))
    raise ModelError(f"the rad-score pipeline step {type(step).__name__} is neither a scaler nor "
                     "a selector, so the rad-score cannot be written on raw feature units",
                     fix="use normalise and selection steps from axilla.select before the "
                         "rad-score")


def raw_unit_formula(pipeline: Pipeline) -> RadScoreFormula:
    """The fitted rad-score pipeline's formula on its raw input features."""
    radscore = pipeline.steps[-1][1]
    if not isinstance(radscore, RadScore):
        raise ModelError(f"the pipeline ends in {type(radscore).__name__}, not a RadScore",
                         fix="pass the study's rad-score pipeline")
    names = np.asarray(getattr(pipeline, "feature_names_in_",
                               [f"x{j}" for j in range(pipeline.n_features_in_)]), dtype=object)
    center, scale = np.zeros(names.size), np.ones(names.size)
    for _, step in pipeline.steps[:-1]:
        out, step_center, step_scale = _affine_step(step, names)
        position = {name: k for k, name in enumerate(names)}
        rows = np.array([position[name] for name in out], dtype=int)
        center = center[rows] + scale[rows] * step_center
        scale = scale[rows] * step_scale
        names = out
    kept = np.flatnonzero(radscore.coef_std_ != 0)   # the formula's rows, in input order
    return radscore.formula().in_units_of(names[kept], center[kept], scale[kept])
