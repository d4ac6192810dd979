"""Grey-level dependence counts (GLDM / NGLDM).

PyRadiomics ``cmatrices.c::calculate_gldm``; IBSI 1 manual, section 3.11 (NGLDM):
a neighbour at one of ``offsets`` is dependent when it is in the mask and its level
differs from the centre's by at most ``alpha``. ``P[i, k]`` counts mask voxels of level
``i`` with exactly ``k`` dependent neighbours (IBSI's dependence ``k + 1``).
"""
from __future__ import annotations

import numpy as np

from axilla.features import _kernels
from axilla.features.matrices._layout import Walk, padded_levels


def dependence_counts(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                      n_levels: int, alpha: int = 0, walk: Walk | None = None) -> np.ndarray:
    """``(n_levels, n_offsets + 1)`` float64 counts; column ``k``: ``k`` dependent neighbours.

    ``offsets`` holds both directions of each neighbour (``bidirectional=True``).
    """
    levels, voxels, steps, _ = padded_levels(grey, mask, offsets, n_levels, walk)
    counts = np.zeros((n_levels, len(steps) + 1), dtype=np.float64)
    _kernels.count_dependences(levels, voxels, steps, int(alpha), counts)
    return counts
