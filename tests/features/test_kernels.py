"""The C kernels (axilla.features._kernels) refuse arrays they would misread or overrun.

They index without bounds checks, so each call first checks its arrays: item type and
layout (TypeError/ValueError naming the array) and, for the texture walks, that the voxels
are the non-zero levels with every neighbour inside the padded volume. Their values are
checked against PyRadiomics and IBSI in the family tests; two are checked here by hand.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import pdist

from axilla.features import _kernels
from axilla.features.matrices import pyradiomics_offsets, size_zone_counts
from axilla.features.matrices._layout import padded_levels


#: one 3 x 3 slice, every voxel in the ROI; its 8-neighbourhood
GREY = np.array([[[1, 1, 2], [2, 2, 2], [1, 2, 1]]], dtype=np.int32)
OFFSETS = pyradiomics_offsets((1, 3, 3), excluded_axis=0, bidirectional=True)


def _walk():
    return padded_levels(GREY, np.ones_like(GREY, dtype=bool), OFFSETS, 2)


def test_zones_of_a_hand_drawn_slice():
    # 8-connected: the 1s at the top left (2 voxels), the 2s (5 voxels, one zone), and the
    # two lone 1s of the bottom row (corners, not touching each other or the top left)
    counts = size_zone_counts(GREY, np.ones_like(GREY, dtype=bool), OFFSETS, 2)
    expected = np.zeros((2, 5))
    expected[0, 1] = 1  # level 1, size 2
    expected[0, 0] = 2  # level 1, size 1 (twice)
    expected[1, 4] = 1  # level 2, size 5
    np.testing.assert_array_equal(counts, expected)


def test_farthest_pairs_match_every_pair_of_each_group():
    points = np.random.default_rng(7).normal(size=(300, 3)) * [3.0, 1.0, 0.5]
    starts = np.array([0, 1, 120, 120, 300], dtype=np.int64)   # one lone point, one empty
    best = _kernels.farthest_pairs(points, starts)
    expected = max(pdist(points[1:120], "sqeuclidean").max(),
                   pdist(points[120:], "sqeuclidean").max())
    assert best == expected  # the same sums of squares, so the same bits
    with pytest.raises(ValueError, match="starts rise from 0 to n"):
        _kernels.farthest_pairs(points, np.array([0, 200, 100, 300], dtype=np.int64))


def test_an_array_of_the_wrong_type_is_named():
    levels, voxels, steps, _ = _walk()
    counts = np.zeros((2, 3, len(steps)))
    with pytest.raises(TypeError, match="levels must be a 1-D C-contiguous array of 4-byte"):
        _kernels.count_pairs(levels.astype(np.int64), voxels, steps, counts)
    with pytest.raises(TypeError, match="counts must be .* 8-byte floats"):
        _kernels.count_pairs(levels, voxels, steps, counts.astype(np.float32))
    with pytest.raises(ValueError, match="not C-contiguous"):
        _kernels.count_pairs(levels, voxels, steps, np.zeros((2, 3, 2 * len(steps)))[:, :, ::2])


def test_an_output_that_cannot_be_written_is_refused():
    levels, voxels, steps, _ = _walk()
    counts = np.zeros((2, 3, len(steps)))
    counts.setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        _kernels.count_pairs(levels, voxels, steps, counts)


@pytest.mark.parametrize("spoil", ["unlisted voxel", "voxel at level 0", "step past the edge",
                                   "level beyond the matrix"])
def test_a_walk_that_would_read_or_write_outside_is_refused(spoil):
    levels, voxels, steps, _ = _walk()
    levels, voxels, steps = levels.copy(), voxels.copy(), steps.copy()
    if spoil == "unlisted voxel":
        voxels = voxels[1:]
    elif spoil == "voxel at level 0":
        voxels[0] = 0
    elif spoil == "step past the edge":
        steps[0] = len(levels)
    else:
        levels[voxels[0]] = 3
    counts = np.zeros((2, 3, len(steps)))
    with pytest.raises(ValueError):
        _kernels.count_pairs(levels, voxels, steps, counts)
    assert not counts.any()


def test_glcm_formulas_refuse_levels_outside_the_matrix():
    p = np.full((2, 2, 1), 0.25)
    out = np.full((23, 1), np.nan)
    with pytest.raises(ValueError, match="whole numbers in 1..n_levels"):
        _kernels.glcm_formulas(p, np.array([1.0, 4.0]), 3, out)
    _kernels.glcm_formulas(p, np.array([1.0, 3.0]), 3, out)
    assert out[16, 0] == 0.25  # joint energy: 4 x 0.25^2


def test_runs_longer_than_their_table_are_refused():
    """Along x the slice's middle row is one run of 3; a table for runs up to 1 refuses it."""
    levels, voxels, steps, _ = _walk()
    along_x = steps[steps == 1]
    at_least = np.zeros((1, 2, 1 + 2), dtype=np.int64)
    with pytest.raises(ValueError, match="a run does not fit at_least"):
        _kernels.count_runs(levels, voxels, along_x, np.zeros(levels.shape, np.int32), at_least)
    at_least = np.zeros((1, 2, 3 + 2), dtype=np.int64)
    _kernels.count_runs(levels, voxels, along_x, np.zeros(levels.shape, np.int32), at_least)
    assert at_least[0, 1, 3] == 1   # level 2: one voxel whose run goes on for 3


def _ngtdm_numpy(table: np.ndarray) -> list[float]:
    """PyRadiomics' NGTDM formulas written in numpy (``radiomics/ngtdm.py``), as ngtdm.py
    computed them before the kernel."""
    n, s, i = table[:, 0], table[:, 1], table[:, 2]
    n_voxels = n.sum()
    p = n / n_voxels
    p_s = p * s
    gap = np.abs(i[:, None] - i[None, :])
    weighted, sum_s, pairs = p_s.sum(), s.sum(), len(n) * (len(n) - 1)
    spread = np.abs((i * p)[:, None] - (i * p)[None, :]).sum()
    return [weighted / spread if spread != 0 else 0.0,
            1.0 / weighted if weighted != 0 else 1e6,
            np.sum(gap * (p_s[:, None] + p_s[None, :]) / (p[:, None] + p[None, :])) / n_voxels,
            (np.sum(p[:, None] * p[None, :] * gap ** 2) * sum_s / n_voxels / pairs
             if pairs else 0.0),
            np.sum((p[:, None] + p[None, :]) * gap ** 2) / sum_s if sum_s != 0 else 0.0]


@pytest.mark.parametrize("n_grey", [1, 2, 3, 5, 8, 12, 40])
def test_ngtdm_formulas_equal_numpy_to_the_bit(n_grey):
    rng = np.random.default_rng(n_grey)
    levels = np.sort(rng.choice(np.arange(1, 100), n_grey, replace=False)).astype(float)
    table = np.column_stack([rng.integers(1, 50, n_grey).astype(float),
                             rng.random(n_grey) * 30, levels])
    for case in (table, np.column_stack([table[:, 0], np.zeros(n_grey), levels])):
        out = np.empty(5)
        _kernels.ngtdm_formulas(np.ascontiguousarray(case), out)
        assert out.tolist() == _ngtdm_numpy(case)


def test_ngtdm_formulas_refuse_absent_levels():
    with pytest.raises(ValueError, match="n_i > 0"):
        _kernels.ngtdm_formulas(np.array([[1.0, 0.5, 1.0], [0.0, 0.0, 2.0]]), np.empty(5))
    with pytest.raises(ValueError, match="out"):
        _kernels.ngtdm_formulas(np.array([[1.0, 0.5, 1.0]]), np.empty(4))
