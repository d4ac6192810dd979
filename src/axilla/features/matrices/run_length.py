"""Grey-level run-length counts, one matrix per direction.

PyRadiomics ``cmatrices.c::calculate_glrlm``; IBSI 1 manual, section 3.7 (GLRLM): a run
is a maximal line of consecutive mask voxels of one level along a direction; ``P[i, r, a]``
counts runs of level ``i`` and length ``r + 1`` along ``offsets[a]``.
"""
from __future__ import annotations

import numpy as np
from numba import njit, types

from axilla.features.matrices._layout import (WALK, check_levels, padded_levels,
                                                read_only)


def run_length_counts(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                      n_levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Run counts ``(n_levels, max(shape), n_offsets)`` and, per direction, whether any
    line of the volume along it holds two or more mask voxels.

    ``offsets`` are unit steps (components in -1..1), one per direction. PyRadiomics
    drops a direction in which every line holds at most one mask voxel (a flat ROI seen
    across its plane); the second output lets a caller do that.
    """
    offsets = np.asarray(offsets, dtype=np.int64).reshape(-1, 3)
    check_levels(grey, mask, n_levels)
    levels, voxels, steps, padded_shape = padded_levels(grey, mask, offsets)
    counts = _count_runs(levels, voxels, steps, n_levels, max(grey.shape))
    several = counts[:, 1:].any(axis=(0, 1))  # a run of two or more voxels
    for a in np.flatnonzero(~several):
        several[a] = _line_holds_two(levels, voxels, offsets[a], np.array(padded_shape))
    return counts, several


@njit((*WALK, types.int64, types.int64), cache=True, nogil=True)
def _count_runs(levels, voxels, steps, n_levels, max_length):
    """Per direction, one sweep against the step gives each voxel the length of its run
    from there on (1 + that of the next voxel when both share a level); a run of length
    L holds one voxel of each such length 1..L, so runs of length exactly m are the
    voxels of length m minus those of length m + 1. No branch, no search for run starts."""
    first, last = voxels[0], voxels[-1]
    remaining = np.zeros(levels.shape[0], dtype=np.int32)
    at_least = np.zeros((steps.shape[0], n_levels, max_length + 2), dtype=np.int64)
    for a in range(steps.shape[0]):
        step = steps[a]
        for k in range(last - first + 1):
            v = last - k if step > 0 else first + k
            level = levels[v]
            same = np.int32(levels[v + step] == level)
            remaining[v] = (remaining[v + step] * same + 1) * np.int32(level > 0)
        tally = at_least[a]
        for v in voxels:
            tally[levels[v] - 1, remaining[v]] += 1
    exact = at_least[:, :, 1:-1] - at_least[:, :, 2:]
    return exact.transpose(1, 2, 0).astype(np.float64)


@njit((*WALK[:2], read_only(types.int64, 1, "A"), read_only(types.int64, 1)),
      cache=True, nogil=True)
def _line_holds_two(levels, voxels, offset, padded_shape):
    """True when two mask voxels lie on one line along ``offset``, gaps allowed."""
    ny, nx = padded_shape[1], padded_shape[2]
    for v in voxels:
        z, y, x = v // (ny * nx), (v // nx) % ny, v % nx
        while True:
            z, y, x = z + offset[0], y + offset[1], x + offset[2]
            if not (0 <= z < padded_shape[0] and 0 <= y < ny and 0 <= x < nx):
                break
            if levels[(z * ny + y) * nx + x] > 0:
                return True
    return False
