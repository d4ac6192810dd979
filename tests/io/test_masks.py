"""Label selection and one test per geometry error message."""
from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError
from axilla.io import align_mask, select_label


def _image(shape=(4, 5, 6), spacing=(0.7, 0.7, 3.0), origin=(0, 0, 0), values=None):
    array = np.zeros(shape, np.uint8) if values is None else values
    image = sitk.GetImageFromArray(array)
    image.SetSpacing(spacing)
    image.SetOrigin(origin)
    return image


def test_label_selection():
    values = np.zeros((4, 5, 6), np.uint8)
    values[1, 1, 1], values[2, 2, 2:4] = 1, 2
    mask = _image(values=values)
    assert sitk.GetArrayFromImage(select_label(mask, 2)).sum() == 2
    with pytest.raises(InputError, match=r"several labels \(1, 2\).*'label' column"):
        select_label(mask, None, patient="P1", file="m.nii.gz")
    with pytest.raises(InputError, match=r"label 3 is absent .*labels present: 1, 2\)"):
        select_label(mask, 3)
    with pytest.raises(InputError, match="mask is empty"):
        select_label(_image(), None)


@pytest.mark.parametrize("change, expected", [
    ({"shape": (4, 5, 7)}, r"mask size \(7, 5, 4\) differs from image size \(6, 5, 4\)"),
    ({"spacing": (0.7, 0.7, 1.5)},
     r"patient P017: m.nii.gz: mask spacing \(0.7, 0.7, 1.5\) differs from image spacing "
     r"\(0.7, 0.7, 3\); resample the mask or set mask_alignment: resample"),
    ({"origin": (0, 0, 5)}, r"mask origin \(0, 0, 5\) differs from image origin \(0, 0, 0\)"),
])
def test_geometry_errors_name_patient_file_and_fix(change, expected):
    image = _image()
    mask = _image(**change)
    with pytest.raises(GeometryError, match=expected):
        align_mask(image, mask, patient="P017", file="m.nii.gz")


def test_direction_mismatch():
    image, mask = _image(), _image()
    mask.SetDirection((0, 1, 0, 1, 0, 0, 0, 0, 1))
    with pytest.raises(GeometryError, match="mask direction"):
        align_mask(image, mask)


def test_tolerance_and_resample_alignment():
    image = _image()
    close = _image(origin=(0, 0, 1e-5))
    assert align_mask(image, close).GetOrigin() == image.GetOrigin()
    values = np.zeros((4, 5, 6), np.uint8)
    values[2, 2, 2] = 1
    shifted = _image(values=values, origin=(0.7, 0, 0))
    out = align_mask(image, shifted, alignment="resample")
    assert np.argwhere(sitk.GetArrayFromImage(out)).tolist() == [[2, 2, 3]]
    far = _image(values=values, origin=(500, 0, 0))
    with pytest.raises(GeometryError, match="does not overlap the image"):
        align_mask(image, far, alignment="resample")


def test_an_image_given_as_the_mask_is_named_not_listed():
    """Hundreds of labels (an image passed as the mask) were printed one by one."""
    from axilla.features.imageops import select_label_image
    image = sitk.GetImageFromArray(np.arange(1, 241, dtype=np.int16).reshape(1, 12, 20))
    with pytest.raises(InputError) as err:
        select_label_image(image, label=500, file="t1.nii.gz")
    assert "240 labels from 1 to 240: this looks like an image, not a mask" in str(err.value)
    assert err.value.fix == "give the ROI's mask file, not an image"
    with pytest.raises(InputError, match="240 labels from 1 to 240"):
        select_label(image, None, file="t1.nii.gz")
