"""Rings against the analytic spherical shell, largest slice, components, holes, labels."""
import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError
from axilla.preprocess.roi import (
    extract_slice, fill_holes, intratumoral_core, largest_component, largest_slice,
    largest_slice_index, otsu_body_mask, peritumoral_ring, split_labels)
from tests.preprocess.phantoms import image_from_array, sphere_mask


def volume_mm3(mask):
    return float(sitk.GetArrayViewFromImage(mask).sum() * np.prod(mask.GetSpacing()))


def shell_mm3(r, t):
    return 4 / 3 * np.pi * ((r + t) ** 3 - r ** 3)


@pytest.mark.parametrize("spacing, radius, width", [((0.7, 0.7, 1.5), 10, 3), ((0.5, 0.5, 2.0), 12, 5),
                                                    ((1.0, 1.0, 1.0), 10, 3)])
def test_ring_volume_matches_spherical_shell(spacing, radius, width):
    shape = tuple(int(2 * (radius + width + 4) / s) for s in reversed(spacing))
    ring = peritumoral_ring(sphere_mask(shape, spacing, radius), width)
    # brief: within 5% of 4/3 pi ((r+t)^3 - r^3)
    assert volume_mm3(ring) == pytest.approx(shell_mm3(radius, width), rel=0.05)


def test_ring_excludes_lesion_and_is_clipped_to_body():
    spacing = (1.0, 1.0, 1.0)
    lesion = sphere_mask((30, 30, 30), spacing, 6)
    body = np.ones((30, 30, 30), np.uint8)
    body[:, :, 15:] = 0  # body ends at the lesion centre plane x = 15
    ring = sitk.GetArrayFromImage(peritumoral_ring(lesion, 3, image_from_array(body, spacing)))
    assert not (ring & sitk.GetArrayFromImage(lesion)).any()
    assert ring[:, :, 15:].sum() == 0 and ring[:, :, :15].sum() > 0


def test_core_volume_matches_inner_sphere():
    spacing = (1.0, 1.0, 1.0)
    core = intratumoral_core(sphere_mask((30, 30, 30), spacing, 10), 3)
    # analytic ball of radius r - t, same 5% as the ring
    assert volume_mm3(core) == pytest.approx(4 / 3 * np.pi * 7 ** 3, rel=0.05)
    with pytest.raises(InputError, match="deeper"):
        intratumoral_core(sphere_mask((30, 30, 30), spacing, 3), 5)


def test_ring_width_must_be_positive():
    with pytest.raises(SettingsError, match="positive"):
        peritumoral_ring(sphere_mask((10, 10, 10), (1, 1, 1), 3), 0)


def test_largest_slice_picks_largest_area_and_lowest_index_on_ties():
    array = np.zeros((6, 8, 8), np.uint8)
    array[1, 2:4, 2:4] = 1   # area 4
    array[2, 1:5, 1:5] = 1   # area 16
    array[4, 0:4, 0:4] = 1   # area 16, tie with slice 2
    mask = image_from_array(array, (0.5, 0.5, 3.0))
    assert largest_slice_index(mask, "z") == 2
    kept = sitk.GetArrayFromImage(largest_slice(mask, "z"))
    assert kept.sum() == 16 and kept[2].sum() == 16
    # along y: rows 2 and 3 hold 2+4+4 = 10 voxels, the most; ties -> row 2
    assert largest_slice_index(mask, "y") == 2
    plane = extract_slice(mask, 2, "z")
    assert plane.GetSize() == (8, 8) and plane.GetSpacing() == (0.5, 0.5)
    with pytest.raises(SettingsError, match="axis"):
        largest_slice_index(mask, "w")


def test_largest_component_fill_holes_and_split():
    array = np.zeros((7, 7, 7), np.uint8)
    array[1:5, 1:5, 1:5] = 1     # 64 voxels
    array[2, 2, 2] = 0           # an enclosed hole
    array[6, 6, 6] = 1           # a stray voxel, not 26-connected to the block
    mask = image_from_array(array, (1, 1, 1))
    largest = sitk.GetArrayFromImage(largest_component(mask))
    assert largest.sum() == 63 and largest[6, 6, 6] == 0
    assert sitk.GetArrayFromImage(fill_holes(largest_component(mask))).sum() == 64
    labels = array * 2
    labels[6, 0, 0] = 1
    parts = split_labels(image_from_array(labels, (1, 1, 1)))
    assert sorted(parts) == [1, 2] and sitk.GetArrayViewFromImage(parts[2]).sum() == 64
    assert sitk.GetArrayViewFromImage(parts[1]).sum() == 1


def test_fill_holes_per_slice_closes_in_plane_holes_open_in_3d():
    array = np.zeros((3, 7, 7), np.uint8)
    array[:, 1:6, 1:6] = 1
    array[:, 3, 3] = 0  # a tunnel through every slice: open in 3D, closed in each plane
    mask = image_from_array(array, (1, 1, 1))
    assert sitk.GetArrayFromImage(fill_holes(mask)).sum() == array.sum()
    assert sitk.GetArrayFromImage(fill_holes(mask, per_slice=True)).sum() == array.sum() + 3


def test_otsu_body_mask_finds_the_bright_block():
    array = np.zeros((10, 20, 20), np.float32)
    array[2:8, 5:15, 5:15] = 100
    body = sitk.GetArrayFromImage(otsu_body_mask(image_from_array(array, (1, 1, 1))))
    assert body.sum() == 6 * 10 * 10 and body[2:8, 5:15, 5:15].all()


def test_ring_around_a_one_slice_roi_is_an_in_plane_annulus():
    spacing = (0.6, 0.6, 3.0)
    disc = sitk.GetArrayFromImage(sphere_mask((9, 60, 60), spacing, 10))
    disc[np.arange(9) != 4] = 0  # the 2D ROI: the central slice, a disc of radius 10 mm
    ring = sitk.GetArrayFromImage(peritumoral_ring(image_from_array(disc, spacing), 4))
    assert ring[4].any() and not np.delete(ring, 4, axis=0).any()
    area = ring.sum() * 0.6 * 0.6
    # analytic annulus pi ((r+t)^2 - r^2), the same 5% as the spherical shell
    assert area == pytest.approx(np.pi * (14 ** 2 - 10 ** 2), rel=0.05)
