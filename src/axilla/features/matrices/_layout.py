"""The flat, zero-padded level array that every matrix builder walks.

Grey levels inside the mask are kept (1..Ng), everything else becomes 0, and a border
of zeros ``pad`` voxels wide surrounds the volume. A neighbour at ``offset`` of voxel
``v`` is then ``levels[v + step]`` with no bounds check: outside the volume or the mask
both read 0, which is how PyRadiomics treats them.
"""
from __future__ import annotations

import numpy as np

from axilla.errors import InputError
from axilla.features import _kernels


def padded_levels(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray, n_levels: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
    """``(levels, voxels, steps, padded_shape)`` for a 3D ``grey``/``mask`` pair whose
    mask voxels hold levels in 1..n_levels (else InputError).

    levels: flat int32 array; voxels: flat indices of the mask voxels (C order);
    steps: the flat index change of each offset; padded_shape: shape of ``levels``.
    """
    if grey.ndim != 3 or grey.shape != mask.shape:
        raise InputError(f"grey levels {grey.shape} and mask {mask.shape} must be 3D arrays "
                         "of one shape", fix="pass (z, y, x) arrays; a slice as (1, y, x)")
    offsets = np.asarray(offsets, dtype=np.int64).reshape(-1, 3)
    pad = max(1, int(np.abs(offsets).max(initial=0)))
    padded_shape = tuple(int(s) + 2 * pad for s in grey.shape)
    mask = np.ascontiguousarray(mask, dtype=bool)
    voxels = np.empty(np.count_nonzero(mask), dtype=np.int64)
    if voxels.size == 0:
        raise InputError("the mask is empty", fix="check the mask label and the ROI")
    levels = np.zeros(padded_shape, dtype=np.int32)
    low, high = _kernels.pad_levels(np.ascontiguousarray(grey, dtype=np.int32), mask, pad,
                                    levels, voxels)
    if low < 1 or high > n_levels:
        raise InputError(f"grey levels inside the mask span {low}..{high}, outside 1..{n_levels}",
                         fix="discretise the image first (axilla.features.discretize)")
    strides = np.array([padded_shape[1] * padded_shape[2], padded_shape[2], 1], dtype=np.int64)
    return levels.ravel(), voxels, offsets @ strides, padded_shape
