"""Grey-level size-zone counts.

PyRadiomics ``cmatrices.c::calculate_glszm``; IBSI 1 manual, section 3.8 (GLSZM): a zone
is a connected group of mask voxels of one level, neighbours being the voxels at
``offsets`` (26-connectivity in 3D, 8 in a slice). ``P[i, s]`` counts zones of level ``i``
and size ``s + 1``.
"""
from __future__ import annotations

import numpy as np

from axilla.features import _kernels
from axilla.features.matrices._layout import Walk, padded_levels


def size_zone_counts(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                     n_levels: int, walk: Walk | None = None) -> np.ndarray:
    """``(n_levels, largest zone size)`` float64 counts.

    ``offsets`` holds both directions of each neighbour (``bidirectional=True``).
    The zones come from a flood fill over the neighbours at ``offsets`` (C kernel).
    """
    levels, voxels, steps, _ = padded_levels(grey, mask, offsets, n_levels, walk)
    n = len(voxels)
    zone_level, zone_size = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    n_zones = _kernels.count_zones(levels.copy(), voxels, steps, np.empty(n + 1, np.int64),
                                   zone_level, zone_size)
    largest = int(zone_size[:n_zones].max())
    cells = (zone_level[:n_zones] - 1) * largest + zone_size[:n_zones] - 1
    counts = np.bincount(cells, minlength=n_levels * largest)
    return counts.reshape(n_levels, largest).astype(np.float64)
