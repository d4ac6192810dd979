"""Feature families, image types and feature names (PyRadiomics' naming).

A feature is named ``{imageType}_{family}_{Feature}``, e.g. ``original_glcm_Contrast`` or
``wavelet-LLH_firstorder_Mean`` (PyRadiomics ``featureextractor.computeFeatures``).
"""
from __future__ import annotations

import importlib
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
