"""The largest-slice patch on hand-checkable volumes (needs no torch)."""
from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.deep import largest_slice_index, largest_slice_patch
from axilla.errors import InputError


def _volume(array, spacing=(1.0, 1.0, 1.0)):
    image = sitk.GetImageFromArray(np.asarray(array))
    image.SetSpacing(spacing[:image.GetDimension()])
    return image


def _square_masks(sides, shape=(12, 12)):
    """One slice per side length: a side x side square ROI at rows/cols 3.. (0 = empty)."""
    mask = np.zeros((len(sides), *shape), np.uint8)
    for k, side in enumerate(sides):
        mask[k, 3:3 + side, 3:3 + side] = 1
    return mask


def test_largest_slice_is_the_one_with_most_roi_voxels():
    assert largest_slice_index(_square_masks([2, 3, 5, 4, 0])) == 2
    assert largest_slice_index(_square_masks([4, 1, 4])) == 0  # ties: the first


def test_patch_is_the_scaled_roi_box_of_the_largest_slice():
    # Slice 2 holds the 5x5 ROI; its box (margin 0) has values 0..24 row by row, the other
    # slices the transpose, so a wrong slice would show. Hand computation (numpy's linear
    # percentile of 0..24): p0.5 = 0.12, p99.5 = 23.88; patch = clip((v - 0.12) / 23.76).
    mask = _square_masks([2, 3, 5, 4, 0])
    image = np.zeros(mask.shape)
    ramp = np.arange(25.0).reshape(5, 5)
    for k in range(5):
        image[k, 3:8, 3:8] = ramp if k == 2 else ramp.T
    patch = largest_slice_patch(_volume(image), _volume(mask), size=5, margin=0.0)
    expected = np.clip((ramp - 0.12) / 23.76, 0, 1)
    assert patch.shape == (3, 5, 5) and patch.dtype == np.float32
    for channel in patch:
        np.testing.assert_allclose(channel, expected, atol=1e-6)  # float32 rounding


def test_box_is_square_in_millimetres():
    # ROI 4 rows x 8 columns with 2 mm rows and 1 mm columns: 8 x 8 mm, so with margin 0
    # the box is exactly the ROI, a left-to-right ramp: every patch row is the same.
    # A box square in pixels (8 x 8) would take in 2 background rows above and below.
    image, mask = np.zeros((1, 20, 20)), np.zeros((1, 20, 20), np.uint8)
    image[0, 8:12, 6:14] = np.arange(10.0, 18.0)
    mask[0, 8:12, 6:14] = 1
    patch = largest_slice_patch(_volume(image, (1.0, 2.0, 3.0)), _volume(mask, (1.0, 2.0, 3.0)),
                                size=16, margin=0.0)
    np.testing.assert_allclose(patch[0], np.broadcast_to(patch[0, :1], (16, 16)), atol=1e-6)
    assert patch[0, 0, 0] < 0.1 and patch[0, 0, -1] > 0.9


@pytest.mark.parametrize("shape", [(4, 30, 26), (30, 26)])
def test_patch_shape_and_range(shape, seed):
    rng = np.random.default_rng(seed)
    image = rng.normal(100, 30, shape)
    mask = np.zeros(shape, np.uint8)
    mask[..., 10:18, 5:20] = 1
    patch = largest_slice_patch(_volume(image), _volume(mask), size=64)
    assert patch.shape == (3, 64, 64) and patch.dtype == np.float32
    assert patch.min() >= 0 and patch.max() <= 1 and patch.max() - patch.min() > 0.5
    assert np.array_equal(patch[0], patch[1]) and np.array_equal(patch[0], patch[2])


def test_empty_mask_is_an_input_error():
    empty = np.zeros((3, 10, 10), np.uint8)
    with pytest.raises(InputError, match="mask is empty.*check the mask"):
        largest_slice_patch(_volume(np.ones((3, 10, 10))), _volume(empty))
