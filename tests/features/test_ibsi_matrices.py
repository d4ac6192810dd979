"""Texture matrices of the IBSI pipeline (IBSI form of the engine's builders) on tiny
hand-counted images.

Definitions: IBSI 1 manual sections 3.6 (symmetric GLCM), 3.7 (GLRLM), 3.8/3.9 (zones:
8-connected in a slice, 26 in 3D; edge distance in 4/6-connected steps, 1 at the edge),
3.10 (NGTDM), 3.11 (NGLDM, dependence = 1 + equal neighbours). Every expected number
below was counted by hand from the drawn image.
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import direction_offsets, neighbour_offsets
from axilla.features.ibsi.matrices import cooccurrence, dependence, grey_tone_sums, run_lengths
from axilla.features.ibsi.zones import edge_distance, find_zones

# One slice, all voxels in the ROI:
#   1 1 2
#   2 2 1
IMAGE = np.array([[[1, 1, 2], [2, 2, 1]]], dtype=np.int64)
RIGHT = np.array([[0, 0, 1]], dtype=np.int64)  # (dz, dy, dx): one step along x


def test_offsets_count_the_neighbourhood():
    assert len(direction_offsets(True)) == 4 and len(direction_offsets(False)) == 13
    assert len(neighbour_offsets(True)) == 8 and len(neighbour_offsets(False)) == 26


def test_cooccurrence_along_x_is_symmetric_pair_counts():
    # pairs along x: (1,1) (1,2) | (2,2) (2,1); each adds (a,b) and (b,a)
    counts = cooccurrence(IMAGE, RIGHT, 2, False)[0, 0]
    np.testing.assert_array_equal(counts, [[2, 2], [2, 2]])


def test_cooccurrence_skips_voxels_outside_the_roi():
    image = IMAGE.copy()
    image[0, 0, 1] = 0  # 1 _ 2 / 2 2 1: only (2,2) and (2,1) remain along x
    counts = cooccurrence(image, RIGHT, 2, False)[0, 0]
    np.testing.assert_array_equal(counts, [[0, 1], [1, 2]])


def test_run_lengths_along_x():
    # row 0: "1 1" (level 1, length 2), "2" (level 2, length 1); row 1: "2 2", "1"
    counts = run_lengths(IMAGE, RIGHT, 2, False)[0, 0]
    np.testing.assert_array_equal(counts[:, :2], [[1, 1], [1, 1]])
    assert counts[:, 2:].sum() == 0


def test_zones_are_eight_connected_in_a_slice():
    # level 1 at (0,0) (0,1) (1,2): (0,1)-(1,2) touch diagonally -> one zone of 3; same for 2
    zones = find_zones(IMAGE, IMAGE > 0, by_slice=True)
    assert sorted(zip(zones.levels, zones.sizes)) == [(1, 3), (2, 3)]
    assert list(zones.distances) == [1, 1]


def test_edge_distance_counts_city_block_steps():
    roi = np.ones((1, 5, 5), bool)
    expected = [[1, 1, 1, 1, 1], [1, 2, 2, 2, 1], [1, 2, 3, 2, 1], [1, 2, 2, 2, 1], [1, 1, 1, 1, 1]]
    np.testing.assert_array_equal(edge_distance(roi, by_slice=True)[0], expected)


def test_grey_tone_differences():
    # voxel (0,0)=1: neighbours 1,2,2 -> |1 - 5/3| = 2/3; (0,1)=1: 1,2,2,2,1 -> |1-8/5| = 3/5;
    # (1,2)=1: 1,2,2 -> |1-5/3| = 2/3  => s_1 = 2/3 + 3/5 + 2/3 = 29/15
    # (0,2)=2: 1,2,1 -> |2-4/3| = 2/3; (1,0)=2: 1,1,2 -> 2/3; (1,1)=2: 1,1,2,2,1 -> |2-7/5| = 3/5
    sums = grey_tone_sums(IMAGE, neighbour_offsets(True), 2, True)[0]
    np.testing.assert_allclose(sums[0], [29 / 15, 29 / 15])
    np.testing.assert_array_equal(sums[1], [3, 3])


def test_dependence_counts():
    # equal neighbours (8-neighbourhood): (0,0)=1 has 1 -> k=2; (0,1)=1 has (0,0),(1,2) -> k=3;
    # (1,2)=1 has (0,1) -> k=2; level 2: (0,2) has (1,1) -> 2; (1,0) has (1,1) -> 2;
    # (1,1) has (0,2),(1,0) -> 3
    counts = dependence(IMAGE, neighbour_offsets(True), 2, 0, True)[0]
    np.testing.assert_array_equal(counts[:, :4], [[0, 2, 1, 0], [0, 2, 1, 0]])


def test_slices_without_roi_voxels_give_empty_matrices():
    image = np.concatenate([IMAGE, np.zeros_like(IMAGE), IMAGE])
    counts = cooccurrence(image, RIGHT, 2, True)
    assert counts.shape == (3, 1, 2, 2) and counts[1].sum() == 0
    np.testing.assert_array_equal(counts[2, 0], [[2, 2], [2, 2]])
