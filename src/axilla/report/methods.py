"""The methods paragraphs, written from the resolved study configuration.

What a radiomics methods section must state (software and versions, preprocessing,
extraction settings, feature selection, models, validation, seeds) follows CLEAR
(Kocak et al. 2023, Insights Imaging 14:75) items on reproducibility and TRIPOD+AI
(Collins et al. 2024, BMJ 385:e078378) items 8-12. Sections of the configuration read:
``preprocess``, ``extraction`` (PyRadiomics keys, flat or a params file's ``setting:``
section), ``split``, ``selection`` (a list of
steps, each with ``method``), ``models`` (a list or a mapping), ``evaluation``; any
key named ``seed`` or ``random_state`` anywhere is reported as a seed. Absent sections
give no sentence.
"""
from __future__ import annotations

from collections.abc import Mapping

METHOD_NAMES = {
    "variance": "near-zero-variance filter", "ttest": "Welch t-test",
    "mannwhitney": "Mann–Whitney U test", "correlation": "correlation pruning",
    "icc": "ICC robustness filter", "lasso": "LASSO logistic regression with cross-validation",
    "mrmr": "minimum-redundancy maximum-relevance (mRMR) ranking",
    "random_forest": "random-forest Gini importance", "stability": "bootstrap stability selection",
    "logistic": "logistic regression", "svm": "support vector machine with RBF kernel",
    "knn": "k-nearest neighbours", "decision_tree": "decision tree",
    "random_forest_classifier": "random forest", "extra_trees": "extremely randomised trees",
    "xgboost": "XGBoost", "lightgbm": "LightGBM", "radscore": "rad-score (LASSO coefficients)",
    "clinical": "clinical logistic model with stepwise selection",
    "nomogram": "combined nomogram (logistic regression)",
    "zscore": "z-score", "minmax": "min–max", "robust": "robust (median/IQR)",
}
SEED_KEYS = ("seed", "random_state")


def _value(value) -> str:
    if isinstance(value, Mapping):
        return "; ".join(_entry(k, v) for k, v in value.items()) or "defaults"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    return METHOD_NAMES.get(value, str(value)) if isinstance(value, str) else str(value)


def _entry(key, value) -> str:
    """``key = value``; a nested mapping as ``key (…)``; an empty one as ``key`` alone."""
    if isinstance(value, Mapping):
        return f"{key} ({_value(value)})" if value else str(key)
    if isinstance(value, (list, tuple)) and not value:
        return str(key)
    return f"{key} = {_value(value)}"


def _settings(options: Mapping, skip=("method", "name") + SEED_KEYS) -> str:
    pairs = [_entry(k, v) for k, v in options.items() if k not in skip]
    return f" ({', '.join(pairs)})" if pairs else ""


def _step(step) -> str:
    if isinstance(step, str):
        return METHOD_NAMES.get(step, step)
    method = step.get("method", step.get("name", "step"))
    return f"{METHOD_NAMES.get(method, method)}{_settings(step)}"


def find_seeds(config, path: str = "") -> dict[str, object]:
    """Every ``seed``/``random_state`` value in a nested config, keyed by its dotted path."""
    found = {}
    items = config.items() if isinstance(config, Mapping) else (
        enumerate(config, start=1) if isinstance(config, (list, tuple)) else ())
    for key, value in items:
        where = f"{path}.{key}" if path else str(key)
        if key in SEED_KEYS and not isinstance(value, (Mapping, list, tuple)):
            found[where] = value
        else:
            found.update(find_seeds(value, where))
    return found


def _software(versions: Mapping[str, str]) -> str:
    if not versions:
        return ""
    listed = ", ".join(f"{name} {version}" for name, version in versions.items())
    return f"All analyses were run with the following software: {listed}."


def _extraction(extraction: Mapping) -> str:
    extraction = dict(extraction)
    extraction.update(extraction.pop("setting", None) or {})  # PyRadiomics params-file layout
    image_types = extraction.pop("imageType", None)
    classes = extraction.pop("featureClass", None)
    compat = extraction.pop("compat", "pyradiomics")
    text = (f"Radiomic features were extracted with Axilla's extraction engine in "
            f"'{compat}' compatibility mode")
    if image_types:
        text += f" from the image types {_value(image_types)}"
    if classes:
        text += f"; feature classes: {_value(list(classes) if isinstance(classes, Mapping) else classes)}"
    if extraction:
        text += f"; settings: {_value(extraction)}"
    return text + "."


def _selection(steps) -> str:
    steps = [steps] if isinstance(steps, (str, Mapping)) else list(steps)
    chain = "; ".join(f"({i}) {_step(s)}" for i, s in enumerate(steps, start=1))
    return (f"Features were selected on the training data only, refitted inside every "
            f"cross-validation fold, by the chain: {chain}.")


def _models(models) -> str:
    if isinstance(models, Mapping):
        described = [f"{name}: {_step(spec) if isinstance(spec, (str, Mapping)) else spec}"
                     for name, spec in models.items()]
    else:
        described = [_step(m) for m in models]
    return f"The models fitted were: {'; '.join(described)}."


def methods_text(config: Mapping, versions: Mapping[str, str] | None = None,
                 seed: int | None = None) -> list[str]:
    """Methods paragraphs (plain text, one per topic) from the resolved configuration."""
    config = config or {}
    paragraphs = [_software(versions or {})]
    if config.get("preprocess"):
        paragraphs.append(f"Images were preprocessed with: {_value(config['preprocess'])}.")
    if config.get("extraction"):
        paragraphs.append(_extraction(config["extraction"]))
    if config.get("split"):
        paragraphs.append(f"Patients were assigned to cohorts by: {_step(config['split'])}.")
    if config.get("selection"):
        paragraphs.append(_selection(config["selection"]))
    if config.get("models"):
        paragraphs.append(_models(config["models"]))
    if config.get("evaluation"):
        paragraphs.append(f"Models were evaluated with: {_value(config['evaluation'])}.")
    seeds = find_seeds(config)
    if seed is not None or seeds:
        listed = [f"{seed} (study)"] if seed is not None else []
        listed += [f"{value} ({where})" for where, value in seeds.items()]
        paragraphs.append(f"Random seeds: {', '.join(listed)}; the same inputs and seeds "
                          f"reproduce every number in this report.")
    return [p for p in paragraphs if p]
