"""Leak detection: a grown region that presses against the box or image sides, fills
more than half of it, or fills a whole free-hand ROI is refused, not saved."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.preprocess.robustness import dice
from axilla.preprocess.segment import segment, segment_from_parameters
from axilla.preprocess.segment_leak import leak_problem, sides_reached
from tests.preprocess.phantoms import lesion_image, sphere_mask

SHAPE, SPACING, RADIUS = (20, 40, 40), (0.8, 0.8, 1.5), 9.0
CENTRE = (20, 20, 10)


def cube(shape, low, high):
    array = np.zeros(shape, dtype=bool)
    array[tuple(slice(a, b + 1) for a, b in zip(low, high))] = True
    return array


def test_sides_reached_counts_faces_of_the_domain_box():
    domain = cube((10, 10, 10), (1, 1, 1), (8, 8, 8))
    assert sides_reached(cube((10, 10, 10), (3, 3, 3), (5, 5, 5)), domain) == (0, 6)
    assert sides_reached(cube((10, 10, 10), (1, 3, 3), (5, 8, 5)), domain) == (2, 6)
    assert sides_reached(cube((10, 10, 10), (1, 1, 3), (5, 8, 8)), domain) == (4, 6)
    # a box one slice thick: its two z sides are not counted
    flat = cube((10, 10, 10), (4, 1, 1), (4, 8, 8))
    assert sides_reached(cube((10, 10, 10), (4, 3, 3), (4, 5, 5)), flat) == (0, 4)


def test_leak_rules():
    domain = cube((10, 10, 10), (0, 0, 0), (9, 9, 9))
    inner = cube((10, 10, 10), (2, 2, 2), (5, 5, 5))           # 6.4% of the box, no side
    two_sides = cube((10, 10, 10), (0, 2, 2), (5, 5, 9))       # 2 of 6 sides, 9.6%
    three_sides = cube((10, 10, 10), (0, 0, 2), (5, 5, 9))     # 3 of 6 sides, 28.8%
    big = cube((10, 10, 10), (1, 1, 1), (8, 8, 8))             # 51.2% of the box, no side
    assert leak_problem(inner, domain, free_hand=False, where="the box") is None
    assert leak_problem(two_sides, domain, free_hand=False, where="the box") is None
    assert leak_problem(three_sides, domain, free_hand=False, where="the box") == (
        "the grown region reaches 3 of the 6 sides of the box and fills 28.8% of it")
    assert "fills 51.2% of it" in leak_problem(big, domain, free_hand=False, where="the box")
    # a free-hand ROI is a fence by design: only a region filling all of it leaked
    ball = sphere_mask((10, 10, 10), (1, 1, 1), 4.0)
    roi = sitk.GetArrayFromImage(ball) != 0
    assert leak_problem(roi & inner, roi, free_hand=True, where="the drawn ROI") is None
    assert leak_problem(roi, roi, free_hand=True, where="the drawn ROI") == (
        "the grown region fills every voxel of the drawn ROI")


@pytest.fixture
def lesion_by_a_slab(seed):
    """The noisy sphere joined by a 1-voxel column to a bright slab that spans the image in
    x and y (as a lesion touching the chest wall)."""
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=10,
                                random_state=seed)
    values = sitk.GetArrayFromImage(image)
    values[0:2] = 150.0             # the slab: z slices 0-1
    values[2:5, 20, 20] = 150.0     # the column up to the sphere (z 4-15)
    joined = sitk.GetImageFromArray(values)
    joined.CopyInformation(image)
    return joined, truth


def test_growing_into_a_slab_is_refused(lesion_by_a_slab):
    image, _ = lesion_by_a_slab
    with pytest.raises(InputError, match=r"segmentation leaked: the grown region reaches 5 of the "
                                         r"6 sides of the image and fills 19.9% of it; draw a box"):
        segment(image, seeds=[CENTRE], lower=100.0)


def test_a_box_clear_of_the_slab_segments_the_lesion(lesion_by_a_slab):
    image, truth = lesion_by_a_slab
    result = segment(image, seeds=[CENTRE], box=[[7, 7, 3], [33, 33, 17]])
    assert dice(result.mask, truth) >= 0.99  # measured 0.998


def test_confidence_growing_that_fills_a_free_hand_roi_is_refused(seed):
    # contrast-to-noise 3.3: a multiplier of 3 runs over the whole drawn ROI (2.5 over
    # 97.7% of it, which the free-hand rule lets pass; 2.0 gives Dice 0.975)
    image, _ = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=30,
                            random_state=seed)
    roi = sphere_mask(SHAPE, SPACING, RADIUS + 4)
    with pytest.raises(InputError, match="fills every voxel of the drawn ROI"):
        segment(image, roi=roi, multiplier=3.0)
    # a mask saved before leaks were refused is still rebuilt from its parameters
    leaked = segment(image, roi=roi, multiplier=3.0, check_leak=False)
    redone = segment_from_parameters(image, leaked.parameters, roi=roi)
    assert np.array_equal(sitk.GetArrayViewFromImage(redone.mask),
                          sitk.GetArrayViewFromImage(leaked.mask))
