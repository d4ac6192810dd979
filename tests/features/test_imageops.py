"""Image preparation: resampling grid, normalisation, geometry, ROI checks, resegmentation.

Expected numbers are worked out by hand from the formulas PyRadiomics documents
(``imageoperations.resampleImage``, ``normalizeImage``, ``resegmentMask``); the baseline
columns ``*_resampling``, ``*_normalization`` and ``*_resegmentation`` in
test_baseline_all.py check the same steps against PyRadiomics' own numbers.
"""
from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError
from axilla.features import imageops, load_params


def _image(array, spacing=(1.0, 1.0, 2.0), origin=(0.0, 0.0, 0.0)):
    image = sitk.GetImageFromArray(np.asarray(array))
    image.SetSpacing(spacing)
    image.SetOrigin(origin)
    return image


def _cube_mask(shape=(10, 10, 10), box=(slice(2, 5), slice(3, 6), slice(3, 6)), **kw):
    array = np.zeros(shape, dtype=np.uint8)
    array[box] = 1
    return _image(array, **kw)


def test_resample_grid_is_pyradiomics():
    # Mask spacing (x, y, z) = (1, 1, 2); ROI index x 3..5, y 3..5, z 2..4; new spacing 2 mm;
    # padDistance 1. ratio = (0.5, 0.5, 1):
    # low  = floor((3 - .5) * .5 - 1) = 0 (x, y);  floor((2 - .5) * 1 - 1) = 0 (z)
    # high = ceil((3 + 3 - .5) * .5 + 1) = 4 (x, y); ceil((2 + 3 - .5) * 1 + 1) = 6 (z)
    # size = (5, 5, 7); origin index = .5 * (2 - 1) / 1 = .5 (x, y), 0 (z) -> (.5, .5, 0) mm
    mask = _cube_mask()
    image = _image(np.arange(1000, dtype=np.float32).reshape(10, 10, 10))
    settings = {**load_params().setting, "resampledPixelSpacing": [2, 2, 2],
                "padDistance": 1, "interpolator": "sitkLinear"}
    new_image, new_mask = imageops.resample(image, mask, settings)
    for out in (new_image, new_mask):
        assert out.GetSize() == (5, 5, 7)
        assert out.GetSpacing() == (2.0, 2.0, 2.0)
        assert np.allclose(out.GetOrigin(), (0.5, 0.5, 0.0), atol=1e-12)
    assert new_image.GetPixelID() == image.GetPixelID()
    assert new_mask.GetPixelID() == mask.GetPixelID()


def test_resample_keeps_spacing_of_a_one_voxel_thick_roi_and_zero_entries():
    mask = _cube_mask(box=(slice(2, 3), slice(3, 6), slice(3, 6)))
    image = _image(np.zeros((10, 10, 10), dtype=np.float32))
    settings = {**load_params().setting, "resampledPixelSpacing": [2, 0, 3]}
    new_image, _ = imageops.resample(image, mask, settings)
    # y: 0 -> mask spacing 1; z: ROI one slice thick -> mask spacing 2 (not 3)
    assert new_image.GetSpacing() == (2.0, 1.0, 2.0)


def test_normalize_is_sample_z_score_then_clip_then_scale():
    values = np.array([[[0.0, 1.0, 2.0, 3.0, 10.0]]])
    out = sitk.GetArrayFromImage(imageops.normalize_image(_image(values), scale=100,
                                                          outliers=1.5))
    z = (values - values.mean()) / values.std(ddof=1)  # ITK NormalizeImageFilter: sample SD
    assert np.allclose(out, 100 * np.clip(z, -1.5, 1.5), rtol=1e-12)


def test_geometry_mismatch_names_file_and_fix():
    image = _image(np.zeros((10, 10, 10), dtype=np.int16))
    mask = _cube_mask(origin=(0.0, 0.0, 0.1))
    settings = load_params().setting
    with pytest.raises(GeometryError) as err:
        imageops.align_mask(image, mask, settings, file="m.nrrd")
    text = str(err.value)
    assert text.startswith("m.nrrd: mask origin (0.0, 0.0, 0.1) differs from image origin")
    assert "correctMask: true" in text


