"""Neighbourhood grey-tone differences (NGTDM).

PyRadiomics ``cmatrices.c::calculate_ngtdm``; IBSI 1 manual, section 3.10 (NGTDM): for
each mask voxel, ``|level - mean level of its mask neighbours at offsets|`` (0 when it
has none) is added to ``s_i`` of its level.
"""
from __future__ import annotations

import numpy as np

from axilla.features import _kernels
from axilla.features.matrices._layout import Walk, padded_levels


def grey_tone_differences(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                          n_levels: int, walk: Walk | None = None) -> np.ndarray:
    """``(n_levels, 3)`` float64: ``n_i`` (all mask voxels of level i), ``s_i``, and the
    number of those voxels with at least one neighbour (IBSI counts only these).

    ``offsets`` holds both directions of each neighbour (``bidirectional=True``).
    """
    levels, voxels, steps, _ = padded_levels(grey, mask, offsets, n_levels, walk)
    table = np.zeros((n_levels, 3), dtype=np.float64)
    _kernels.sum_differences(levels, voxels, steps, table)
    return table
