"""2D shape features of a single-slice ROI, from a marching-squares contour.

Definitions: PyRadiomics docs "Shape Features (2D)" (``radiomics/shape2D.py``); no IBSI
equivalents. The contour is PyRadiomics' marching squares (``radiomics/src/cshape.c``,
``calculate_coefficients2D``): the mask padded by one pixel, contour points at edge
midpoints; surface by the shoelace formula, perimeter as the summed segment lengths,
maximum diameter as the largest distance between contour points. A 3D input needs
``force2D`` and one slice along ``force2Ddimension``.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from axilla.errors import InputError
from axilla.features.registry import FeatureSpec
from axilla.features.shape import max_squared_distance, principal_eigenvalues

FEATURES = (
    FeatureSpec("shape2D", "MeshSurface"),
    FeatureSpec("shape2D", "PixelSurface"),
    FeatureSpec("shape2D", "Perimeter"),
    FeatureSpec("shape2D", "PerimeterSurfaceRatio"),
    FeatureSpec("shape2D", "Sphericity"),
    FeatureSpec("shape2D", "SphericalDisproportion", default=False),
    FeatureSpec("shape2D", "MaximumDiameter"),
    FeatureSpec("shape2D", "MajorAxisLength"),
    FeatureSpec("shape2D", "MinorAxisLength"),
    FeatureSpec("shape2D", "Elongation"),
)

#: square corners (y, x); bit a of the square index is corner a.
CORNERS = np.array([(0, 0), (0, 1), (1, 1), (1, 0)])
#: midpoint of each square edge (y, x).
EDGE_MIDPOINTS = np.array([(0, .5), (.5, 1), (1, .5), (.5, 0)])
#: contour segments of each square index, two edge numbers per segment.
_SEGMENTS = ('', '30', '01', '31', '12', '1230', '02', '32', '23', '20', '0123', '21',
             '13', '10', '03', '')
#: a square whose corner bit is set (after complementing indices > 7) owns the contour
#: point on this edge, so every point is listed once: corner 0 -> edge 3, corner 2 -> 2.
OWNED_EDGES = ((0, 3), (2, 2))


def contour(padded: np.ndarray, spacing) -> tuple[float, float, np.ndarray]:
    """Perimeter, enclosed surface and contour points (mm, y x) of the padded 2D mask."""
    spacing = np.asarray(spacing, dtype=np.float64)
    ny, nx = (s - 1 for s in padded.shape)
    index = np.zeros((ny, nx), dtype=np.uint8)
    for bit, (dy, dx) in enumerate(CORNERS):
        index |= padded[dy:dy + ny, dx:dx + nx].astype(np.uint8) << bit
    perimeter = surface = 0.0
    for config, text in enumerate(_SEGMENTS):
        squares = np.argwhere(index == config)
        for s in range(0, len(text), 2):
            a = (squares + EDGE_MIDPOINTS[int(text[s])]) * spacing
            b = (squares + EDGE_MIDPOINTS[int(text[s + 1])]) * spacing
            surface += np.sum(a[:, 0] * b[:, 1] - b[:, 0] * a[:, 1])
            perimeter += np.sum(np.sqrt(np.sum((a - b) ** 2, axis=1)))
    owner = np.where((index > 7) & (index < 15), index ^ 0xF, index)
    owner[index == 15] = 0
    points = np.concatenate([(np.argwhere(owner & (1 << bit) > 0) + EDGE_MIDPOINTS[edge])
                             * spacing for bit, edge in OWNED_EDGES])
    return float(perimeter), float(surface / 2), points


def slice_of(mask: np.ndarray, spacing_zyx, settings: Mapping
             ) -> tuple[np.ndarray, np.ndarray]:
    """The 2D mask and its (row, column) spacing: a 2D mask, or a 3D one with one slice."""
    spacing = np.asarray(spacing_zyx, dtype=np.float64)
    if mask.ndim == 2:
        return mask, spacing
    axis = settings.get("force2Ddimension") or 0
    if not settings.get("force2D"):
        raise InputError("shape2D of a 3D mask needs force2D: true",
                         fix="set force2D: true, or remove shape2D from featureClass")
    if mask.shape[axis] != 1:
        raise InputError(f"shape2D needs an ROI one voxel thick along axis {axis}, this one"
                         f" spans {mask.shape[axis]}",
                         fix="use a single-slice mask or remove shape2D from featureClass")
    return np.squeeze(mask, axis=axis), np.delete(spacing, axis)


def compute(mask: np.ndarray, spacing_zyx, settings: Mapping) -> dict[str, float]:
    """Every 2D shape feature of the bool ROI ``mask`` (cropped to its bounding box)."""
    roi, spacing = slice_of(mask.astype(bool), spacing_zyx, settings)
    padded = np.pad(roi, 1)
    perimeter, surface, points = contour(padded, spacing)
    minor, major = principal_eigenvalues(padded, spacing)
    sphericity = 2 * np.sqrt(np.pi * surface) / perimeter
    return {
        "MeshSurface": surface,
        "PixelSurface": float(padded.sum() * spacing[1] * spacing[0]),
        "Perimeter": perimeter,
        "PerimeterSurfaceRatio": perimeter / surface,
        "Sphericity": float(sphericity),
        "SphericalDisproportion": float(1.0 / sphericity),
        "MaximumDiameter": float(np.sqrt(max_squared_distance(points))),
        "MajorAxisLength": float(np.sqrt(major) * 4),
        "MinorAxisLength": float(np.sqrt(minor) * 4),
        "Elongation": float(np.sqrt(minor / major)) if major > 0 else 0.0,
    }
