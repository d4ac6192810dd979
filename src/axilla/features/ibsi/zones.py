"""Zones of connected voxels with one grey level, with size and distance to the ROI edge.

IBSI 1 manual, section 3.8 (GLSZM: zones linked by 26-connectivity in 3D, 8 in 2D) and
3.9 (GLDZM: distance of a voxel to the ROI edge = fewest 6- (3D) or 4- (2D) connected
steps to a voxel outside the ROI, 1 at the edge; a zone's distance is its minimum).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage


@dataclass(frozen=True)
class Zones:
    """One entry per zone: grey level, size (voxels), distance to the edge, z index."""

    levels: np.ndarray
    sizes: np.ndarray
    distances: np.ndarray
    slices: np.ndarray


def _structures(by_slice: bool) -> tuple[np.ndarray, np.ndarray]:
    linkage = np.ones((3, 3, 3), bool)
    steps = ndimage.generate_binary_structure(3, 1)
    if by_slice:
        linkage[0] = linkage[2] = False
        steps[0] = steps[2] = False
    return linkage, steps


def edge_distance(roi: np.ndarray, by_slice: bool) -> np.ndarray:
    """City-block distance of ROI voxels to the nearest voxel outside the ROI (edge = 1)."""
    _, steps = _structures(by_slice)
    padded = np.pad(roi, 1)
    return ndimage.distance_transform_cdt(padded, metric=steps)[1:-1, 1:-1, 1:-1]


def find_zones(grey: np.ndarray, distance_roi: np.ndarray, by_slice: bool) -> Zones:
    """All zones of ``grey`` (0 = outside); distances measured from ``distance_roi``'s edge."""
    linkage, _ = _structures(by_slice)
    distance = edge_distance(distance_roi, by_slice)
    parts = []
    for level in np.unique(grey[grey > 0]):
        labels, count = ndimage.label(grey == level, structure=linkage)
        where = np.nonzero(labels)
        zone = labels[where]
        nearest = np.full(count + 1, np.iinfo(np.int64).max)
        np.minimum.at(nearest, zone, distance[where])
        z_of_zone = np.zeros(count + 1, np.int64)
        z_of_zone[zone] = where[0]  # a zone lies in one slice when by_slice; unused in 3D
        parts.append((np.full(count, level), np.bincount(zone, minlength=count + 1)[1:],
                      nearest[1:], z_of_zone[1:]))
    levels, sizes, distances, slices = (np.concatenate(p).astype(np.int64) for p in zip(*parts))
    return Zones(levels, sizes, distances, slices)
