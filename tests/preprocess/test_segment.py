"""Region growing on noisy synthetic lesions; exact reproduction from saved parameters."""
import json

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError
from axilla.preprocess.robustness import dice
from axilla.preprocess.segment import (
    load_parameters, save_segmentation, segment, segment_from_parameters)
from tests.preprocess.phantoms import lesion_image, sphere_mask

SHAPE, SPACING, RADIUS = (20, 40, 40), (0.8, 0.8, 1.5), 9.0


@pytest.fixture
def lesion(seed):
    # lesion 150, background 50, Gaussian noise sd 20 (contrast-to-noise 5)
    return lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=20,
                        random_state=seed)


@pytest.fixture
def noisier_lesion(seed):
    # contrast-to-noise 3.3: 6.7% of voxels fall on the wrong side of the threshold
    return lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=30,
                        random_state=seed)


@pytest.fixture
def drawn_roi():
    return sphere_mask(SHAPE, SPACING, RADIUS + 4)


def test_connected_threshold_from_seed(lesion):
    image, truth = lesion
    result = segment(image, seeds=[(20, 20, 10)], lower=100)
    assert dice(result.mask, truth) >= 0.9  # brief: Dice >= 0.9 on noisy synthetic lesions


@pytest.mark.parametrize("phantom", ["lesion", "noisier_lesion"])
def test_threshold_inside_drawn_roi_without_seed(phantom, drawn_roi, request):
    image, truth = request.getfixturevalue(phantom)
    result = segment(image, roi=drawn_roi, lower=100)
    assert dice(result.mask, truth) >= 0.9
    grown = sitk.GetArrayViewFromImage(result.mask)
    assert not grown[sitk.GetArrayViewFromImage(drawn_roi) == 0].any()


def test_confidence_connected_inside_roi(lesion, drawn_roi):
    image, truth = lesion
    result = segment(image, roi=drawn_roi, multiplier=2.5, iterations=3, radius=1)
    assert dice(result.mask, truth) >= 0.9


def test_mask_reproduced_exactly_from_saved_parameters(lesion, drawn_roi, tmp_path):
    image, _ = lesion
    for kwargs in ({"lower": 100.0, "upper": 400.0}, {"multiplier": 2.5}):
        original = segment(image, roi=drawn_roi, **kwargs)
        json_path = save_segmentation(original, tmp_path / "lesion.nii.gz")
        assert json_path.name == "lesion.json"
        assert json.loads(json_path.read_text(encoding="utf-8"))["method"] == original.parameters["method"]
        redone = segment_from_parameters(image, load_parameters(tmp_path / "lesion.nii.gz"),
                                         roi=drawn_roi)
        saved = sitk.ReadImage(str(tmp_path / "lesion.nii.gz"))
        assert np.array_equal(sitk.GetArrayFromImage(redone.mask), sitk.GetArrayFromImage(saved))


def test_reproduction_refuses_another_image(lesion, drawn_roi):
    image, _ = lesion
    parameters = segment(image, roi=drawn_roi, lower=100).parameters
    with pytest.raises(InputError, match="SHA-256"):
        segment_from_parameters(image + 1.0, parameters, roi=drawn_roi)
    with pytest.raises(InputError, match="ROI"):
        segment_from_parameters(image, parameters)


def test_settings_errors(lesion, drawn_roi):
    image, _ = lesion
    with pytest.raises(SettingsError, match="either"):
        segment(image, roi=drawn_roi, lower=1, multiplier=2)
    with pytest.raises(SettingsError, match="seeds or a drawn ROI"):
        segment(image, lower=100)
    with pytest.raises(InputError, match="outside the drawn ROI"):
        segment(image, roi=drawn_roi, seeds=[(0, 0, 0)], lower=100)


def _slab(roi: sitk.Image, slices: slice) -> sitk.Image:
    """``roi`` kept only on the z slices ``slices``."""
    array = sitk.GetArrayFromImage(roi)
    thin = np.zeros_like(array)
    thin[slices] = array[slices]
    out = sitk.GetImageFromArray(thin)
    out.CopyInformation(roi)
    return out


def test_confidence_growing_in_a_roi_thinner_than_its_start_neighbourhood_is_refused(lesion, drawn_roi):
    # two slices: every radius-1 neighbourhood takes fence values, whose spread used to
    # widen mean +- 2.5 SD over the whole image (the mask filled every voxel)
    image, _ = lesion
    thin = _slab(drawn_roi, slice(9, 11))
    with pytest.raises(InputError, match="thinner than the seed neighbourhood of radius 1"):
        segment(image, roi=thin, multiplier=2.5)
    with pytest.raises(InputError, match="closer than 2 voxels to the edge"):
        segment(image, roi=drawn_roi, seeds=[(20, 20, 1)], multiplier=2.5)  # ROI edge slice


def test_a_region_that_crosses_the_roi_fence_is_refused(lesion, drawn_roi):
    image, _ = lesion
    with pytest.raises(InputError, match="grew out of the drawn ROI"):
        segment(image, roi=drawn_roi, multiplier=1e6, check_leak=False)
