"""Gray Level Size Zone Matrix features (PyRadiomics ``glszm``).

Matrix: PyRadiomics ``RadiomicsGLSZM._calculateMatrix`` (zones connected through all 26
neighbours in 3D, 8 in-plane with ``force2D``). Features: PyRadiomics docs "Gray Level
Size Zone Matrix (GLSZM) Features", IBSI 1 section 3.8, via ``texture_formulas``.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from axilla.features.matrices import pyradiomics_offsets, size_zone_counts
from axilla.features.matrices.roi import TextureROI, texture_roi
from axilla.features.registry import FeatureSpec
from axilla.features.texture_formulas import drop_empty_columns, zone_means

_ROWS = (  # PyRadiomics name, shared formula, IBSI code, IBSI tag
    ("GrayLevelNonUniformity", "grey_non_uniformity", "JNSA", "szm_glnu"),
    ("GrayLevelNonUniformityNormalized", "grey_non_uniformity_normalised", "Y1RO", "szm_glnu_norm"),
    ("GrayLevelVariance", "grey_variance", "BYLV", "szm_gl_var"),
    ("HighGrayLevelZoneEmphasis", "high_grey_emphasis", "5GN9", "szm_hgze"),
    ("LargeAreaEmphasis", "large_emphasis", "48P8", "szm_lze"),
    ("LargeAreaHighGrayLevelEmphasis", "large_high_grey_emphasis", "J17V", "szm_lzhge"),
    ("LargeAreaLowGrayLevelEmphasis", "large_low_grey_emphasis", "YH51", "szm_lzlge"),
    ("LowGrayLevelZoneEmphasis", "low_grey_emphasis", "XMSY", "szm_lgze"),
    ("SizeZoneNonUniformity", "size_non_uniformity", "4JP3", "szm_zsnu"),
    ("SizeZoneNonUniformityNormalized", "size_non_uniformity_normalised", "VB3A", "szm_zsnu_norm"),
    ("SmallAreaEmphasis", "small_emphasis", None, "szm_sze"),
    ("SmallAreaHighGrayLevelEmphasis", "small_high_grey_emphasis", "HW1V", "szm_szhge"),
    ("SmallAreaLowGrayLevelEmphasis", "small_low_grey_emphasis", "5RAI", "szm_szlge"),
    ("ZoneEntropy", "entropy", "GU8N", "szm_zs_entr"),
    ("ZonePercentage", "percentage", "P30P", "szm_z_perc"),
    ("ZoneVariance", "size_variance", "3NSA", "szm_zs_var"),
)

FEATURES: tuple[FeatureSpec, ...] = tuple(
    FeatureSpec("glszm", name, ibsi, True, tag) for name, _, ibsi, tag in _ROWS)


def matrix(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> np.ndarray:
    """``(Ng, Ns)`` zone counts as PyRadiomics holds them (absent levels and empty
    zone sizes removed)."""
    return _matrix_and_axes(texture_roi(grey, mask, settings), settings)[0]


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every GLSZM feature, keyed by PyRadiomics name."""
    return compute_roi(texture_roi(grey, mask, settings), spacing, settings)


def compute_roi(roi: TextureROI, spacing, settings: Mapping) -> dict[str, float]:
    """``compute`` on a ``texture_roi`` made once and shared by the families."""
    counts, levels, sizes = _matrix_and_axes(roi, settings)
    means = zone_means(counts[..., None], levels, sizes)
    return {name: means[formula] for name, formula, _, _ in _ROWS}


def _matrix_and_axes(roi, settings):
    offsets = pyradiomics_offsets(roi.grey.shape, (1,), excluded_axis=roi.excluded_axis,
                                  bidirectional=True)
    counts = size_zone_counts(roi.ranked, roi.mask, offsets, len(roi.levels),
                              walk=roi.walk(offsets, ranked=True))
    counts, sizes = drop_empty_columns(counts, np.arange(1, counts.shape[1] + 1))
    return counts, roi.levels, sizes