def test_geometry_tolerance_accepts_rounding():
    image = _image(np.zeros((10, 10, 10), dtype=np.int16))
    mask = _cube_mask(origin=(0.0, 0.0, 1e-4))
    settings = {**load_params().setting, "geometryTolerance": 1e-3}
    assert imageops.align_mask(image, mask, settings) is mask


def test_correct_mask_resamples_onto_the_image_grid():
    image = _image(np.zeros((10, 10, 10), dtype=np.int16))
    mask = _cube_mask(shape=(5, 10, 10), box=(slice(1, 3), slice(3, 6), slice(3, 6)),
                      spacing=(1.0, 1.0, 4.0))
    settings = {**load_params().setting, "correctMask": True}
    fixed = imageops.align_mask(image, mask, settings)
    assert fixed.GetSize() == image.GetSize()
    roi = sitk.GetArrayFromImage(fixed) == 1
    # image slice k (centre 2k mm) samples mask index 2k / 4 = k / 2, rounded half up by
    # ITK's nearest neighbour: k = 1..4 -> 1, 1, 2, 2 (ROI slices 1, 2); k = 5 -> 3
    assert np.flatnonzero(roi.any(axis=(1, 2))).tolist() == [1, 2, 3, 4]


def test_correct_mask_refuses_an_roi_outside_the_image():
    image = _image(np.zeros((4, 10, 10), dtype=np.int16))
    mask = _cube_mask(spacing=(1.0, 1.0, 2.0), box=(slice(6, 8), slice(3, 6), slice(3, 6)))
    settings = {**load_params().setting, "correctMask": True}
    with pytest.raises(GeometryError, match="outside the image"):
        imageops.align_mask(image, mask, settings)


def test_roi_size_checks():
    settings = {**load_params().setting, "minimumROIDimensions": 3}
    flat = np.zeros((5, 5, 5), dtype=bool)
    flat[2, 1:4, 1:4] = True
    with pytest.raises(InputError, match="spans 2 dimension.*minimumROIDimensions 3"):
        imageops.check_roi(flat, settings)
    settings = {**load_params().setting, "minimumROISize": 9}
    with pytest.raises(InputError, match="has 9 voxels, not more than minimumROISize 9"):
        imageops.check_roi(flat, settings)
    assert imageops.check_roi(flat, load_params().setting) == ((2, 1, 1), (2, 3, 3))


@pytest.mark.parametrize(("mode", "bounds", "kept"), [
    ("absolute", [2, 4], [2, 3, 4]),
    ("absolute", [3], [3, 4, 5, 10]),
    # relative to the ROI maximum 10: [0.3, 0.5] -> [3, 5]
    ("relative", [0.3, 0.5], [3, 4, 5]),
    # values 1,2,3,4,5,10: mean 25/6, population SD sqrt(41.1/6 ...) -> mean +- 1 SD
    ("sigma", [-1, 1], [2, 3, 4, 5]),
])
def test_resegment_modes(mode, bounds, kept):
    values = np.array([[[1.0, 2.0, 3.0, 4.0, 5.0, 10.0]]])
    roi = np.ones(values.shape, dtype=bool)
    settings = {"resegmentRange": bounds, "resegmentMode": mode}
    out = imageops.resegment(values, roi, settings)
    assert values[out].tolist() == kept


def test_resegment_that_keeps_one_voxel_is_an_error():
    values = np.array([[[1.0, 2.0, 3.0]]])
    with pytest.raises(InputError, match="kept 1 voxel"):
        imageops.resegment(values, np.ones(values.shape, dtype=bool),
                           {"resegmentRange": [3], "resegmentMode": "absolute"})


