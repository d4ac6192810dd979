"""Neighbourhood grey-tone differences (NGTDM).

PyRadiomics ``cmatrices.c::calculate_ngtdm``; IBSI 1 manual, section 3.10 (NGTDM): for
each mask voxel, ``|level - mean level of its mask neighbours at offsets|`` (0 when it
has none) is added to ``s_i`` of its level.
"""
from __future__ import annotations

import numpy as np
from numba import njit, types

from axilla.features.matrices._layout import WALK, check_levels, padded_levels


def grey_tone_differences(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                          n_levels: int) -> np.ndarray:
    """``(n_levels, 3)`` float64: ``n_i`` (all mask voxels of level i), ``s_i``, and the
    number of those voxels with at least one neighbour (IBSI counts only these).

    ``offsets`` holds both directions of each neighbour (``bidirectional=True``).
    """
    check_levels(grey, mask, n_levels)
    levels, voxels, steps, _ = padded_levels(grey, mask, offsets)
    table = np.zeros((n_levels, 3), dtype=np.float64)
    _sum_differences(levels, voxels, steps, table)
    return table


@njit((*WALK, types.float64[:, ::1]), cache=True, nogil=True)
def _sum_differences(levels, voxels, steps, table):
    for v in voxels:
        centre = levels[v]
        found = 0
        total = 0.0
        for a in range(steps.shape[0]):
            other = levels[v + steps[a]]  # 0 outside the mask
            found += other > 0
            total += other
        row = centre - 1
        table[row, 0] += 1.0
        if found > 0:
            table[row, 1] += abs(centre - total / found)
            table[row, 2] += 1.0
