"""The flat, zero-padded level array that every matrix builder walks.

Grey levels inside the mask are kept (1..Ng), everything else becomes 0, and a border
of zeros ``pad`` voxels wide surrounds the volume. A neighbour at ``offset`` of voxel
``v`` is then ``levels[v + step]`` with no bounds check: outside the volume or the mask
both read 0, which is how PyRadiomics treats them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from axilla.errors import InputError
from axilla.features import _kernels


@dataclass(frozen=True)
class Walk:
    """The padded levels of one grey/mask pair: what ``padded_levels`` returns for every
    offset set reaching at most ``pad`` voxels (families of one ROI share it)."""

    levels: np.ndarray
    voxels: np.ndarray
    padded_shape: tuple[int, ...]
    pad: int


def reach(offsets: np.ndarray) -> int:
    """The border width ``offsets`` need: their largest step along an axis, at least 1."""
    return max(1, int(np.abs(offsets).max(initial=0)))


def pad_walk(grey: np.ndarray, mask: np.ndarray, pad: int, n_levels: int) -> Walk:
    """The padded levels and voxel list of a 3D ``grey``/``mask`` pair whose mask voxels
    hold levels in 1..n_levels (else InputError), with a border ``pad`` voxels wide."""
    if grey.ndim != 3 or grey.shape != mask.shape:
        raise InputError(f"grey levels {grey.shape} and mask {mask.shape} must be 3D arrays "
                         "of one shape", fix="pass (z, y, x) arrays; a slice as (1, y, x)")
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
    return Walk(levels.ravel(), voxels, padded_shape, pad)


def padded_levels(grey: np.ndarray, mask: np.ndarray, offsets: np.ndarray, n_levels: int,
                  walk: Walk | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
    """``(levels, voxels, steps, padded_shape)`` for a 3D ``grey``/``mask`` pair whose
    mask voxels hold levels in 1..n_levels (else InputError).

    levels: flat int32 array; voxels: flat indices of the mask voxels (C order);
    steps: the flat index change of each offset; padded_shape: shape of ``levels``.
    ``walk``: this pair's ``pad_walk``, made once for several offset sets (its border
    must reach as far as ``offsets``).
    """
    offsets = np.asarray(offsets, dtype=np.int64).reshape(-1, 3)
    if walk is None or walk.pad < reach(offsets):
        walk = pad_walk(grey, mask, reach(offsets), n_levels)
    shape = walk.padded_shape
    strides = np.array([shape[1] * shape[2], shape[2], 1], dtype=np.int64)
    return walk.levels, walk.voxels, offsets @ strides, shape
