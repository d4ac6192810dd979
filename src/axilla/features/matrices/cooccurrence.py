"""Grey-level co-occurrence counts, one matrix per offset.

PyRadiomics ``cmatrices.c::calculate_glcm``; IBSI 1 manual, section 3.6 (GLCM):
``P[i, j, a]`` counts mask voxels of level ``i`` whose neighbour at ``offsets[a]`` is in
the mask with level ``j``. Counts are not symmetrised, merged or normalised.
"""
from __future__ import annotations

import numpy as np

from axilla.features import _kernels
from axilla.features.matrices._layout import Walk, padded_levels


def cooccurrence_counts(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                        n_levels: int, walk: Walk | None = None) -> np.ndarray:
    """``(n_levels, n_levels, n_offsets)`` float64 counts for a (z, y, x) volume.

    ``offsets`` is an ``(n, 3)`` int array, e.g. from ``pyradiomics_offsets``; a single
    slice is a ``(1, y, x)`` volume with in-plane offsets.
    """
    levels, voxels, steps, _ = padded_levels(grey, mask, offsets, n_levels, walk)
    counts = np.zeros((n_levels, n_levels + 1, len(steps)), dtype=np.float64)
    _kernels.count_pairs(levels, voxels, steps, counts)  # column 0: neighbours outside the mask
    return counts[:, 1:]
