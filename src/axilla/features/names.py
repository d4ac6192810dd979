"""Feature families, image types and feature names (PyRadiomics' naming).

A feature is named ``{imageType}_{family}_{Feature}``, e.g. ``original_glcm_Contrast`` or
``wavelet-LLH_firstorder_Mean`` (PyRadiomics ``featureextractor.computeFeatures``).
"""
from __future__ import annotations

import importlib
import itertools
from collections.abc import Mapping
from types import ModuleType

from axilla.errors import SettingsError

#: PyRadiomics feature classes, in the order Axilla computes them (shape first, as
#: PyRadiomics does in ``execute``), with the module that implements each.
FAMILY_MODULES = {
    "shape": "shape", "shape2D": "shape2d", "firstorder": "firstorder", "glcm": "glcm",
    "glrlm": "glrlm", "glszm": "glszm", "gldm": "gldm", "ngtdm": "ngtdm",
}
FAMILIES = tuple(FAMILY_MODULES)
SHAPE_FAMILIES = ("shape", "shape2D")
#: grey-level families: computed on every (filtered) image type.
INTENSITY_FAMILIES = tuple(f for f in FAMILIES if f not in SHAPE_FAMILIES)
#: texture families: computed on the discretised, cropped grey-level array.
TEXTURE_FAMILIES = ("glcm", "glrlm", "glszm", "gldm", "ngtdm")
#: PyRadiomics image types (``imageoperations.get<Type>Image``).
IMAGE_TYPE_NAMES = ("Original", "Wavelet", "LoG", "Square", "SquareRoot", "Logarithm",
               "Exponential", "Gradient", "LBP2D", "LBP3D")
#: image types whose one filtered image is named by a fixed prefix (axilla.features.filters)
_ONE_IMAGE_PREFIXES = {"Original": "original", "Square": "square",
                       "SquareRoot": "squareroot", "Logarithm": "logarithm",
                       "Exponential": "exponential", "Gradient": "gradient",
                       "LBP2D": "lbp-2D"}


def family_module(family: str) -> ModuleType:
    """The module implementing ``family`` (``FEATURES`` and ``compute``)."""
    name = f"axilla.features.{FAMILY_MODULES[family]}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise SettingsError(f"feature family '{family}' is not available in this build"
                            f" ({name} is missing)",
                            fix=f"remove '{family}' from featureClass") from None


def family_feature_names(family: str) -> tuple[str, ...] | None:
    """Every feature name of ``family`` (default or not); ``None`` if not importable."""
    try:
        return tuple(spec.name for spec in family_module(family).FEATURES)
    except SettingsError:
        return None


def enabled_features(family: str, requested: list[str] | None) -> tuple[str, ...]:
    """The features to compute: ``requested`` in its order, or the default-enabled ones.

    Defaults come in PyRadiomics' order, that of its ``get<Name>FeatureValue`` methods
    sorted by ``inspect.getmembers`` (``MeanAbsoluteDeviation`` before ``Mean``).
    """
    if requested:
        return tuple(requested)
    names = [spec.name for spec in family_module(family).FEATURES if spec.default]
    return tuple(sorted(names, key=lambda name: f"get{name}FeatureValue"))


def feature_name(prefix: str, family: str, feature: str) -> str:
    """``original_glcm_Contrast``."""
    return f"{prefix}_{family}_{feature}"


def log_name(sigma: float, dimension: int) -> str:
    """``log-sigma-1-0-mm-3D`` as PyRadiomics names it (``-2D`` for a 2D image)."""
    return f"log-sigma-{str(sigma).replace('.', '-')}-mm-{3 if dimension == 3 else 2}D"


def image_type_prefixes(image_type: str, args: Mapping, dimension: int) -> list[str]:
    """The prefixes the filter of ``image_type`` yields with its settings ``args`` on an image
    of ``dimension`` (``axilla.features.filters``; tests/study/test_config_early_checks.py
    compares them with real extractions)."""
    if image_type in _ONE_IMAGE_PREFIXES:
        return [_ONE_IMAGE_PREFIXES[image_type]]
    if image_type == "LoG":
        return [log_name(sigma, dimension) for sigma in args.get("sigma") or []]
    if image_type == "LBP3D":
        levels = args.get("lbp3DLevels") or 2
        return [f"lbp-3D-m{level}" for level in range(1, levels + 1)] + ["lbp-3D-k"] \
            if dimension == 3 else []
    # Wavelet: the sub-bands of each level, then the last level's approximation
    axes = dimension - (1 if args.get("force2D") else 0)
    levels = args.get("level") or 1
    level_name = {level: "wavelet" if level == 1 else f"wavelet{level}"
                  for level in range(1, levels + 1)}
    return [f"{level_name[level]}-{''.join(bands)}" for level in level_name
            for bands in itertools.product("LH", repeat=axes) if "H" in bands] + \
        [f"{level_name[levels]}-{'L' * axes}"]
