"""Icosphere vertices: the sampling directions of the 3D local binary pattern.

Reproduces ``trimesh.creation.icosphere`` (used by PyRadiomics' LBP3D): trimesh's stored
unit icosahedron, each subdivision adding one midpoint per edge, then every vertex moved
onto the sphere of the given radius as trimesh does it (``v + unit * (radius - |v|)``).
"""
from __future__ import annotations

import numpy as np

# trimesh's stored unit icosahedron (trimesh/resources/templates/primitives.json).
_A, _B = 0.5257311121191336, 0.85065080835204
ICOSAHEDRON_VERTICES = np.array([
    [-_A, _B, 0], [_A, _B, 0], [-_A, -_B, 0], [_A, -_B, 0],
    [0, -_A, _B], [0, _A, _B], [0, -_A, -_B], [0, _A, -_B],
    [_B, 0, -_A], [_B, 0, _A], [-_B, 0, -_A], [-_B, 0, _A]])
ICOSAHEDRON_FACES = np.array([
    [0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4],
    [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8],
    [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10], [8, 6, 7], [9, 8, 1]])


def _onto_sphere(vertices: np.ndarray, radius: float) -> np.ndarray:
    length = np.sqrt(np.dot(vertices ** 2, [1, 1, 1]))
    return vertices + vertices / length[:, None] * (radius - length)[:, None]


def icosphere_vertices(subdivisions: int, radius: float) -> np.ndarray:
    """(n, 3) vertices of the icosphere (12, 42, 162, ... for 0, 1, 2, ... subdivisions)."""
    vertices, faces = ICOSAHEDRON_VERTICES.astype(np.float64), ICOSAHEDRON_FACES
    for _ in range(subdivisions):
        edges = np.sort(faces[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
        unique, inverse = np.unique(edges, axis=0, return_inverse=True)
        middle = inverse.reshape(-1, 3) + len(vertices)
        vertices = np.vstack([vertices, vertices[unique].mean(axis=1)])
        faces = np.column_stack([
            faces[:, 0], middle[:, 0], middle[:, 2], middle[:, 0], faces[:, 1], middle[:, 1],
            middle[:, 2], middle[:, 1], faces[:, 2], middle[:, 0], middle[:, 1], middle[:, 2],
        ]).reshape(-1, 3)
        vertices = _onto_sphere(vertices, radius)
    if subdivisions <= 0:
        vertices = _onto_sphere(vertices, radius)
    return vertices
