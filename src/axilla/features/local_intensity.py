"""Local intensity features (``loc_*``), IBSI 1 manual section 3.2.

The local mean at a voxel is the mean of all image voxels (inside or outside the ROI)
whose centres lie within a sphere of 1 cm^3 (radius 6.2035 mm) around it. Local
intensity peak: the largest local mean among the ROI voxels of maximum intensity; global
intensity peak: the largest local mean over all ROI voxels. Sums by FFT convolution over
the ROI box plus the sphere radius (round-off only; neighbour counts are integers).
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.convolution import convolve_same

RADIUS_MM = (3.0 * 1000.0 / (4.0 * np.pi)) ** (1.0 / 3.0)


def sphere_kernel(spacing: tuple[float, float, float]) -> np.ndarray:
    """Boolean kernel of the voxel offsets whose centres are within RADIUS_MM."""
    half = [int(np.floor(RADIUS_MM / s)) for s in spacing]
    grids = np.meshgrid(*[np.arange(-h, h + 1) * s for h, s in zip(half, spacing)], indexing="ij")
    return sum(g**2 for g in grids) <= RADIUS_MM**2


def local_intensity(image: np.ndarray, roi: np.ndarray, spacing) -> dict[str, float]:
    """``loc_peak_loc`` and ``loc_peak_glob`` of the (interpolated) image in ``roi``."""
    kernel = sphere_kernel(spacing)
    half = np.array(kernel.shape) // 2
    where = np.argwhere(roi)
    start = np.maximum(where.min(axis=0) - half, 0)
    stop = np.minimum(where.max(axis=0) + half + 1, image.shape)
    box = tuple(slice(a, b) for a, b in zip(start, stop))
    region = image[box].astype(np.float64)
    sums, counts = convolve_same([region, np.ones(region.shape)], kernel.astype(np.float64))
    local_mean = (sums / np.round(counts))[roi[box]]
    values = image[box][roi[box]]
    return {"loc_peak_loc": float(local_mean[values == values.max()].max()),
            "loc_peak_glob": float(local_mean.max())}
