"""3D shape features from a marching-cubes mesh of the ROI and from voxel positions.

Definitions: PyRadiomics docs "Shape Features (3D)" (``radiomics/shape.py``) and IBSI 1
manual, section "Morphological features" (codes below). The mesh is PyRadiomics'
marching cubes (``radiomics/src/cshape.c``): the mask padded by one voxel, vertices at
edge midpoints, triangles from the classic Lorensen & Cline (1987) table in PyRadiomics'
corner order, halved by complement symmetry (a cube with corner 7 inside uses its
complement's triangles with the volume sign flipped). Volume is the divergence-theorem
sum of signed tetrahedra, area the sum of triangle areas; diameters are the largest
vertex-to-vertex distances (overall, and within one axial slice, column or row plane).
The triangle table could not come from ``skimage.measure.marching_cubes``: both of its
methods triangulate ambiguous cubes differently (0.2-0.5 % off PyRadiomics on brain1).
"""
from __future__ import annotations

import numpy as np

from axilla.features import _kernels
from axilla.features.registry import FeatureSpec

FEATURES = (
    FeatureSpec("shape", "MeshVolume", "RNU0", ibsi_tag="morph_volume"),
    FeatureSpec("shape", "VoxelVolume", "YEKZ", ibsi_tag="morph_vol_approx"),
    FeatureSpec("shape", "SurfaceArea", "C0JK", ibsi_tag="morph_area_mesh"),
    FeatureSpec("shape", "SurfaceVolumeRatio", "2PR5", ibsi_tag="morph_av"),
    FeatureSpec("shape", "Sphericity", "QCFX", ibsi_tag="morph_sphericity"),
    FeatureSpec("shape", "Compactness1", "SKGS", default=False, ibsi_tag="morph_comp_1"),
    FeatureSpec("shape", "Compactness2", "BQWJ", default=False, ibsi_tag="morph_comp_2"),
    FeatureSpec("shape", "SphericalDisproportion", "KRCK", default=False,
                ibsi_tag="morph_sph_dispr"),
    FeatureSpec("shape", "Maximum3DDiameter", "L0JK", ibsi_tag="morph_diam"),
    FeatureSpec("shape", "Maximum2DDiameterSlice"),
    FeatureSpec("shape", "Maximum2DDiameterColumn"),
    FeatureSpec("shape", "Maximum2DDiameterRow"),
    FeatureSpec("shape", "MajorAxisLength", "TDIC", ibsi_tag="morph_pca_maj_axis"),
    FeatureSpec("shape", "MinorAxisLength", "P9VJ", ibsi_tag="morph_pca_min_axis"),
    FeatureSpec("shape", "LeastAxisLength", "7J51", ibsi_tag="morph_pca_least_axis"),
    FeatureSpec("shape", "Elongation", "Q3CK", ibsi_tag="morph_pca_elongation"),
    FeatureSpec("shape", "Flatness", "N17B", ibsi_tag="morph_pca_flatness"),
)

