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

_COARSENESS_CAP = 1e6  # PyRadiomics' value when sum(p_i s_i) is 0 (flat region)


def matrix(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> np.ndarray:
    """``(Ng, 3)``: ``n_i``, ``s_i``, grey level ``i``, for the levels present."""
    return _table(texture_roi(grey, mask, settings))


def _table(roi: TextureROI) -> np.ndarray:
    offsets = pyradiomics_offsets(roi.grey.shape, roi.distances, excluded_axis=roi.excluded_axis,
                                  bidirectional=True)
    table = grey_tone_differences(roi.grey, roi.mask, offsets, roi.n_levels)
    present = table[:, 0] > 0
    return np.column_stack([table[present, :2], np.flatnonzero(present) + 1.0])


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every NGTDM feature, keyed by PyRadiomics name."""
    return compute_roi(texture_roi(grey, mask, settings), spacing, settings)


def compute_roi(roi: TextureROI, spacing, settings: Mapping) -> dict[str, float]:
    """``compute`` on a ``texture_roi`` made once and shared by the families."""
    table = _table(roi)
    n, s, i = table[:, 0], table[:, 1], table[:, 2]
    n_voxels = n.sum()
    p = n / n_voxels
    n_present = len(n)
    p_s = p * s
    level_gap = np.abs(i[:, None] - i[None, :])
    weighted_sum = p_s.sum()
    sum_s = s.sum()
    pairs = n_present * (n_present - 1)
    contrast = (np.sum(p[:, None] * p[None, :] * level_gap ** 2) * sum_s / n_voxels / pairs
                if pairs else 0.0)
    spread = np.abs((i * p)[:, None] - (i * p)[None, :]).sum()
    strength_sum = np.sum((p[:, None] + p[None, :]) * level_gap ** 2)
    return {
        "Busyness": float(weighted_sum / spread) if spread != 0 else 0.0,
        "Coarseness": 1.0 / weighted_sum if weighted_sum != 0 else _COARSENESS_CAP,
        "Complexity": float(np.sum(level_gap * (p_s[:, None] + p_s[None, :])
                                   / (p[:, None] + p[None, :])) / n_voxels),
        "Contrast": float(contrast),
        "Strength": float(strength_sum / sum_s) if sum_s != 0 else 0.0,
    }
