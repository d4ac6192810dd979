"""shape.mesh (csrc/mesh.c) equals the numpy marching cubes it replaced, to the last bit.

The reference below is shape.py's former numpy implementation, kept here only to check the
C kernel against: same vertex rows in the same order, and area and volume equal with ==
(the kernel forms each triangle's terms with numpy's operations in numpy's order and adds
them with numpy's pairwise summation).
"""
from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.features import _kernels, shape
from tests.helpers import shared_path

#: the reference's cube corners (z, y, x), bit a of the index being corner a
CORNERS = np.array([(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 0),
                    (1, 0, 0), (1, 0, 1), (1, 1, 1), (1, 1, 0)])
EDGE_MIDPOINTS = np.array([(0, 0, .5), (0, .5, 1), (0, 1, .5), (0, .5, 0),
                           (1, 0, .5), (1, .5, 1), (1, 1, .5), (1, .5, 0),
                           (.5, 0, 0), (.5, 0, 1), (.5, 1, 1), (.5, 1, 0)])
#: corner bit -> the edge of corner 7 whose vertex a cube lists
OWNED_EDGES = ((6, 6), (4, 7), (3, 11))


def _numpy_mesh(padded: np.ndarray, spacing) -> tuple[float, float, np.ndarray]:
    """shape.mesh as numpy computed it before csrc/mesh.c."""
    spacing = np.asarray(spacing, dtype=np.float64)
    nz, ny, nx = (s - 1 for s in padded.shape)
    index = np.zeros((max(nz, 0), max(ny, 0), max(nx, 0)), dtype=np.uint8)
    for bit, (dz, dy, dx) in enumerate(CORNERS):
        index |= padded[dz:dz + nz, dy:dy + ny, dx:dx + nx].astype(np.uint8) << bit
    flipped = index >= 128
    index = np.where(flipped, index ^ 0xFF, index)
    cubes = np.argwhere(index > 0)
    config = index[tuple(cubes.T)]
    sign = np.where(flipped[tuple(cubes.T)], -1.0, 1.0)
    vertices = np.concatenate([
        (cubes[config & (1 << bit) > 0] + EDGE_MIDPOINTS[edge]) * spacing
        for bit, edge in OWNED_EDGES])
    count = (shape.TRIANGLE_EDGES[:, :, 0] >= 0).sum(axis=1)[config]
    owner = np.repeat(np.arange(len(cubes)), count)
    nth = np.arange(owner.size) - np.repeat(np.cumsum(count) - count, count)
    edges = shape.TRIANGLE_EDGES[config[owner], nth]
    corners = (cubes[owner][:, None, :] + EDGE_MIDPOINTS[edges]) * spacing
    a, b, c = corners[:, 0], corners[:, 1], corners[:, 2]
    # einsum("ij,ij->i", cross(a, b), c) as numpy 2's 128-bit einsum loop adds it,
    # (p0 + p2) + p1, written out so the check does not hang on einsum's internals
    products = np.cross(a, b) * c
    volume = np.sum(sign[owner] * ((products[:, 0] + products[:, 2]) + products[:, 1])) / 6
    area = np.sum(0.5 * np.linalg.norm(np.cross(a - c, b - c), axis=1))
    return float(area), float(volume), vertices


def _assert_same_mesh(mask: np.ndarray, spacing, what: str) -> None:
    area, volume, vertices = shape.mesh(mask, spacing)
    want_area, want_volume, want_vertices = _numpy_mesh(mask, spacing)
    assert vertices.shape == want_vertices.shape, f"{what}: vertex count"
    assert np.array_equal(vertices, want_vertices), f"{what}: vertices differ from numpy's"
    assert area == want_area, f"{what}: area {area!r} != numpy's {want_area!r}"
    assert volume == want_volume, f"{what}: volume {volume!r} != numpy's {want_volume!r}"


@pytest.mark.parametrize("density", [0.05, 0.3, 0.5, 0.7, 0.95])
def test_random_masks_equal_numpy(density):
    rng = np.random.default_rng([2026, int(density * 100)])
    for trial in range(60):
        size = tuple(int(n) for n in rng.integers(1, 13, 3))
        mask = rng.random(size) < density
        spacing = tuple(rng.choice([0.3, 0.664062, 1.0, 2.1, 5.0], 3) * rng.uniform(0.5, 2, 3))
        what = f"mask {size} density {density} trial {trial} spacing {spacing}"
        _assert_same_mesh(np.pad(mask, 1), spacing, what + " padded")
        _assert_same_mesh(mask, spacing, what + " unpadded")


