"""Seeds and boxes in millimetres (LPS, as SimpleITK reports) equal the same voxels;
seeds outside the image or the box are refused with a message that says why."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.preprocess.segment import segment
from tests.preprocess.phantoms import lesion_image

SHAPE, SPACING, RADIUS = (20, 40, 40), (0.8, 0.8, 1.5), 9.0
BOX = [[8, 8, 3], [32, 32, 17]]


@pytest.fixture
def oblique_lesion(seed):
    """The noisy sphere on a grid with a flipped, permuted direction and an offset origin,
    so voxel and physical coordinates differ on every axis."""
    image, truth = lesion_image(SHAPE, SPACING, RADIUS, contrast=100, background=50, noise=20,
                                random_state=seed)
    for item in (image, truth):
        item.SetDirection((0, -1, 0, -1, 0, 0, 0, 0, 1))
        item.SetOrigin((112.5, -40.25, 7.0))
    return image, truth


def test_seed_in_mm_equals_the_same_seed_in_voxels(oblique_lesion):
    image, _ = oblique_lesion
    by_voxel = segment(image, seeds=[(20, 21, 10)], box=BOX)
    # a point 0.3-0.4 voxel off the voxel centre, still nearest to it
    point = image.TransformContinuousIndexToPhysicalPoint((20.3, 20.6, 10.4))
    by_mm = segment(image, seeds_mm=[point], box=BOX)
    assert by_mm.parameters["seeds"] == [[20, 21, 10]]
    assert np.array_equal(sitk.GetArrayViewFromImage(by_mm.mask),
                          sitk.GetArrayViewFromImage(by_voxel.mask))


def test_box_in_mm_equals_the_same_box_in_voxels(oblique_lesion):
    image, _ = oblique_lesion
    corners_mm = [image.TransformIndexToPhysicalPoint(corner) for corner in BOX]
    by_mm = segment(image, seeds=[(20, 20, 10)], box_mm=corners_mm)
    assert by_mm.parameters["box"] == BOX
    by_voxel = segment(image, seeds=[(20, 20, 10)], box=BOX)
    assert np.array_equal(sitk.GetArrayViewFromImage(by_mm.mask),
                          sitk.GetArrayViewFromImage(by_voxel.mask))


def test_seed_outside_the_image_is_refused(oblique_lesion):
    image, _ = oblique_lesion
    beyond = image.TransformContinuousIndexToPhysicalPoint((20, 20, 19.6))  # past the last slice
    with pytest.raises(InputError, match=r"seed \(.*\) mm lies outside the image, whose voxel "
                                         r"centres span x .* mm.*LPS"):
        segment(image, seeds_mm=[beyond], box=BOX)
    with pytest.raises(InputError, match=r"seed \[20, 20, 20\] is outside the image of size \[40, 40, 20\]"):
        segment(image, seeds=[(20, 20, 20)], box=BOX)


def test_seed_outside_the_box_is_refused(oblique_lesion):
    image, _ = oblique_lesion
    with pytest.raises(InputError, match=r"seed \[2, 20, 10\] lies outside the box; place the seed "
                                         r"inside the box"):
        segment(image, seeds=[(2, 20, 10)], box=BOX)
    point = image.TransformIndexToPhysicalPoint((2, 20, 10))
    with pytest.raises(InputError, match=r"seed \[2, 20, 10\] lies outside the box"):
        segment(image, seeds_mm=[point], box=BOX)


def test_box_corners_are_checked(oblique_lesion):
    image, _ = oblique_lesion
    with pytest.raises(InputError, match=r"box corner \[8, 8, 30\] is outside the image"):
        segment(image, seeds=[(20, 20, 10)], box=[[8, 8, 3], [8, 8, 30]])
    with pytest.raises(InputError, match="both in voxels and in millimetres"):
        segment(image, seeds=[(20, 20, 10)], box=BOX, box_mm=BOX)
