"""Texture matrix counts (numba), per axial slice or for the whole volume.

Grey levels are 1..Ng inside the ROI and 0 outside. Offsets are (dz, dy, dx) rows.
``per_slice=True`` keeps one matrix per z index (IBSI 2D and 2.5D aggregation), otherwise
one matrix for the volume (3D). Definitions: IBSI 1 manual sections 3.6 (GLCM, symmetric
pair counts), 3.7 (GLRLM runs), 3.10 (NGTDM), 3.11 (NGLDM); neighbours outside the ROI
are ignored throughout.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _level(grey, z, y, x):
    """Grey level at (z, y, x); 0 (outside the ROI) beyond the array."""
    if 0 <= z < grey.shape[0] and 0 <= y < grey.shape[1] and 0 <= x < grey.shape[2]:
        return grey[z, y, x]
    return 0


@njit(cache=True)
def cooccurrence_counts(grey, offsets, n_levels, per_slice):
    """Symmetric co-occurrence counts, shape (slices, directions, Ng, Ng)."""
    out = np.zeros((grey.shape[0] if per_slice else 1, offsets.shape[0], n_levels, n_levels))
    zs, ys, xs = np.nonzero(grey)
    for v in range(zs.size):
        z, y, x = zs[v], ys[v], xs[v]
        g = grey[z, y, x]
        for d in range(offsets.shape[0]):
            h = _level(grey, z + offsets[d, 0], y + offsets[d, 1], x + offsets[d, 2])
            if h > 0:
                out[z if per_slice else 0, d, g - 1, h - 1] += 1.0
                out[z if per_slice else 0, d, h - 1, g - 1] += 1.0
    return out


@njit(cache=True)
def run_length_counts(grey, offsets, n_levels, per_slice):
    """Run counts, shape (slices, directions, Ng, longest possible run)."""
    longest = max(grey.shape[0], max(grey.shape[1], grey.shape[2]))
    out = np.zeros((grey.shape[0] if per_slice else 1, offsets.shape[0], n_levels, longest))
    zs, ys, xs = np.nonzero(grey)
    for v in range(zs.size):
        z, y, x = zs[v], ys[v], xs[v]
        g = grey[z, y, x]
        for d in range(offsets.shape[0]):
            dz, dy, dx = offsets[d, 0], offsets[d, 1], offsets[d, 2]
            if _level(grey, z - dz, y - dy, x - dx) == g:
                continue  # not the first voxel of its run
            length = 1
            while _level(grey, z + length * dz, y + length * dy, x + length * dx) == g:
                length += 1
            out[z if per_slice else 0, d, g - 1, length - 1] += 1.0
    return out


@njit(cache=True)
def grey_tone_sums(grey, offsets, n_levels):
    """NGTDM per z index: shape (nz, 2, Ng) with s_i in [:, 0] and n_i in [:, 1].

    Only voxels with at least one neighbour in the ROI are counted.
    """
    out = np.zeros((grey.shape[0], 2, n_levels))
    zs, ys, xs = np.nonzero(grey)
    for v in range(zs.size):
        z, y, x = zs[v], ys[v], xs[v]
        total = 0.0
        count = 0
        for d in range(offsets.shape[0]):
            h = _level(grey, z + offsets[d, 0], y + offsets[d, 1], x + offsets[d, 2])
            if h > 0:
                total += h
                count += 1
        if count > 0:
            g = grey[z, y, x]
            out[z, 0, g - 1] += abs(g - total / count)
            out[z, 1, g - 1] += 1.0
    return out


@njit(cache=True)
def dependence_counts(grey, offsets, n_levels, alpha):
    """NGLDM per z index: shape (nz, Ng, neighbours + 1); dependence k = 1 + matches."""
    out = np.zeros((grey.shape[0], n_levels, offsets.shape[0] + 1))
    zs, ys, xs = np.nonzero(grey)
    for v in range(zs.size):
        z, y, x = zs[v], ys[v], xs[v]
        g = grey[z, y, x]
        k = 0
        for d in range(offsets.shape[0]):
            h = _level(grey, z + offsets[d, 0], y + offsets[d, 1], x + offsets[d, 2])
            if h > 0 and abs(h - g) <= alpha:
                k += 1
        out[z, g - 1, k] += 1.0
    return out
