"""Morphological features (``morph_*``), IBSI 1 manual section 3.1.

The ROI surface is a triangle mesh from marching cubes (level 0.5) on the zero-padded
morphological mask: volume by the divergence theorem (3.1.1), area as the sum of triangle
areas (3.1.3), and the ratios 3.1.4-3.1.9. Centre-of-mass shift (3.1.10), maximum 3D
diameter over mesh vertices (3.1.11), PCA axes of the voxel centres (3.1.12-3.1.16,
axis = 4 sqrt(eigenvalue)), volume and area densities of the axis-aligned bounding box,
the approximate enclosing ellipsoid (Legendre series, 20 terms) and the convex hull
(3.1.17-3.1.20), integrated intensity (3.1.21), Moran's I and Geary's C (3.1.22-3.1.23).
Ratios with a zero denominator (one voxel; an ellipsoid with a zero axis, e.g. a single-slice
ROI; intensities summing to 0 for the centre-of-mass shift) are undefined and NaN. Not implemented (no IBSI reference values): densities of the oriented minimum bounding box
and of the minimum volume enclosing ellipsoid.
"""
from __future__ import annotations

import numpy as np
from numpy.polynomial import legendre, polynomial
from scipy.spatial import ConvexHull
from scipy.spatial.distance import pdist
from skimage.measure import marching_cubes

from axilla.features.ibsi.autocorrelation import moran_geary


def roi_mesh(roi: np.ndarray, spacing) -> tuple[np.ndarray, np.ndarray]:
    """Vertices (mm) and triangles of the ROI surface."""
    vertices, faces, _, _ = marching_cubes(np.pad(roi, 1).astype(np.float64), level=0.5,
                                           spacing=tuple(float(s) for s in spacing))
    return vertices, faces


def mesh_volume_area(vertices: np.ndarray, faces: np.ndarray) -> tuple[float, float]:
    """Enclosed volume and surface area of a closed triangle mesh."""
    a, b, c = (vertices[faces[:, k]] for k in range(3))
    volume = abs(float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum())) / 6.0
    area = float(np.linalg.norm(np.cross(b - a, c - a), axis=1).sum()) / 2.0
    return volume, area


def ellipsoid_area(a: float, b: float, c: float, terms: int = 20) -> float:
    """Surface area of an ellipsoid with semi-axes a >= b >= c (IBSI 3.1.19 series).

    A = 4 pi a b sum_v (alpha beta)^v / (1 - 4 v^2) P_v((alpha^2 + beta^2) / (2 alpha beta));
    each term is expanded as a polynomial so alpha beta = 0 (a = b) needs no division.
    This is the IBSI's formula, whose reference values it reproduces; it equals the true
    area for a sphere but not in general (3 % low for semi-axes 5, 3, 2).
    """
    alpha = np.sqrt(1 - b**2 / a**2)
    beta = np.sqrt(1 - c**2 / a**2)
    half_sum = (alpha**2 + beta**2) / 2.0
    total = 0.0
    for v in range(terms + 1):
        coefficients = polynomial.polytrim(legendre.leg2poly([0] * v + [1]), 0)
        term = sum(coef * half_sum**k * (alpha * beta) ** (v - k)
                   for k, coef in enumerate(coefficients) if coef != 0)
        total += term / (1 - 4 * v**2)
    return float(4 * np.pi * a * b * total)


def _divide(numerator: float, denominator: float) -> float:
    """``numerator / denominator``; NaN (feature undefined) when the denominator is 0."""
    return float(numerator / denominator) if denominator != 0 else float("nan")


def morphology(image: np.ndarray, morph_roi: np.ndarray, intensity_roi: np.ndarray,
               spacing) -> dict[str, float]:
    """The 25 IBSI morphological features with reference values."""
    spacing = np.asarray(spacing, dtype=np.float64)
    vertices, faces = roi_mesh(morph_roi, spacing)
    volume, area = mesh_volume_area(vertices, faces)
    positions = np.argwhere(morph_roi) * spacing
    int_positions = np.argwhere(intensity_roi) * spacing
    int_values = image[intensity_roi].astype(np.float64)
    weighted_centre = [_divide(float((int_positions[:, k] * int_values).sum()), float(int_values.sum()))
                       for k in range(3)]
    shift = positions.mean(axis=0) - np.asarray(weighted_centre)
    eigen = (np.clip(np.sort(np.linalg.eigvalsh(np.cov(positions.T)))[::-1], 0, None)
             if len(positions) > 1 else np.zeros(3))
    major, minor, least = eigen
    hull = ConvexHull(vertices)
    extent = vertices.max(axis=0) - vertices.min(axis=0)
    semi = 2.0 * np.sqrt(eigen)
    moran, geary = moran_geary(image, intensity_roi, spacing)
    sphere_term = 36.0 * np.pi * volume**2
    features = {
        "morph_volume": volume,
        "morph_vol_approx": float(morph_roi.sum() * spacing.prod()),
        "morph_area_mesh": area,
        "morph_av": area / volume,
        "morph_comp_1": volume / (np.sqrt(np.pi) * area**1.5),
        "morph_comp_2": sphere_term / area**3,
        "morph_sph_dispr": area / sphere_term ** (1.0 / 3.0),
        "morph_sphericity": sphere_term ** (1.0 / 3.0) / area,
        "morph_asphericity": (area**3 / sphere_term) ** (1.0 / 3.0) - 1.0,
        "morph_com": float(np.linalg.norm(shift)),
        "morph_diam": float(pdist(vertices[hull.vertices]).max()),
        "morph_pca_maj_axis": float(4 * np.sqrt(major)),
        "morph_pca_min_axis": float(4 * np.sqrt(minor)),
        "morph_pca_least_axis": float(4 * np.sqrt(least)),
        "morph_pca_elongation": np.sqrt(_divide(minor, major)),
        "morph_pca_flatness": np.sqrt(_divide(least, major)),
        "morph_vol_dens_aabb": volume / float(extent.prod()),
        "morph_area_dens_aabb": area / float(2 * (extent[0] * extent[1] + extent[0] * extent[2]
                                                  + extent[1] * extent[2])),
        "morph_vol_dens_aee": _divide(volume, 4 * np.pi / 3 * semi.prod()),
        "morph_area_dens_aee": _divide(area, ellipsoid_area(*semi)) if major > 0 else float("nan"),
        "morph_vol_dens_conv_hull": volume / float(hull.volume),
        "morph_area_dens_conv_hull": area / float(hull.area),
        "morph_integ_int": volume * float(int_values.mean()),
        "morph_moran_i": moran,
        "morph_geary_c": geary,
    }
    return {name: float(value) for name, value in features.items()}
