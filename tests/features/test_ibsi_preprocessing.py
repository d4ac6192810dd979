"""IBSI preprocessing: centred interpolation grid, ROI partial-volume threshold,
re-segmentation by range and by mean +- k sd (IBSI 1 manual sections 2.4 and 2.5)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from axilla.errors import InputError
from axilla.features.ibsi.grid import grid_positions, resample, resample_mask
from axilla.features.ibsi.resegmentation import intensity_mask, resegmentation_range


def test_grid_is_centred_on_the_original_grid():
    # 4 voxels of 1 mm (centres 0..3, centre 1.5) -> ceil(4 / 2) = 2 voxels of 2 mm at 1.5 -+ 1
    np.testing.assert_allclose(grid_positions(4, 1.0, 2.0), [0.5, 2.5])
    # 5 voxels of 1 mm -> ceil(5 / 2) = 3 voxels at 2 -+ 2
    np.testing.assert_allclose(grid_positions(5, 1.0, 2.0), [0.0, 2.0, 4.0])
    # an axis without a new spacing is left alone
    np.testing.assert_allclose(grid_positions(3, 3.0, None), [0, 1, 2])


def test_ct_phantom_grid_size():
    # IBSI configuration B diagnostics: 204 x 0.977 mm -> 100 voxels of 2 mm, 201 -> 99
    assert len(grid_positions(204, 0.977, 2.0)) == 100
    assert len(grid_positions(201, 0.977, 2.0)) == 99


def test_linear_interpolation_of_a_ramp_is_exact():
    ramp = np.broadcast_to(np.arange(4.0)[None, None, :] * 10, (1, 1, 4))
    out, spacing = resample(ramp, (1.0, 1.0, 1.0), (None, None, 2.0), order=1)
    np.testing.assert_allclose(out[0, 0], [5.0, 25.0])  # ramp at x = 0.5 and 2.5
    assert spacing == (1.0, 1.0, 2.0)


def test_roi_partial_volume_threshold():
    roi = np.zeros((1, 1, 4), bool)
    roi[0, 0, :2] = True  # fraction at x=0.5 is 1, at x=2.5 is 0
    kept = resample_mask(roi, (1.0, 1.0, 1.0), (None, None, 2.0), order=1, threshold=0.5)
    assert kept[0, 0].tolist() == [True, False]


def test_roi_fraction_of_exactly_one_half_is_kept():
    # slices 0-2 of 6 (3 mm) in the ROI; the 2 mm grid has 9 slices at -1/6 + 2k/3 (original
    # index units), so slice k = 4 sits at 5/2, half-way between ROI slice 2 and slice 3:
    # fraction exactly 1/2 in all 4 x 4 in-plane voxels (ceil(8 x 0.977 / 2) = 4), which
    # R >= 0.5 keeps; float round-off used to drop one of them (0.5 - 1e-16)
    roi = np.zeros((6, 8, 8), bool)
    roi[:3] = True
    kept = resample_mask(roi, (3.0, 0.977, 0.977), (2.0, 2.0, 2.0), order=1, threshold=0.5)
    assert kept.shape == (9, 4, 4)
    assert kept[:5].all() and not kept[5:].any()


def test_range_and_outlier_resegmentation_intersect():
    image = np.array([[[0.0, 10, 10, 10, 10, 10, 10, 10, 10, 100]]])
    roi = np.ones_like(image, bool)
    # mean 18, population sd sqrt((18^2 + 8 * 8^2 + 82^2) / 10) = sqrt(756) = 27.50:
    # mean +- 2 sd = [-36.99, 72.99]; with the range [5, 200] the re-segmentation range is
    # the intersection [5, 72.99], which removes 0 and 100
    sd = math.sqrt(756.0)
    bounds = resegmentation_range(image, roi, value_range=(5, 200), outlier_sigma=2)
    assert bounds == pytest.approx((5.0, 18 + 2 * sd), rel=1e-12)
    kept = intensity_mask(image, roi, bounds)
    assert kept[0, 0].tolist() == [False] + [True] * 8 + [False]
    assert resegmentation_range(image, roi, outlier_sigma=2) == pytest.approx(
        (18 - 2 * sd, 18 + 2 * sd), rel=1e-12)
    assert resegmentation_range(image, roi, value_range=(5, 200)) == (5.0, 200.0)
    assert resegmentation_range(image, roi) is None
    assert intensity_mask(image, roi, None).all()


def test_resegmentation_that_empties_the_roi_is_an_input_error():
    image = np.zeros((1, 2, 2))
    with pytest.raises(InputError, match="re-segmentation removed every ROI voxel"):
        intensity_mask(image, np.ones_like(image, bool), (5.0, 10.0))
