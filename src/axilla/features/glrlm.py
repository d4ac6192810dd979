"""Grey Level Run Length Matrix features (PyRadiomics ``glrlm``).

Matrix: PyRadiomics ``RadiomicsGLRLM._calculateMatrix`` (13 directions in 3D, 4 with
``force2D``; a direction where no line holds two ROI voxels is dropped; optional
``weightingNorm`` merges the directions). Features: PyRadiomics docs "Gray Level Run
Length Matrix (GLRLM) Features", IBSI 1 section 3.7, via ``texture_formulas``.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from axilla.features.matrices import pyradiomics_offsets, run_length_counts
from axilla.features.matrices.roi import TextureROI, texture_roi
from axilla.features.registry import FeatureSpec
from axilla.features.texture_formulas import direction_lengths, drop_empty_columns, zone_means

_ROWS = (  # PyRadiomics name, shared formula, IBSI code, IBSI tag
    ("GrayLevelNonUniformity", "grey_non_uniformity", "R5YN", "rlm_glnu"),
    ("GrayLevelNonUniformityNormalized", "grey_non_uniformity_normalised", "OVBL", "rlm_glnu_norm"),
    ("GrayLevelVariance", "grey_variance", "8CE5", "rlm_gl_var"),
    ("HighGrayLevelRunEmphasis", "high_grey_emphasis", "G3QZ", "rlm_hgre"),
    ("LongRunEmphasis", "large_emphasis", "W4KF", "rlm_lre"),
    ("LongRunHighGrayLevelEmphasis", "large_high_grey_emphasis", "3KUM", "rlm_lrhge"),
    ("LongRunLowGrayLevelEmphasis", "large_low_grey_emphasis", "IVPO", "rlm_lrlge"),
    ("LowGrayLevelRunEmphasis", "low_grey_emphasis", "V3SW", "rlm_lgre"),
    ("RunEntropy", "entropy", "HJ9O", "rlm_rl_entr"),
    ("RunLengthNonUniformity", "size_non_uniformity", "W92Y", "rlm_rlnu"),
    ("RunLengthNonUniformityNormalized", "size_non_uniformity_normalised", "IC23", "rlm_rlnu_norm"),
    ("RunPercentage", "percentage", "9ZK5", "rlm_r_perc"),
    ("RunVariance", "size_variance", "SXLW", "rlm_rl_var"),
    ("ShortRunEmphasis", "small_emphasis", "22OV", "rlm_sre"),
    ("ShortRunHighGrayLevelEmphasis", "small_high_grey_emphasis", "GD3A", "rlm_srhge"),
    ("ShortRunLowGrayLevelEmphasis", "small_low_grey_emphasis", "HTZT", "rlm_srlge"),
)

FEATURES: tuple[FeatureSpec, ...] = tuple(
    FeatureSpec("glrlm", name, ibsi, True, tag) for name, _, ibsi, tag in _ROWS)


def matrix(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> np.ndarray:
    """``(Ng, Nr, Na)`` run counts as PyRadiomics holds them (absent levels, empty run
    lengths and empty directions removed; ``Na = 1`` with ``weightingNorm``)."""
    return _matrix_and_axes(texture_roi(grey, mask, settings), spacing, settings)[0]


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every GLRLM feature, keyed by PyRadiomics name (mean over directions)."""
    return compute_roi(texture_roi(grey, mask, settings), spacing, settings)


def compute_roi(roi: TextureROI, spacing, settings: Mapping) -> dict[str, float]:
    """``compute`` on a ``texture_roi`` made once and shared by the families."""
    means = zone_means(*_matrix_and_axes(roi, spacing, settings))
    return {name: means[formula] for name, formula, _, _ in _ROWS}


def _matrix_and_axes(roi, spacing, settings):
    offsets = pyradiomics_offsets(roi.grey.shape, (1,), excluded_axis=roi.excluded_axis)
    counts, several = run_length_counts(roi.ranked, roi.mask, offsets, len(roi.levels),
                                        walk=roi.walk(offsets, ranked=True))
    counts = counts * several  # zero directions seen across a flat ROI
    norm = settings.get("weightingNorm")
    if norm is not None:
        weights = direction_lengths(offsets, spacing, norm)  # PyRadiomics: w = |d|
        counts = np.tensordot(counts, weights, axes=([2], [0]))[..., None]
    elif counts.shape[2] > 1:
        counts = counts[:, :, counts.sum(axis=(0, 1)) > 0]
    lengths = np.arange(1, counts.shape[1] + 1)
    counts, lengths = drop_empty_columns(counts, lengths)
    return counts, roi.levels, lengths

