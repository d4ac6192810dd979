"""Selection chains in any order, from plain data (the study YAML's ``selection:`` list).

``make_chain([{"ttest": {"alpha": 0.05}}, "lasso"])`` is a scikit-learn Pipeline of the
named steps; ``{"forest": {"n_features": 5, "per_block": true}}`` applies a step per
sequence/ROI block. Every step is fitted inside each CV fold by the pipeline that holds
it. Steps that draw random numbers get the chain's ``random_state``.
"""
from __future__ import annotations

from sklearn.pipeline import Pipeline

from axilla._validation import check_known_keys
from axilla.errors import SettingsError
from axilla.select.blocks import BlockwiseTransformer
from axilla.select.correlation import CorrelationFilter
from axilla.select.forest_importance import ForestImportanceSelector
from axilla.select.icc_filter import ICCFilter
from axilla.select.lasso import LassoSelector
from axilla.select.mrmr import MRMRSelector
from axilla.select.normalise import FeatureScaler
from axilla.select.stability import StabilitySelector
from axilla.select.univariate import UnivariateFilter
from axilla.select.variance import NearZeroVariance

STEPS = {
    "normalise": (FeatureScaler, {}),
    "variance": (NearZeroVariance, {}),
    "ttest": (UnivariateFilter, {"test": "welch"}),
    "mannwhitney": (UnivariateFilter, {"test": "mannwhitney"}),
    "correlation": (CorrelationFilter, {}),
    "icc": (ICCFilter, {}),
    "lasso": (LassoSelector, {}),
    "stability": (StabilitySelector, {}),
    "mrmr": (MRMRSelector, {}),
    "forest": (ForestImportanceSelector, {}),
}


def make_step(name: str, params: dict | None = None, random_state=None):
    """One selection step by name; ``per_block`` and ``n_prefix_parts`` wrap it per block."""
    check_known_keys([name], STEPS, "selection steps")
    params = dict(params or {})
    per_block = params.pop("per_block", False)
    n_prefix_parts = params.pop("n_prefix_parts", 2)
    cls, defaults = STEPS[name]
    known = cls().get_params()
    check_known_keys(params, known, f"selection step '{name}'")
    if "random_state" in known and "random_state" not in params:
        params["random_state"] = random_state
    step = cls(**{**defaults, **params})
    return BlockwiseTransformer(step, n_prefix_parts=n_prefix_parts) if per_block else step


def make_chain(steps, random_state=None) -> Pipeline:
    """A Pipeline from ``["ttest", {"lasso": {"lambda_rule": "min"}}, ...]``."""
    if not steps:
        raise SettingsError("the selection chain is empty", fix="give at least one step")
    built = []
    for k, item in enumerate(steps):
        if isinstance(item, str):
            name, params = item, {}
        elif isinstance(item, dict) and len(item) == 1:
            name, params = next(iter(item.items()))
        else:
            raise SettingsError(f"selection step {k + 1} must be a name or {{name: settings}}, "
                                f"got {item!r}", fix="write e.g. - ttest or - lasso: {...}")
        built.append((f"{k}_{name}", make_step(name, params, random_state)))
    return Pipeline(built)
