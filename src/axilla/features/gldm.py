"""Gray Level Dependence Matrix features (PyRadiomics ``gldm``).

Matrix: PyRadiomics ``RadiomicsGLDM._calculateMatrix`` (neighbours at ``distances``,
dependent when ``|i - j| <= gldm_a``). Features: PyRadiomics docs "Gray Level Dependence
Matrix (GLDM) Features", IBSI 1 section 3.11 (NGLDM), via ``texture_formulas``.
PyRadiomics deprecates GrayLevelNonUniformityNormalized (equal to first-order
Uniformity) and DependencePercentage (always 1) and computes no value for them; Axilla
computes their formulas and leaves them off by default.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from axilla.features.matrices import dependence_counts, pyradiomics_offsets
from axilla.features.matrices.roi import TextureROI, texture_roi
from axilla.features.registry import FeatureSpec
from axilla.features.texture_formulas import drop_empty_columns, zone_means

_ROWS = (  # PyRadiomics name, shared formula, IBSI code, IBSI tag, default
    ("DependenceEntropy", "entropy", "FCBV", "ngl_dc_entr", True),
    ("DependenceNonUniformity", "size_non_uniformity", "Z87G", "ngl_dcnu", True),
    ("DependenceNonUniformityNormalized", "size_non_uniformity_normalised", "OKJI",
     "ngl_dcnu_norm", True),
    ("DependencePercentage", "dependence_percentage", None, None, False),
    ("DependenceVariance", "size_variance", "DNX2", "ngl_dc_var", True),
    ("GrayLevelNonUniformity", "grey_non_uniformity", "FP8K", "ngl_glnu", True),
    ("GrayLevelNonUniformityNormalized", "grey_non_uniformity_normalised", "5SPA",
     "ngl_glnu_norm", False),
    ("GrayLevelVariance", "grey_variance", "1PFV", "ngl_gl_var", True),
    ("HighGrayLevelEmphasis", "high_grey_emphasis", "OAE7", "ngl_hgce", True),
    ("LargeDependenceEmphasis", "large_emphasis", "IMOQ", "ngl_hde", True),
    ("LargeDependenceHighGrayLevelEmphasis", "large_high_grey_emphasis", "9QMG", "ngl_hdhge", True),
    ("LargeDependenceLowGrayLevelEmphasis", "large_low_grey_emphasis", "NBZI", "ngl_hdlge", True),
    ("LowGrayLevelEmphasis", "low_grey_emphasis", "TL9H", "ngl_lgce", True),
    ("SmallDependenceEmphasis", "small_emphasis", "SODN", "ngl_lde", True),
    ("SmallDependenceHighGrayLevelEmphasis", "small_high_grey_emphasis", "JA6D", "ngl_ldhge", True),
    ("SmallDependenceLowGrayLevelEmphasis", "small_low_grey_emphasis", "EQ3F", "ngl_ldlge", True),
)

FEATURES: tuple[FeatureSpec, ...] = tuple(
    FeatureSpec("gldm", name, ibsi, default, tag) for name, _, ibsi, tag, default in _ROWS)


def matrix(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> np.ndarray:
    """``(Ng, Nd)`` dependence counts as PyRadiomics holds them (absent levels and empty
    dependences removed)."""
    return _matrix_and_axes(texture_roi(grey, mask, settings), settings)[0]


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every GLDM feature, keyed by PyRadiomics name."""
    return compute_roi(texture_roi(grey, mask, settings), spacing, settings)


def compute_roi(roi: TextureROI, spacing, settings: Mapping) -> dict[str, float]:
    """``compute`` on a ``texture_roi`` made once and shared by the families."""
    counts, levels, dependences = _matrix_and_axes(roi, settings)
    means = zone_means(counts[..., None], levels, dependences)
    # PyRadiomics docs: Np / Np, every ROI voxel holds exactly one dependence count
    means["dependence_percentage"] = 1.0
    return {name: means[formula] for name, formula, _, _, _ in _ROWS}


def _matrix_and_axes(roi, settings):
    offsets = pyradiomics_offsets(roi.grey.shape, roi.distances, excluded_axis=roi.excluded_axis,
                                  bidirectional=True)
    counts = dependence_counts(roi.grey, roi.mask, offsets, roi.n_levels,
                               alpha=settings.get("gldm_a", 0),
                               walk=roi.walk(offsets, ranked=False))[roi.levels - 1]
    counts, dependences = drop_empty_columns(counts, np.arange(1, counts.shape[1] + 1))
    return counts, roi.levels, dependences
