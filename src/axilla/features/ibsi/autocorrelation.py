"""Moran's I and Geary's C of the ROI intensities, exactly, by FFT convolution.

IBSI 1 manual section 3.1.22-3.1.23: with weights w_ij = 1 / ||r_i - r_j|| (mm) over all
pairs of distinct ROI voxels, W = sum w_ij and deviations d_i = x_i - mean,
I = N / W * sum w_ij d_i d_j / sum d_i^2 and
C = (N - 1) / (2 W) * sum w_ij (x_i - x_j)^2 / sum d_i^2.
w_ij depends only on the offset r_i - r_j, so each double sum is a dot product with a
convolution (w * a)_i = sum_j w(r_i - r_j) a_j, done exactly (no sampling) with FFTs
(round-off only).
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.convolution import convolve_same


def _inverse_distance_kernel(shape: tuple[int, ...], spacing) -> np.ndarray:
    axes = [np.arange(-(n - 1), n) * s for n, s in zip(shape, spacing)]
    grids = np.meshgrid(*axes, indexing="ij")
    distance = np.sqrt(sum(g**2 for g in grids))
    centre = tuple(n - 1 for n in shape)
    distance[centre] = np.inf
    return 1.0 / distance


def moran_geary(image: np.ndarray, roi: np.ndarray, spacing) -> tuple[float, float]:
    """(Moran's I, Geary's C) of ``image`` inside ``roi``; NaN for fewer than 2 voxels or
    equal intensities (both are undefined then)."""
    values = image[roi]
    if values.size < 2 or np.all(values == values[0]):
        return float("nan"), float("nan")
    where = np.argwhere(roi)
    box = tuple(slice(a, b + 1) for a, b in zip(where.min(axis=0), where.max(axis=0)))
    inside = roi[box]
    deviation = np.where(inside, image[box] - values.mean(), 0.0)
    kernel = _inverse_distance_kernel(inside.shape, spacing)
    w_ones, w_dev = convolve_same([inside.astype(np.float64), deviation], kernel)
    n = inside.sum()
    total_weight = float((w_ones * inside).sum())
    squares = float((deviation**2).sum())
    cross = float((deviation * w_dev).sum())
    spread = 2.0 * float((deviation**2 * w_ones).sum()) - 2.0 * cross
    moran = n / total_weight * cross / squares
    geary = (n - 1) / (2.0 * total_weight) * spread / squares
    return float(moran), float(geary)