def test_crop_with_padding_clips_at_the_border():
    image = _image(np.zeros((6, 7, 8), dtype=np.int16))
    cropped = imageops.crop_image(image, (0, 2, 3), (1, 4, 7), pad=2)
    assert cropped.GetSize() == (7, 7, 4)  # x 1..7, y 0..6, z 0..3
    assert np.allclose(cropped.GetOrigin(), (1.0, 0.0, 0.0))


def test_float_mask_of_whole_numbers_is_cast_like_pyradiomics():
    array = np.zeros((3, 4, 4), dtype=np.float32)
    array[1, 1:3, 1:3] = 1.0
    mask = imageops.select_label_image(_image(array), label=1)
    assert int(sitk.GetArrayViewFromImage(mask).sum()) == 4
    with pytest.raises(InputError, match=r"label 2 is not in the mask \(labels present: 1\)"):
        imageops.select_label_image(_image(array), label=2, file="m.nii.gz")


def test_float_mask_with_fractions_is_refused_not_truncated():
    """Issue 11: a probability map given as a SimpleITK image was truncated (0.6 -> 0)."""
    from axilla.features import extract
    image = np.arange(64, dtype=np.float32).reshape(4, 4, 4)
    array = np.zeros((4, 4, 4), dtype=np.float32)
    array[1:3, 1:3, 1:3] = 1.0
    array[0, 0, 0] = 0.6
    with pytest.raises(InputError, match=r"1 non-integer value\(s\) \(0\.6\)"):
        extract(_image(image), _image(array), {"featureClass": {"firstorder": []}})


def test_resegment_shape_switch(tmp_path):
    # ROI of 4x4x4 voxels with values 0..63; absolute range [16, 47] keeps 32 voxels
    # (z slices 1 and 2). Shape uses them only with resegmentShape (PyRadiomics setting).
    from axilla.features import extract
    image = np.zeros((6, 6, 6), dtype=np.int16)
    image[1:5, 1:5, 1:5] = np.arange(64).reshape(4, 4, 4)
    mask = np.zeros((6, 6, 6), dtype=np.uint8)
    mask[1:5, 1:5, 1:5] = 1
    settings = {"resegmentRange": [16, 47], "binWidth": 8}
    features = {"shape": ["VoxelVolume"], "firstorder": ["Minimum", "Maximum"]}
    plain = extract(_image(image, spacing=(1, 1, 1)), _image(mask, spacing=(1, 1, 1)),
                    {"setting": settings, "featureClass": features})
    reseg = extract(_image(image, spacing=(1, 1, 1)), _image(mask, spacing=(1, 1, 1)),
                    {"setting": {**settings, "resegmentShape": True}, "featureClass": features})
    assert plain["original_shape_VoxelVolume"] == 64 and reseg["original_shape_VoxelVolume"] == 32
    for values in (plain, reseg):
        assert (values["original_firstorder_Minimum"], values["original_firstorder_Maximum"]) \
            == (16, 47)


def test_bounding_box_is_the_extent_of_the_roi_in_every_axis():
    rng = np.random.default_rng(7)
    for density in (0.005, 0.03, 0.15, 0.6, 0.97):  # sparse and dense ROIs take two ways
        for _ in range(300):
            roi = rng.random(tuple(rng.integers(1, 13, rng.integers(1, 4)))) < density
            if not roi.any():
                continue
            where = np.argwhere(roi)
            assert imageops.bounding_box(roi) == (tuple(where.min(axis=0).tolist()),
                                                  tuple(where.max(axis=0).tolist()))
    roi = np.zeros((4, 5, 6), bool)
    roi[1, 4, 0] = roi[3, 0, 5] = True
    assert imageops.bounding_box(roi) == ((1, 0, 0), (3, 4, 5))
    roi = np.zeros((20, 30, 40), bool)
    roi[7, 3, 39] = roi[9, 28, 0] = True
    assert imageops.bounding_box(roi) == ((7, 3, 0), (9, 28, 39))
    with pytest.raises(InputError, match="empty"):
        imageops.bounding_box(np.zeros((3, 3), bool))
