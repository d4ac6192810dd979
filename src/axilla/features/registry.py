"""The feature registry: one table of every feature Axilla computes.

Each family module (``firstorder``, ``shape``, ``glcm``, ...) declares a ``FEATURES``
tuple of :class:`FeatureSpec` rows and a ``compute`` function that returns a dict keyed by
the PyRadiomics feature name. Nothing is found by method-name introspection.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeatureSpec:
    """One row of the registry.

    family:  PyRadiomics class name (``glcm``, ``firstorder``, ``shape2D``, ...).
    name:    PyRadiomics feature name (``Contrast``).
    ibsi:    IBSI permanent identifier (4 characters) or ``None`` where there is none.
    default: enabled when a family is enabled without a feature list (PyRadiomics'
             default; deprecated or redundant features are ``False``).
    ibsi_tag: IBSI compliance-sheet tag base (``cm_contrast``) or ``None``.
    """

    family: str
    name: str
    ibsi: str | None = None
    default: bool = True
    ibsi_tag: str | None = None
