"""Tiny hand-checkable fixtures for every texture-matrix builder and the degenerate ROIs.

Expected matrices come from the worked examples in PyRadiomics' class docstrings
(radiomics/glcm.py, glrlm.py, glszm.py, gldm.py, ngtdm.py at 8ed5793) and scikit-image's
``graycomatrix`` docstring, each re-checked by hand; other values are worked out in the
comments. A 2D image is a (1, y, x) volume.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from axilla.features import glcm, gldm, glrlm, glszm, ngtdm
from axilla.features.matrices import (cooccurrence_counts, dependence_counts,
                                      grey_tone_differences, pyradiomics_offsets,
                                      run_length_counts, size_zone_counts)
from axilla.features.matrices.roi import texture_roi

FAMILIES = (glcm, glrlm, glszm, gldm, ngtdm)
EXACT = 1e-12  # hand-computed values; only float rounding separates them

# PyRadiomics' 5x5 example image (GLCM uses another one, GLRLM/GLSZM/GLDM this one)
DOC_IMAGE = np.array([[5, 2, 5, 4, 4],
                      [3, 3, 3, 1, 3],
                      [2, 1, 1, 1, 3],
                      [4, 2, 2, 2, 3],
                      [3, 5, 3, 3, 2]])[None]
IN_PLANE_BOTH_WAYS = pyradiomics_offsets((1, 5, 5), bidirectional=True)  # 8-connectivity


def _full(grey: np.ndarray) -> np.ndarray:
    return np.ones(grey.shape, dtype=bool)


def test_offsets_follow_pyradiomics_order():
    offsets = pyradiomics_offsets((5, 5, 5))
    # cmatrices.c build_angles: (d, d, d) first, mono-directional half, 13 for distance 1
    assert offsets.shape == (13, 3)
    assert offsets[:4].tolist() == [[1, 1, 1], [1, 1, 0], [1, 1, -1], [1, 0, 1]]
    assert offsets[-1].tolist() == [0, 0, 1]
    assert len(pyradiomics_offsets((5, 5, 5), [2])) == 49  # glcm docstring: 49 angles at 2
    assert len(pyradiomics_offsets((5, 5, 5), bidirectional=True)) == 26
    assert pyradiomics_offsets((5, 5, 5), excluded_axis=0).tolist() == [
        [0, 1, 1], [0, 1, 0], [0, 1, -1], [0, 0, 1]]
    assert len(pyradiomics_offsets((1, 5, 5))) == 4  # a slice: no offset leaves it


def test_cooccurrence_scikit_image_example():
    # skimage.feature.graycomatrix docstring image (levels + 1), distance 1
    grey = np.array([[0, 0, 1, 1], [0, 0, 1, 1], [0, 2, 2, 2], [2, 2, 3, 3]])[None] + 1
    counts = cooccurrence_counts(grey, _full(grey), np.array([[0, 0, 1], [0, 1, 0], [0, 1, 1]]), 4)
    right = [[2, 2, 1, 0], [0, 2, 0, 0], [0, 0, 3, 1], [0, 0, 0, 1]]  # angle 0
    down = [[3, 0, 2, 0], [0, 2, 2, 0], [0, 0, 1, 2], [0, 0, 0, 0]]  # angle pi/2, by hand
    diagonal = [[1, 1, 3, 0], [0, 1, 1, 0], [0, 0, 0, 2], [0, 0, 0, 0]]  # (+1, +1), by hand
    np.testing.assert_array_equal(counts.transpose(2, 0, 1), [right, down, diagonal])


def test_glcm_pyradiomics_docstring_example():
    grey = np.array([[1, 2, 5, 2, 3], [3, 2, 1, 3, 1], [1, 3, 5, 5, 2],
                     [1, 1, 1, 1, 2], [1, 2, 4, 3, 5]])[None]
    counts = cooccurrence_counts(grey, _full(grey), np.array([[0, 0, 1]]), 5)[:, :, 0]
    expected = [[6, 4, 3, 0, 0], [4, 0, 2, 1, 3], [3, 2, 0, 1, 2], [0, 1, 1, 0, 0],
                [0, 3, 2, 0, 2]]  # symmetrical GLCM for angle 0
    np.testing.assert_array_equal(counts + counts.T, expected)


def test_run_length_pyradiomics_docstring_example():
    counts, several = run_length_counts(DOC_IMAGE, _full(DOC_IMAGE), np.array([[0, 0, 1]]), 5)
    expected = [[1, 0, 1, 0, 0], [3, 0, 1, 0, 0], [4, 1, 1, 0, 0], [1, 1, 0, 0, 0],
                [3, 0, 0, 0, 0]]  # angle 0; rows: grey level, columns: run length
    np.testing.assert_array_equal(counts[:, :, 0], expected)
    assert several.tolist() == [True]
    backwards, _ = run_length_counts(DOC_IMAGE, _full(DOC_IMAGE), np.array([[0, 0, -1]]), 5)
    np.testing.assert_array_equal(backwards[:, :, 0], expected)  # same runs, other way


def test_run_length_flags_directions_across_a_flat_roi():
    grey = np.array([[[1, 1], [2, 2]]])  # one slice; z lines hold a single voxel
    _, several = run_length_counts(grey, _full(grey), np.array([[1, 0, 0], [0, 0, 1]]), 2)
    assert several.tolist() == [False, True]
    gapped = np.array([[[1]], [[1]], [[2]]])
    mask = np.array([[[True]], [[False]], [[True]]])  # two ROI voxels on one z line, a gap between
    counts, several = run_length_counts(gapped, mask, np.array([[1, 0, 0]]), 2)
    assert several.tolist() == [True]
    assert counts[:, 0, 0].tolist() == [1, 1]


def test_size_zone_pyradiomics_docstring_example():
    counts = size_zone_counts(DOC_IMAGE, _full(DOC_IMAGE), IN_PLANE_BOTH_WAYS, 5)
    expected = [[0, 0, 0, 1, 0], [1, 0, 0, 0, 1], [1, 0, 1, 0, 1], [1, 1, 0, 0, 0],
                [3, 0, 0, 0, 0]]  # rows: grey level, columns: zone size
    np.testing.assert_array_equal(counts, expected)


def test_dependence_pyradiomics_docstring_example():
    counts = dependence_counts(DOC_IMAGE, _full(DOC_IMAGE), IN_PLANE_BOTH_WAYS, 5, alpha=0)
    expected = [[0, 1, 2, 1], [1, 2, 3, 0], [1, 4, 4, 0], [1, 2, 0, 0],
                [3, 0, 0, 0]]  # alpha 0, delta 1; columns: 0..3 dependent neighbours
    np.testing.assert_array_equal(counts[:, :4], expected)
    assert not counts[:, 4:].any()


def test_dependence_with_alpha():
    grey = np.array([[[1, 2, 4]]])  # 1-2 differ by 1 (dependent at alpha 1), 2-4 by 2 (not)
    counts = dependence_counts(grey, _full(grey), np.array([[0, 0, 1], [0, 0, -1]]), 4, alpha=1)
    assert counts.tolist() == [[0, 1, 0], [0, 1, 0], [0, 0, 0], [1, 0, 0]]


def test_grey_tone_differences_pyradiomics_docstring_example():
    grey = np.array([[1, 2, 5, 2], [3, 5, 1, 3], [1, 3, 5, 5], [3, 1, 1, 1]])[None]
    table = grey_tone_differences(grey, _full(grey), IN_PLANE_BOTH_WAYS, 5)
    # s_i by hand, |i - mean of the 8-neighbours in the image| summed per level. The
    # docstring's s_3 row (2.63) and its s_5 sum (14/5 first term) are misprints.
    s1 = (1 - 10 / 3) * -1 + (30 / 8 - 1) + 2 + (13 / 5 - 1) + 2 + (11 / 3 - 1)  # 13.35
    s2 = 1 + 1
    s3 = (3 - 12 / 5) + (18 / 5 - 3) + (3 - 20 / 8) + (3 - 5 / 3)  # 91/30
    s5 = (5 - 13 / 5) + (5 - 21 / 8) + (5 - 20 / 8) + (5 - 11 / 5)  # 10.075
    np.testing.assert_allclose(table, [[6, s1, 6], [2, s2, 2], [4, s3, 4], [0, 0, 0],
                                       [4, s5, 4]], rtol=0, atol=EXACT)


# --- families on degenerate ROIs -------------------------------------------------

SLICE = np.array([[[1, 2], [2, 1]]])  # one slice inside a 3D volume: 4 in-plane directions


def test_one_slice_roi_uses_in_plane_directions():
    assert glcm.matrix(SLICE, _full(SLICE), (5.0, 2.0, 1.0), {}).shape == (2, 2, 4)
    # per direction (0,1,1) (0,1,0) (0,1,-1) (0,0,1): contrast 0, 1, 0, 1
    assert glcm.compute(SLICE, _full(SLICE), (5.0, 2.0, 1.0), {})["Contrast"] == pytest.approx(
        0.5, abs=EXACT)
    # runs per direction: {1:len2, 2:len1 x2}, 4 x len1, {1:len1 x2, 2:len2}, 4 x len1
    runs = glrlm.compute(SLICE, _full(SLICE), (5.0, 2.0, 1.0), {})
    assert runs["ShortRunEmphasis"] == pytest.approx((0.75 + 1 + 0.75 + 1) / 4, abs=EXACT)
    assert runs["RunPercentage"] == pytest.approx((3 / 4 + 1 + 3 / 4 + 1) / 4, abs=EXACT)


def test_glcm_euclidean_weighting_by_hand():
    # weights exp(-|d|^2) with spacing (5, 2, 1): e^-5, e^-4, e^-5, e^-1 for the four
    # directions; merged: P11 = P22 = 2e^-5, P12 = P21 = 2e^-4 + 2e^-1
    settings = {"weightingNorm": "euclidean"}
    value = glcm.compute(SLICE, _full(SLICE), (5.0, 2.0, 1.0), settings)["Contrast"]
    e = math.exp
    assert value == pytest.approx((e(-4) + e(-1)) / (e(-5) + e(-4) + e(-1)), abs=EXACT)


def test_glrlm_manhattan_weighting_by_hand():
    # PyRadiomics GLRLM weight = direction length in mm; spacing (5, 2, 1) gives 3, 2, 3, 1
    # for the four directions, whose runs are listed in the test above
    weighted_runs = [(3, {(1, 2): 1, (2, 1): 2}), (2, {(1, 1): 2, (2, 1): 2}),
                     (3, {(1, 1): 2, (2, 2): 1}), (1, {(1, 1): 2, (2, 1): 2})]
    total = sum(w * n for w, runs in weighted_runs for n in runs.values())
    short = sum(w * n / length ** 2 for w, runs in weighted_runs
                for (_, length), n in runs.items())
    value = glrlm.compute(SLICE, _full(SLICE), (5.0, 2.0, 1.0),
                          {"weightingNorm": "manhattan"})["ShortRunEmphasis"]
    assert value == pytest.approx(short / total, abs=EXACT)


def test_glcm_distance_two():
    line = np.array([[[1, 2, 3, 4, 5]]])  # only (0, 0, 2) fits: pairs 1-3, 2-4, 3-5
    value = glcm.compute(line, _full(line), (1, 1, 1), {"distances": [2]})["Contrast"]
    assert value == pytest.approx(4, abs=EXACT)


def test_one_slice_and_flat_rois_give_no_nan():
    flat = np.ones((1, 3, 3), dtype=np.int32)
    for grey in (SLICE, flat):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for family in FAMILIES:
                values = family.compute(grey, _full(grey), (1.0, 1.0, 1.0), {})
                assert set(values) == {spec.name for spec in family.FEATURES}
                assert not any(math.isnan(v) for v in values.values()), family.__name__


def test_one_voxel():
    voxel = np.ones((1, 1, 1), dtype=np.int32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = {family: family.compute(voxel, _full(voxel), (1.0, 1.0, 1.0), {})
                  for family in FAMILIES}
    # no direction fits in a 1x1x1 box (PyRadiomics stops with "Error getting angle
    # count"): GLCM and GLRLM have nothing to average and are NaN, documented; MCC is 1
    # as PyRadiomics gives any single-level ROI whose directions are all empty
    assert values[glcm].pop("MCC") == 1
    assert all(math.isnan(v) for v in values[glcm].values())
    assert all(math.isnan(v) for v in values[glrlm].values())
    # one zone of size 1, one voxel without dependents, no neighbour differences
    assert values[glszm]["SmallAreaEmphasis"] == 1 and values[glszm]["ZonePercentage"] == 1
    assert values[gldm]["SmallDependenceEmphasis"] == 1
    assert values[ngtdm] == {"Coarseness": 1e6, "Contrast": 0, "Busyness": 0,
                             "Complexity": 0, "Strength": 0}


# Two ROI voxels of one level that share no line along any of the 13 directions.
# PyRadiomics 3.1.1 (8ed5793) on this ROI gives only these non-NaN values:
#   weightingNorm manhattan: glcm {InverseVariance: 0}, glrlm {RunEntropy: 0, RunVariance: 0}
#   no weighting:            glcm {MCC: 1}, glrlm {}
APART = np.zeros((2, 3, 2), dtype=np.int32)
APART[0, 0, 0] = APART[1, 2, 1] = 1


@pytest.mark.parametrize(("settings", "family", "finite"), [
    ({"weightingNorm": "manhattan"}, glcm, {"InverseVariance": 0}),
    ({"weightingNorm": "manhattan"}, glrlm, {"RunEntropy": 0, "RunVariance": 0}),
    ({}, glcm, {"MCC": 1}),
    ({}, glrlm, {}),
])
def test_roi_without_pairs_is_nan_where_pyradiomics_is(settings, family, finite):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = family.compute(APART, APART > 0, (1.0, 1.0, 1.0), settings)
    assert {k: v for k, v in values.items() if not math.isnan(v)} == finite


def test_one_shared_roi_gives_the_same_values():
    """``compute_roi`` on one ``texture_roi`` for all families equals ``compute`` each."""
    grey = np.pad(DOC_IMAGE, ((1, 1), (0, 0), (0, 0)))  # 3 slices, ROI in the middle one
    mask = grey > 0
    settings = {"distances": [1, 2]}
    roi = texture_roi(grey, mask, settings)
    for family in FAMILIES:
        shared = family.compute_roi(roi, (2.0, 1.0, 1.0), settings)
        alone = family.compute(grey, mask, (2.0, 1.0, 1.0), settings)
        assert shared.keys() == alone.keys()
        np.testing.assert_array_equal(list(shared.values()), list(alone.values()))


def test_families_of_one_roi_share_its_padded_walk_and_count_as_without_it():
    rng = np.random.default_rng(11)
    grey = rng.integers(1, 6, (4, 5, 6)).astype(np.int32)
    mask = rng.random(grey.shape) < 0.6
    roi = texture_roi(grey, mask, {"distances": [1, 2]})
    near = pyradiomics_offsets(roi.grey.shape, (1,))
    far = pyradiomics_offsets(roi.grey.shape, (1, 2), bidirectional=True)
    assert roi.walk(near, ranked=True) is roi.walk(near, ranked=True)
    assert roi.walk(far, ranked=False).pad == 2 and roi.walk(near, ranked=False).pad == 1
    n = len(roi.levels)
    assert np.array_equal(
        cooccurrence_counts(roi.ranked, roi.mask, near, n, walk=roi.walk(near, ranked=True)),
        cooccurrence_counts(roi.ranked, roi.mask, near, n))
    assert np.array_equal(
        dependence_counts(roi.grey, roi.mask, far, roi.n_levels,
                          walk=roi.walk(far, ranked=False)),
        dependence_counts(roi.grey, roi.mask, far, roi.n_levels))
    # a walk with too narrow a border is not used for offsets reaching further
    assert np.array_equal(
        dependence_counts(roi.grey, roi.mask, far, roi.n_levels,
                          walk=roi.walk(near, ranked=False)),
        dependence_counts(roi.grey, roi.mask, far, roi.n_levels))
