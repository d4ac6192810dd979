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
def _inside(z, y, x, shape):
    return 0 <= z < shape[0] and 0 <= y < shape[1] and 0 <= x < shape[2]


@njit(cache=True)
def cooccurrence_counts(grey, offsets, n_levels, per_slice):
    """Symmetric co-occurrence counts, shape (slices, directions, Ng, Ng)."""
    nz, ny, nx = grey.shape
    out = np.zeros((nz if per_slice else 1, offsets.shape[0], n_levels, n_levels))
    for z in range(nz):
        s = z if per_slice else 0
        for y in range(ny):
            for x in range(nx):
                g = grey[z, y, x]
                if g == 0:
                    continue
                for d in range(offsets.shape[0]):
                    z2, y2, x2 = z + offsets[d, 0], y + offsets[d, 1], x + offsets[d, 2]
                    if not _inside(z2, y2, x2, grey.shape):
                        continue
                    h = grey[z2, y2, x2]
                    if h == 0:
                        continue
                    out[s, d, g - 1, h - 1] += 1.0
                    out[s, d, h - 1, g - 1] += 1.0
    return out


@njit(cache=True)
def run_length_counts(grey, offsets, n_levels, per_slice):
    """Run counts, shape (slices, directions, Ng, longest possible run)."""
    nz, ny, nx = grey.shape
    longest = max(nz, max(ny, nx))
    out = np.zeros((nz if per_slice else 1, offsets.shape[0], n_levels, longest))
    for d in range(offsets.shape[0]):
        dz, dy, dx = offsets[d, 0], offsets[d, 1], offsets[d, 2]
        for z in range(nz):
            s = z if per_slice else 0
            for y in range(ny):
                for x in range(nx):
                    g = grey[z, y, x]
                    if g == 0:
                        continue
                    if _inside(z - dz, y - dy, x - dx, grey.shape) and grey[z - dz, y - dy, x - dx] == g:
                        continue  # not the first voxel of its run
                    length = 1
                    while (_inside(z + length * dz, y + length * dy, x + length * dx, grey.shape)
                           and grey[z + length * dz, y + length * dy, x + length * dx] == g):
                        length += 1
                    out[s, d, g - 1, length - 1] += 1.0
    return out


@njit(cache=True)
def grey_tone_sums(grey, offsets, n_levels):
    """NGTDM per z index: shape (nz, 2, Ng) with s_i in [:, 0] and n_i in [:, 1].

    Only voxels with at least one neighbour in the ROI are counted.
    """
    nz, ny, nx = grey.shape
    out = np.zeros((nz, 2, n_levels))
    for z in range(nz):
        for y in range(ny):
            for x in range(nx):
                g = grey[z, y, x]
                if g == 0:
                    continue
                total = 0.0
                count = 0
                for d in range(offsets.shape[0]):
                    z2, y2, x2 = z + offsets[d, 0], y + offsets[d, 1], x + offsets[d, 2]
                    if _inside(z2, y2, x2, grey.shape) and grey[z2, y2, x2] > 0:
                        total += grey[z2, y2, x2]
                        count += 1
                if count > 0:
                    out[z, 0, g - 1] += abs(g - total / count)
                    out[z, 1, g - 1] += 1.0
    return out


@njit(cache=True)
def dependence_counts(grey, offsets, n_levels, alpha):
    """NGLDM per z index: shape (nz, Ng, neighbours + 1); dependence k = 1 + matches."""
    nz, ny, nx = grey.shape
    out = np.zeros((nz, n_levels, offsets.shape[0] + 1))
    for z in range(nz):
        for y in range(ny):
            for x in range(nx):
                g = grey[z, y, x]
                if g == 0:
                    continue
                k = 0
                for d in range(offsets.shape[0]):
                    z2, y2, x2 = z + offsets[d, 0], y + offsets[d, 1], x + offsets[d, 2]
                    if (_inside(z2, y2, x2, grey.shape) and grey[z2, y2, x2] > 0
                            and abs(grey[z2, y2, x2] - g) <= alpha):
                        k += 1
                out[z, g - 1, k] += 1.0
    return out