@pytest.mark.parametrize("case", ["breast1", "brain1", "brain2", "lung1"])
def test_pyradiomics_cases_equal_numpy(case):
    label = sitk.ReadImage(str(shared_path("data", "pyradiomics", f"{case}_label.nrrd")))
    roi = sitk.GetArrayFromImage(label) == 1
    low, high = np.argwhere(roi).min(axis=0), np.argwhere(roi).max(axis=0) + 1
    box = roi[low[0]:high[0], low[1]:high[1], low[2]:high[2]]
    _assert_same_mesh(np.pad(box, 1), label.GetSpacing()[::-1], f"{case} label 1")


def test_single_voxel_mesh_by_hand():
    # the face centres of the 2 x 1 x 1 mm voxel (1, 1, 1) of the padded mask, centre (2, 1, 1) mm
    area, volume, vertices = shape.mesh(np.pad(np.ones((1, 1, 1), dtype=bool), 1),
                                        (2.0, 1.0, 1.0))
    assert sorted(map(tuple, vertices)) == sorted([(1, 1, 1), (3, 1, 1), (2, 0.5, 1),
                                                   (2, 1.5, 1), (2, 1, 0.5), (2, 1, 1.5)])
    assert volume == pytest.approx(1 / 3, rel=1e-15)
    assert area == pytest.approx(3.0, rel=1e-15)


def test_empty_and_flat_masks():
    assert _kernels.marching_cubes(np.zeros((1, 4, 4), dtype=bool), np.ones(3),
                                   shape.TRIANGLE_EDGES) == (0.0, 0.0, bytearray())
    area, volume, vertices = shape.mesh(np.zeros((3, 3, 3), dtype=bool), (1.0, 1.0, 1.0))
    assert (area, volume, vertices.shape) == (0.0, 0.0, (0, 3))


def test_kernel_refuses_arrays_it_would_misread():
    mask = np.pad(np.ones((2, 2, 2), dtype=bool), 1)
    spacing, table = np.ones(3), shape.TRIANGLE_EDGES
    with pytest.raises(TypeError, match="mask must be a 3-D C-contiguous array of 1-byte booleans"):
        _kernels.marching_cubes(mask.astype(np.uint8), spacing, table)
    with pytest.raises(TypeError, match="mask must be a 3-D"):
        _kernels.marching_cubes(mask[0], spacing, table)
    with pytest.raises(ValueError, match="not C-contiguous"):
        _kernels.marching_cubes(mask[:, :, ::2], spacing, table)
    with pytest.raises(TypeError, match="spacing must be .* 8-byte floats"):
        _kernels.marching_cubes(mask, spacing.astype(np.float32), table)
    with pytest.raises(ValueError, match=r"spacing \(3,\) and triangles \(128, 5, 3\)"):
        _kernels.marching_cubes(mask, np.ones(2), table)
    with pytest.raises(ValueError, match=r"triangles \(128, 5, 3\)"):
        _kernels.marching_cubes(mask, spacing, table[:127])
    with pytest.raises(TypeError, match="triangles must be .* 1-byte signed integers"):
        _kernels.marching_cubes(mask, spacing, table.astype(np.int64))


@pytest.mark.parametrize("index, row, value", [
    (1, 0, [0, 8, 12]),      # edge 12 does not exist
    (1, 0, [0, 8, -1]),      # a triangle with a missing corner
    (1, 2, [0, 8, 3]),       # index 1 has one triangle: another after its -1 row
    (3, 1, [-2, -2, -2]),    # an end marker other than -1
])
def test_kernel_refuses_a_bad_triangle_table(index, row, value):
    table = shape.TRIANGLE_EDGES.copy()
    table[index, row] = value
    with pytest.raises(ValueError, match="edges 0..11, each index's rows of -1 after its last"):
        _kernels.marching_cubes(np.ones((2, 2, 2), dtype=bool), np.ones(3), table)
