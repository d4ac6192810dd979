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


def test_fixed_bin_number_spans_the_roi_not_the_resegmentation_range():
    # IBSI manual, "Intensity discretisation", recommendations table, footnote 2: FBN uses
    # the ROI's own intensity range, not the re-segmentation range. ROI values -500, 0, 100
    # inside [-1000, 400]: floor(4 (x + 500) / 600) + 1 = 1, 4, and 4 for the maximum
    # (against -1000 as the minimum they would be 2, 4, 4)
    array = np.zeros((1, 3, 3))
    array[0, 1, :] = [-500, 0, 100]
    roi = np.zeros(array.shape, bool)
    roi[0, 1, :] = True
    features = extract_ibsi(*_images(array, roi), {"setting": {"binCount": 4,
                                                              "resegmentRange": [-1000, 400]}})
    assert (features["ih_min"], features["ih_max"]) == (1.0, 4.0)
    assert features["ih_mean"] == pytest.approx(3.0)


def test_discrete_ivh_total_range_is_the_outlier_range(volume):
    # IBSI manual, "Intensity-volume histogram features": G is the re-segmentation range,
    # and with outlier filtering alone that is [mu - k sd, mu + k sd] ("Re-segmentation").
    # ROI values 0, 10 x 8, 100 with k = 2: mu = 18, sd = sqrt(756), G = [-36.99, 72.99];
    # 100 leaves the intensity mask; i = -36..72, gamma(i) = (i - min G) / (max G - min G);
    # V10 = nu at i = -25 (first i with gamma >= 0.1) = 9/9, V90 = nu at i = 62 = 0
    # (with the ROI range [0, 10] as G they would be nu(1) = 8/9 and nu(9) = 8/9)
    array = np.zeros((1, 1, 10))
    array[0, 0] = [0, 10, 10, 10, 10, 10, 10, 10, 10, 100]
    roi = np.ones(array.shape, bool)
    features = extract_ibsi(*_images(array, roi), {"setting": {"binWidth": 1},
                                                   "ibsi": {"outlier_sigma": 2}})
    assert features["stat_max"] == 10.0  # 100 is an outlier
    low = 18 - 2 * math.sqrt(756)
    high = 18 + 2 * math.sqrt(756)
    assert math.ceil(low + 0.1 * (high - low)) == -25
    assert math.ceil(low + 0.9 * (high - low)) == 62
    assert features["ivh_v10"] == 1.0 and features["ivh_v90"] == 0.0
    # I10: smallest i with nu <= 0.1 is 11 (nu(11) = 0); I90: nu(1) = 8/9 <= 0.9
    assert (features["ivh_i10"], features["ivh_i90"]) == (11.0, 1.0)
