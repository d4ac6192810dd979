"""Degenerate inputs: PyRadiomics' value or one clear error naming the file and the fix."""
from __future__ import annotations

import math

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.features import extract

FEATURES = {"featureClass": {"shape": [], "firstorder": [], "glcm": [], "glrlm": [],
                             "glszm": [], "gldm": [], "ngtdm": []}}


def _write(tmp_path, name, array, spacing=(0.8, 0.8, 2.0)):
    image = sitk.GetImageFromArray(array)
    image.SetSpacing(spacing[:array.ndim])
    path = tmp_path / name
    sitk.WriteImage(image, str(path))
    return path


def _case(tmp_path, seed, mask_array, image_array=None):
    rng = np.random.default_rng(seed)
    if image_array is None:
        image_array = rng.integers(0, 200, size=mask_array.shape).astype(np.int16)
    return (_write(tmp_path, "image.nrrd", image_array),
            _write(tmp_path, "mask.nrrd", mask_array.astype(np.uint8)))


def _blob(shape=(6, 12, 12), box=(slice(1, 5), slice(3, 9), slice(2, 8))):
    mask = np.zeros(shape, dtype=np.uint8)
    mask[box] = 1
    return mask


def _assert_all_finite(values):
    bad = [k for k, v in values.items() if not math.isfinite(v)]
    assert not bad, f"non-finite features: {bad}"


def test_empty_mask(tmp_path, seed):
    image, mask = _case(tmp_path, seed, np.zeros((6, 12, 12)))
    with pytest.raises(InputError) as err:
        extract(image, mask)
    assert str(err.value).startswith(f"{mask}: the mask is empty")
    assert err.value.fix


def test_one_voxel_roi(tmp_path, seed):
    mask = np.zeros((6, 12, 12))
    mask[3, 5, 5] = 1
    image, mask_path = _case(tmp_path, seed, mask)
    with pytest.raises(InputError, match="single voxel; features need more") as err:
        extract(image, mask_path)
    assert err.value.file == str(mask_path)


def test_label_absent(tmp_path, seed):
    image, mask = _case(tmp_path, seed, _blob())
    with pytest.raises(InputError) as err:
        extract(image, mask, label=2)
    assert "label 2 is not in the mask (labels present: 1)" in str(err.value)
    assert err.value.fix == "set label to one of 1"


def test_flat_intensity(tmp_path, seed):
    # PyRadiomics' flatRegion baseline columns hold the texture values of one grey level;
    # first order of a constant: variance 0, one bin (uniformity 1, entropy 0).
    image, mask = _case(tmp_path, seed, _blob(), np.full((6, 12, 12), 50, dtype=np.int16))
    values = extract(image, mask, FEATURES)
    _assert_all_finite(values)
    assert values["original_firstorder_Variance"] == 0
    assert values["original_firstorder_Uniformity"] == 1
    assert values["original_firstorder_Range"] == 0
    assert values["original_glcm_JointEnergy"] == pytest.approx(1, rel=1e-12)


def test_single_grey_level_of_a_varying_image(tmp_path, seed):
    image, mask = _case(tmp_path, seed, _blob())
    values = extract(image, mask, {**FEATURES, "setting": {"binWidth": 1e6}})
    _assert_all_finite(values)
    assert values["original_firstorder_Variance"] > 0
    assert values["original_firstorder_Uniformity"] == 1
    assert values["original_glrlm_GrayLevelNonUniformityNormalized"] == pytest.approx(1)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_inf_inside_the_roi(tmp_path, seed, bad):
    rng = np.random.default_rng(seed)
    array = rng.normal(100, 10, size=(6, 12, 12)).astype(np.float32)
    array[2, 5, 5] = bad
    image = _write(tmp_path, "image.nrrd", array)
    mask = _write(tmp_path, "mask.nrrd", _blob())
    with pytest.raises(InputError, match="1 NaN/inf voxel.*inside the ROI") as err:
        extract(image, mask, FEATURES)
    assert err.value.fix and err.value.file == str(mask)


def test_roi_touching_the_border_equals_the_same_roi_inside(tmp_path, seed):
    rng = np.random.default_rng(seed)
    patch = rng.integers(0, 200, size=(3, 5, 4)).astype(np.int16)
    shape_of_roi = rng.random((3, 5, 4)) < 0.7
    results = []
    for offset in ((0, 0, 0), (2, 4, 5)):   # touching three faces / well inside
        image_array = np.zeros((8, 12, 12), dtype=np.int16)
        mask_array = np.zeros((8, 12, 12), dtype=np.uint8)
        box = tuple(slice(o, o + s) for o, s in zip(offset, patch.shape))
        image_array[box] = patch
        mask_array[box] = shape_of_roi
        folder = tmp_path / str(offset[0])
        folder.mkdir()
        results.append(extract(_write(folder, "i.nrrd", image_array),
                               _write(folder, "m.nrrd", mask_array), FEATURES))
    _assert_all_finite(results[0])
    assert results[0].keys() == results[1].keys()
    for name, value in results[1].items():
        assert results[0][name] == pytest.approx(value, rel=1e-12, abs=1e-12), name


def test_2d_image_given_as_3d_with_one_slice(tmp_path, seed):
    rng = np.random.default_rng(seed)
    plane = rng.integers(0, 200, size=(16, 16)).astype(np.int16)
    mask2d = np.zeros((16, 16), dtype=np.uint8)
    mask2d[3:12, 4:13] = 1
    one_slice = extract(_write(tmp_path, "i3.nrrd", plane[None]),
                        _write(tmp_path, "m3.nrrd", mask2d[None]), FEATURES)
    _assert_all_finite(one_slice)
    flat = extract(_write(tmp_path, "i2.nrrd", plane, spacing=(0.8, 0.8)),
                   _write(tmp_path, "m2.nrrd", mask2d, spacing=(0.8, 0.8)),
                   {"featureClass": {"firstorder": []}})
    firstorder = {k: v for k, v in one_slice.items() if "_firstorder_" in k}
    # same voxels; TotalEnergy differs only by the slice thickness (2 mm vs none)
    for name, value in flat.items():
        factor = 2.0 if name.endswith("TotalEnergy") else 1.0
        assert firstorder[name] == pytest.approx(factor * value, rel=1e-12), name
    assert one_slice["original_shape_VoxelVolume"] == pytest.approx(81 * 0.8 * 0.8 * 2.0)
