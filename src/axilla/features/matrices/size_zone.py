"""Grey-level size-zone counts.

PyRadiomics ``cmatrices.c::calculate_glszm``; IBSI 1 manual, section 3.8 (GLSZM): a zone
is a connected group of mask voxels of one level, neighbours being the voxels at
``offsets`` (26-connectivity in 3D, 8 in a slice). ``P[i, s]`` counts zones of level ``i``
and size ``s + 1``.
"""
from __future__ import annotations

import numpy as np
from numba import njit, types

from axilla.features.matrices._layout import WALK, check_levels, padded_levels


def size_zone_counts(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                     n_levels: int) -> np.ndarray:
    """``(n_levels, largest zone size)`` float64 counts.

    ``offsets`` holds both directions of each neighbour (``bidirectional=True``).
    """
    check_levels(grey, mask, n_levels)
    levels, voxels, steps, _ = padded_levels(grey, mask, offsets)
    return _count_zones(levels, voxels, steps, n_levels)


@njit((*WALK, types.int64), cache=True, nogil=True)
def _count_zones(levels, voxels, steps, n_levels):
    """Flood fill from each unvisited voxel; a visited voxel's level is set to 0 in a
    working copy, and neighbours are pushed without a branch (the stack top only moves
    on a match)."""
    unvisited = levels.copy()
    stack = np.empty(voxels.shape[0] + 1, dtype=np.int64)
    zone_level = np.empty(voxels.shape[0], dtype=np.int64)
    zone_size = np.empty(voxels.shape[0], dtype=np.int64)
    n_zones = 0
    for start in voxels:
        level = unvisited[start]
        if level == 0:
            continue
        unvisited[start] = 0
        stack[0] = start
        top = 1
        size = 0
        while top > 0:
            top -= 1
            v = stack[top]
            size += 1
            for a in range(steps.shape[0]):
                w = v + steps[a]
                seen = unvisited[w]
                match = seen == level
                stack[top] = w
                top += match
                unvisited[w] = 0 if match else seen
        zone_level[n_zones] = level
        zone_size[n_zones] = size
        n_zones += 1
    counts = np.zeros((n_levels, zone_size[:n_zones].max()), dtype=np.float64)
    for z in range(n_zones):
        counts[zone_level[z] - 1, zone_size[z] - 1] += 1.0
    return counts
