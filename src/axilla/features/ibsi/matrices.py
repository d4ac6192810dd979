"""IBSI texture matrices per axial slice or for the whole volume, from the engine's builders.

``axilla.features.matrices`` counts one matrix per offset for a (z, y, x) volume; here
they are called per (1, y, x) slice when ``by_slice`` (IBSI 2D and 2.5D aggregation) or
once for the volume (3D), and put in IBSI form with a leading slice axis. IBSI 1 manual
sections 3.6 (GLCM: symmetric, so counts plus their transpose), 3.7 (GLRLM), 3.10 (NGTDM:
only voxels with a neighbour count), 3.11 (NGLDM: dependence = 1 + matching neighbours).
Grey levels are 1..Ng inside the ROI and 0 outside.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from axilla.features import matrices


def _stacked(build: Callable[[np.ndarray, np.ndarray], np.ndarray], grey: np.ndarray,
             by_slice: bool, empty: tuple[int, ...]) -> np.ndarray:
    """``build(grey, roi)`` for each axial slice (zeros of shape ``empty`` for a slice without
    ROI voxels) or once for the volume, stacked on a leading axis."""
    parts = [grey[z:z + 1] for z in range(grey.shape[0])] if by_slice else [grey]
    return np.stack([build(part, part > 0) if part.any() else np.zeros(empty) for part in parts])


def cooccurrence(grey: np.ndarray, offsets: np.ndarray, n_levels: int, by_slice: bool
                 ) -> np.ndarray:
    """Symmetric co-occurrence counts, shape (slices, directions, Ng, Ng)."""
    def build(part, roi):
        counts = np.moveaxis(matrices.cooccurrence_counts(part, roi, offsets, n_levels), 2, 0)
        return counts + np.swapaxes(counts, 1, 2)
    return _stacked(build, grey, by_slice, (len(offsets), n_levels, n_levels))


def run_lengths(grey: np.ndarray, offsets: np.ndarray, n_levels: int, by_slice: bool
                ) -> np.ndarray:
    """Run counts, shape (slices, directions, Ng, longest possible run)."""
    longest = max(grey.shape)

    def build(part, roi):
        counts = np.moveaxis(matrices.run_length_counts(part, roi, offsets, n_levels)[0], 2, 0)
        return np.pad(counts, ((0, 0), (0, 0), (0, longest - counts.shape[2])))
    return _stacked(build, grey, by_slice, (len(offsets), n_levels, longest))


def grey_tone_sums(grey: np.ndarray, offsets: np.ndarray, n_levels: int, by_slice: bool
                   ) -> np.ndarray:
    """NGTDM, shape (slices, 2, Ng): s_i in [:, 0], n_i (voxels with a neighbour) in [:, 1]."""
    def build(part, roi):
        return matrices.grey_tone_differences(part, roi, offsets, n_levels)[:, 1:].T
    return _stacked(build, grey, by_slice, (2, n_levels))


def dependence(grey: np.ndarray, offsets: np.ndarray, n_levels: int, alpha: int, by_slice: bool
               ) -> np.ndarray:
    """NGLDM, shape (slices, Ng, neighbours + 1); column k holds dependence k + 1."""
    def build(part, roi):
        return matrices.dependence_counts(part, roi, offsets, n_levels, alpha)
    return _stacked(build, grey, by_slice, (n_levels, len(offsets) + 1))
