"""Neighbouring Gray Tone Difference Matrix features (PyRadiomics ``ngtdm``).

Matrix: PyRadiomics ``RadiomicsNGTDM._calculateMatrix`` (neighbours at ``distances``,
a voxel without ROI neighbours adds 0 to ``s_i`` but still counts in ``n_i``).
Features: PyRadiomics docs "Neighbouring Gray Tone Difference Matrix (NGTDM) Features",
IBSI 1 section 3.10, with PyRadiomics' values where a divisor is 0 (Coarseness 1e6,
Contrast, Busyness and Strength 0).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from axilla.features import _kernels
from axilla.features.matrices import grey_tone_differences, pyradiomics_offsets
from axilla.features.matrices.roi import TextureROI, texture_roi
from axilla.features.registry import FeatureSpec

FEATURES: tuple[FeatureSpec, ...] = (
    FeatureSpec("ngtdm", "Busyness", "NQ30", True, "ngt_busyness"),
    FeatureSpec("ngtdm", "Coarseness", "QCDE", True, "ngt_coarseness"),
    FeatureSpec("ngtdm", "Complexity", "HDEZ", True, "ngt_complexity"),
    FeatureSpec("ngtdm", "Contrast", "65HE", True, "ngt_contrast"),
    FeatureSpec("ngtdm", "Strength", "1X9X", True, "ngt_strength"),
)
_NAMES = tuple(spec.name for spec in FEATURES)  # the order of ngtdm_formulas' outputs


def matrix(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> np.ndarray:
    """``(Ng, 3)``: ``n_i``, ``s_i``, grey level ``i``, for the levels present."""
    return _table(texture_roi(grey, mask, settings))


def _table(roi: TextureROI) -> np.ndarray:
    offsets = pyradiomics_offsets(roi.grey.shape, roi.distances, excluded_axis=roi.excluded_axis,
                                  bidirectional=True)
    table = grey_tone_differences(roi.grey, roi.mask, offsets, roi.n_levels,
                                  walk=roi.walk(offsets, ranked=False))
    present = table[:, 0] > 0
    return np.column_stack([table[present, :2], np.flatnonzero(present) + 1.0])


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every NGTDM feature, keyed by PyRadiomics name."""
    return compute_roi(texture_roi(grey, mask, settings), spacing, settings)


def compute_roi(roi: TextureROI, spacing, settings: Mapping) -> dict[str, float]:
    """``compute`` on a ``texture_roi`` made once and shared by the families (formulas: C
    kernel ``ngtdm_formulas``; with ``p_i = n_i / N``: Coarseness ``1 / sum p_i s_i``,
    Contrast, Busyness, Complexity and Strength as in PyRadiomics' docs)."""
    values = np.empty(len(FEATURES))
    _kernels.ngtdm_formulas(_table(roi), values)
    return dict(zip(_NAMES, values.tolist()))