#: triangles of cube index 0..127, three edge numbers (hex digits) per triangle.
_TRIANGLES = (
    '', '083', '190', '183198', '12a', '08312a', '92a029', '2832a8a98', 'b23', 'b2008b',
    '190b23', 'b2119b98b', '3a1ba3', 'a1008a8ba', '9033b9ba9', '98aba8', '478', '043473',
    '190478', '194147173', '12a478', '34730412a', '92a902478', '2a9297273479', '478b23',
    'b47b24204', '190478b23', '47b94bb29192', '3a1ba3478', 'ba114b10447b', '4789033b9ba9',
    '47b4b99ba', '954', '954083', '054015', '854835315', '12a954', '08312a954',
    '2a5542240', '2a5325354834', '954b23', 'b2008b954', '054015b23', '215258b28548',
    '3a1ba3954', '549a1008a8ba', '54050ba5bb03', '548a58ba8', '789579', '309539357',
    '780017715', '157173', '78957912a', '12a309395357', '0288258572a5', '2a5253357',
    '579789b23', '579972209b27', 'b23018178157', '21b17b157', '7895793a1ba3',
    '5705097b0a10ba0', 'ba003ba50078570', 'ba557b', '65a', '08365a', '19065a', '18319865a',
    '165126', '165126083', '965906026', '598582526832', 'b2365a', 'b2008b65a', '190b2365a',
    'b2119b98b65a', '63b653513', '08b0b50515b6', '63b036065059', '65969bb98', '47865a',
    '04347365a', '19047865a', '19414717365a', '478165126', '043473165126', '478965906026',
    '739479329596269', 'b2347865a', 'b47b2420465a', '190b2347865a', '47b94bb2919265a',
    '47863b653513', '51b5b610b47b04b', '47863b036065059', '65969b4797b9', 'a4964a',
    'a4964a083', '01aa60640', '18316886461a', '149124264', '149124264083', '024426',
    '832824426', 'b23a4964a', 'b2008ba4964a', 'b2301aa60640', '64161a148b2118b',
    '964369139b63', '18b081b61149641', '63b036640', '86468b', '67a78a89a', '67a0a709a073',
    '67a1a7178018', '67a1a7173', '126168189678', '269129679309739', '078706602', '273267',
    'b2367a78a89a', '207b2709767a9a7', '67a1a7178018b23', 'b2117ba61167',
    '896678169b63136', '09167b', '07870603bb60', '67b',
)
#: the same as edge numbers, rows of -1 after an index's last triangle (csrc/mesh.c reads it)
TRIANGLE_EDGES = np.full((128, 5, 3), -1, dtype=np.int8)
for _index, _text in enumerate(_TRIANGLES):
    for _t in range(len(_text) // 3):
        TRIANGLE_EDGES[_index, _t] = [int(c, 16) for c in _text[3 * _t:3 * _t + 3]]


def mesh(padded: np.ndarray, spacing) -> tuple[float, float, np.ndarray]:
    """Surface area, volume and vertices (mm, z y x) of the ROI's marching-cubes mesh.

    ``padded`` is the C-contiguous bool mask padded by one voxel; csrc/mesh.c lists the
    vertices once each, on the edges of each cube's corner 7 (corner 6's edge over the
    cubes in C order, then corner 4's, then corner 3's).
    """
    area, volume, rows = _kernels.marching_cubes(
        padded, np.asarray(spacing, dtype=np.float64), TRIANGLE_EDGES)
    return area, volume, np.frombuffer(rows).reshape(-1, 3)


def max_squared_distance(points: np.ndarray) -> float:
    """Largest squared distance between two of ``points`` (n, d), as PyRadiomics'
    ``cshape.c`` finds it (every pair), in C, skipping pairs that cannot beat the best
    so far (csrc/shape.c)."""
    points = np.ascontiguousarray(points, dtype=np.float64)
    return _kernels.farthest_pairs(points, np.array([0, len(points)], dtype=np.int64))


def max_planar_squared_distance(points: np.ndarray, axis: int) -> float:
    """Largest squared distance between two points sharing their ``axis`` coordinate."""
    order = np.argsort(points[:, axis], kind="stable")
    ordered = np.ascontiguousarray(points.take(order, axis=0), dtype=np.float64)
    plane = ordered[:, axis]
    starts = np.concatenate(([0], np.flatnonzero(plane[1:] != plane[:-1]) + 1, [len(plane)]),
                            dtype=np.int64)
    return _kernels.farthest_pairs(ordered, starts)


def principal_eigenvalues(roi: np.ndarray, spacing) -> np.ndarray:
    """Eigenvalues (ascending) of the covariance of the ROI voxel centres in mm.

    PyRadiomics ``shape._initSegmentBasedCalculation``; IBSI "Principal component
    analysis" features. Round-off negatives are set to 0.
    """
    coordinates = np.argwhere(roi) * np.asarray(spacing, dtype=np.float64)
    coordinates -= coordinates.mean(axis=0)
    coordinates /= np.sqrt(len(coordinates))
    values = np.real(np.linalg.eigvals(coordinates.T @ coordinates))
    return np.sort(np.maximum(values, 0.0))


def _ratio(num: float, den: float) -> float:
    return float(np.sqrt(num / den)) if den > 0 else 0.0


def compute(mask: np.ndarray, spacing_zyx) -> dict[str, float]:
    """Every 3D shape feature of the bool ROI ``mask`` (cropped to its bounding box)."""
    padded = np.zeros(tuple(n + 2 for n in mask.shape), dtype=bool)
    padded[1:-1, 1:-1, 1:-1] = mask
    spacing = np.asarray(spacing_zyx, dtype=np.float64)
    area, volume, vertices = mesh(padded, spacing)
    least, minor, major = principal_eigenvalues(padded, spacing)
    sphere = (36 * np.pi * volume ** 2) ** (1.0 / 3.0)
    return {
        "MeshVolume": volume,
        "VoxelVolume": float(padded.sum() * np.prod(spacing)),
        "SurfaceArea": area,
        "SurfaceVolumeRatio": area / volume,
        "Sphericity": sphere / area,
        "Compactness1": volume / (area ** 1.5 * np.sqrt(np.pi)),
        "Compactness2": 36.0 * np.pi * volume ** 2 / area ** 3,
        "SphericalDisproportion": area / sphere,
        "Maximum3DDiameter": np.sqrt(max_squared_distance(vertices)),
        "Maximum2DDiameterSlice": np.sqrt(max_planar_squared_distance(vertices, 0)),
        "Maximum2DDiameterColumn": np.sqrt(max_planar_squared_distance(vertices, 1)),
        "Maximum2DDiameterRow": np.sqrt(max_planar_squared_distance(vertices, 2)),
        "MajorAxisLength": float(np.sqrt(major) * 4),
        "MinorAxisLength": float(np.sqrt(minor) * 4),
        "LeastAxisLength": float(np.sqrt(least) * 4),
        "Elongation": _ratio(minor, major),
        "Flatness": _ratio(least, major),
    }
