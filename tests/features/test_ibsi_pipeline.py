"""extract_ibsi end to end on small synthetic volumes: user errors name the fix, ROIs
that leave features undefined give NaN with a warning, and 2D/3D selection of textures."""
from __future__ import annotations

import logging
import math

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError
from axilla.features.ibsi import extract_ibsi

SETTINGS = {"setting": {"binWidth": 1}}


def _images(array, roi, spacing=(1.0, 1.0, 1.0)):
    image = sitk.GetImageFromArray(np.asarray(array, dtype=np.float32))
    mask = sitk.GetImageFromArray(np.asarray(roi, dtype=np.uint8))
    image.SetSpacing(spacing)
    mask.SetSpacing(spacing)
    return image, mask


@pytest.fixture
def volume(seed):
    rng = np.random.default_rng(seed)
    array = rng.integers(1, 6, (5, 7, 7))
    roi = np.zeros(array.shape, bool)
    roi[1:4, 2:6, 2:6] = True
    return array, roi


def test_2d_settings_give_2d_and_25d_textures_only(volume):
    features = extract_ibsi(*_images(*volume), {"setting": {"binWidth": 1, "force2D": True}})
    texture = [k for k in features if k.startswith(("cm_", "szm_"))]
    assert texture and all(k.endswith(("_2D", "_2D_avg", "_2D_comb", "_2_5D", "_2_5D_avg",
                                       "_2_5D_comb")) for k in texture)
    assert all(math.isfinite(v) for v in features.values())


def test_one_voxel_roi_leaves_texture_undefined_with_a_warning(volume, caplog):
    array, _ = volume
    roi = np.zeros(array.shape, bool)
    roi[2, 3, 3] = True
    with caplog.at_level(logging.WARNING, logger="axilla.features.ibsi.pipeline"):
        features = extract_ibsi(*_images(array, roi), SETTINGS)
    assert math.isnan(features["cm_contrast_3D_avg"]) and math.isnan(features["morph_moran_i"])
    assert features["rlm_sre_3D_avg"] == 1.0  # one run of length 1 is defined
    assert features["stat_mean"] == array[2, 3, 3]
    assert "cm_contrast_3D_avg" in caplog.text and "set to NaN" in caplog.text


def test_equal_intensities_leave_moran_and_geary_undefined(volume):
    _, roi = volume
    features = extract_ibsi(*_images(np.full(roi.shape, 3), roi), SETTINGS)
    assert math.isnan(features["morph_moran_i"]) and math.isnan(features["morph_geary_c"])
    assert features["cm_corr_3D_comb"] == 1.0 and features["stat_skew"] == 0.0


def test_mask_on_another_grid_is_a_geometry_error(volume):
    array, roi = volume
    image, _ = _images(array, roi)
    _, mask = _images(array, roi, spacing=(1.0, 1.0, 2.0))
    with pytest.raises(GeometryError, match="resample the mask onto the image grid"):
        extract_ibsi(image, mask, SETTINGS)


def test_label_absent_from_the_mask(volume):
    with pytest.raises(InputError, match="no voxel with label 2"):
        extract_ibsi(*_images(*volume), {"setting": {"binWidth": 1, "label": 2}})


def test_missing_image_file(tmp_path):
    with pytest.raises(InputError, match="image file not found") as err:
        extract_ibsi(tmp_path / "image.nii.gz", tmp_path / "mask.nii.gz", SETTINGS)
    assert err.value.file.endswith("image.nii.gz")


def test_engine_extract_with_compat_ibsi_runs_this_pipeline(volume):
    from axilla.features import extract
    image, mask = _images(*volume)
    params = {"setting": {"compat": "ibsi", "binWidth": 1}, "ibsi": {"texture_dimensions": ["3D"]}}
    ours = extract_ibsi(image, mask, params)
    assert extract(image, mask, params) == ours
    assert "cm_joint_max_3D_avg" in ours and "morph_moran_i" in ours


def test_mask_with_another_origin_is_a_geometry_error(volume):
    image, mask = _images(*volume)
    mask.SetOrigin((0.0, 0.0, 5.0))
    with pytest.raises(GeometryError, match="differs from the image grid"):
        extract_ibsi(image, mask, SETTINGS)


def test_a_2d_image_is_refused_with_the_fix():
    image = sitk.GetImageFromArray(np.ones((4, 4), np.float32))
    with pytest.raises(InputError, match="needs a 3D image") as err:
        extract_ibsi(image, image, SETTINGS)
    assert "compat: pyradiomics" in err.value.fix
