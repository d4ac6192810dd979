"""Automatic threshold inside a drawn box (the default of `segment`) on noisy synthetic
lesions; no data from ../shared."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError
from axilla.preprocess.robustness import dice
from axilla.preprocess.segment import segment, segment_from_parameters
from tests.preprocess.phantoms import lesion_image, sphere_mask

SHAPE, SPACING, RADIUS = (20, 40, 40), (0.8, 0.8, 1.5), 9.0
CENTRE = (20, 20, 10)  # x, y, z voxel at the sphere's centre


def bounding_box(truth: sitk.Image, margin: int):
    """The truth's voxel bounding box grown by ``margin`` voxels, as x, y, z corners."""
    where = np.argwhere(sitk.GetArrayViewFromImage(truth) != 0)
    low = [int(v) - margin for v in where.min(axis=0)[::-1]]
    high = [int(v) + margin for v in where.max(axis=0)[::-1]]
    return [low, high]


@pytest.mark.parametrize("noise", [20, 40])  # contrast-to-noise 5 and 2.5
def test_auto_threshold_in_a_box_from_a_seed(noise, seed):
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=noise,
                                random_state=seed)
    result = segment(image, seeds=[CENTRE], box=bounding_box(truth, 2))
    # measured with the suite's seed: 0.996 (noise 20), 0.923 (noise 40)
    assert dice(result.mask, truth) >= (0.99 if noise == 20 else 0.90)
    assert result.parameters["method"] == "auto_threshold"
    # the range lies between the two tissue values (background 50, lesion 150)
    assert 50 < result.parameters["lower"] < 150


def test_auto_threshold_in_a_free_hand_roi_without_seed(seed):
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=20,
                                random_state=seed)
    result = segment(image, roi=sphere_mask(SHAPE, SPACING, RADIUS + 4))
    assert dice(result.mask, truth) >= 0.99  # measured 0.996


def test_dark_lesion_is_grown_from_its_seed(seed):
    # a lesion darker than its background: the seed's class, not the brightest
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=-100.0, background=150, noise=20,
                                random_state=seed)
    result = segment(image, seeds=[CENTRE], box=bounding_box(truth, 2))
    assert dice(result.mask, truth) >= 0.99  # measured 0.996
    assert result.parameters["upper"] < 150


def test_opening_cuts_a_thin_bridge(seed):
    # a 1-voxel-wide bright line joins the lesion to a bright blob inside the box
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=5,
                                random_state=seed)
    values = sitk.GetArrayFromImage(image)
    values[10, 20, 30:36] = 150.0     # the bridge, along x from the sphere's surface
    values[8:13, 18:23, 36:39] = 150.0  # the blob
    bridged = sitk.GetImageFromArray(values)
    bridged.CopyInformation(image)
    box = [[8, 8, 3], [38, 32, 16]]
    plain = segment(bridged, seeds=[CENTRE], box=box)
    opened = segment(bridged, seeds=[CENTRE], box=box, opening_mm=1.0)
    blob = (slice(8, 13), slice(18, 23), slice(36, 39))
    assert sitk.GetArrayViewFromImage(plain.mask)[blob].all()
    assert not sitk.GetArrayViewFromImage(opened.mask)[blob].any()
    assert dice(opened.mask, truth) >= 0.97  # measured 0.98 (the opening rounds the surface)


def test_auto_threshold_reproduced_exactly_from_its_parameters(seed):
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=30,
                                random_state=seed)
    original = segment(image, seeds=[CENTRE], box=bounding_box(truth, 3), opening_mm=1.0)
    redone = segment_from_parameters(image, original.parameters)
    assert np.array_equal(sitk.GetArrayViewFromImage(redone.mask),
                          sitk.GetArrayViewFromImage(original.mask))
    changed = dict(original.parameters, lower=original.parameters["lower"] - 1)
    with pytest.raises(InputError, match="automatic threshold now comes out"):
        segment_from_parameters(image, changed)


def test_parameters_saved_before_boxes_still_rebuild_the_mask(seed):
    # JSON written before the box, classes and opening_mm keys existed
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=20,
                                random_state=seed)
    original = segment(image, seeds=[CENTRE], lower=100.0)
    old = {k: v for k, v in original.parameters.items() if k not in ("box", "classes", "opening_mm")}
    redone = segment_from_parameters(image, old)
    assert np.array_equal(sitk.GetArrayViewFromImage(redone.mask),
                          sitk.GetArrayViewFromImage(original.mask))


def test_auto_threshold_needs_a_box_or_roi(seed):
    image, _ = lesion_image(SHAPE, SPACING, RADIUS, random_state=seed)
    with pytest.raises(SettingsError, match="needs a box or ROI"):
        segment(image, seeds=[CENTRE])
    with pytest.raises(SettingsError, match="not both"):
        segment(image, seeds=[CENTRE], box=[[0, 0, 0], [39, 39, 19]],
                roi=sphere_mask(SHAPE, SPACING, 13.0))


def test_seed_outside_the_thresholds_is_refused_not_an_empty_mask(seed):
    image, _ = lesion_image(SHAPE, SPACING, RADIUS, random_state=seed)
    with pytest.raises(InputError, match="nothing grew"):
        segment(image, seeds=[(0, 0, 0)], lower=120.0)
