"""Grey-level run-length counts, one matrix per direction.

PyRadiomics ``cmatrices.c::calculate_glrlm``; IBSI 1 manual, section 3.7 (GLRLM): a run
is a maximal line of consecutive mask voxels of one level along a direction; ``P[i, r, a]``
counts runs of level ``i`` and length ``r + 1`` along ``offsets[a]``.
"""
from __future__ import annotations

import numpy as np

from axilla.features import _kernels
from axilla.features.matrices._layout import Walk, padded_levels


def run_length_counts(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray,
                      n_levels: int, walk: Walk | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Run counts ``(n_levels, max(shape), n_offsets)`` and, per direction, whether any
    line of the volume along it holds two or more mask voxels.

    ``offsets`` are unit steps (components in -1..1), one per direction. PyRadiomics
    drops a direction in which every line holds at most one mask voxel (a flat ROI seen
    across its plane); the second output lets a caller do that.
    """
    offsets = np.asarray(offsets, dtype=np.int64).reshape(-1, 3)
    levels, voxels, steps, padded_shape = padded_levels(grey, mask, offsets, n_levels, walk)
    max_length = max(grey.shape)
    # voxels per direction and level whose run goes on for m voxels from there (C kernel:
    # one sweep against each step); a run of length L holds one voxel of each such m
    at_least = np.zeros((len(steps), n_levels, max_length + 2), dtype=np.int64)
    _kernels.count_runs(levels, voxels, steps, np.zeros(levels.shape, np.int32), at_least)
    exact = at_least[:, :, 1:-1] - at_least[:, :, 2:]
    counts = exact.transpose(1, 2, 0).astype(np.float64)
    several = counts[:, 1:].any(axis=(0, 1))  # a run of two or more voxels
    shape = np.array(padded_shape, dtype=np.int64)
    for a in np.flatnonzero(~several):
        several[a] = _kernels.line_holds_two(levels, voxels, np.ascontiguousarray(offsets[a]),
                                             shape)
    return counts, several
