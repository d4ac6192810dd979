"""Filters on tiny images whose results are worked out by hand (formulas: PyRadiomics
``imageoperations.py`` docstrings), plus names, skips and errors."""
from __future__ import annotations

import gc
import logging
import math
import weakref

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError, SettingsError
from axilla.features.filters import IMAGE_TYPES
from axilla.features.filters.icosphere import icosphere_vertices
from tests.features.filter_cases import synthetic

SETTINGS = {"label": 1}


def _image(values, spacing=None) -> tuple[sitk.Image, sitk.Image]:
    array = np.asarray(values)
    image = sitk.GetImageFromArray(array)
    if spacing is not None:
        image.SetSpacing(spacing)
    mask = sitk.GetImageFromArray(np.ones(array.shape, np.uint8))
    mask.CopyInformation(image)
    return image, mask


def _only(image_type, image, mask, **custom) -> tuple[str, np.ndarray]:
    (name, window), = IMAGE_TYPES[image_type](image, mask, SETTINGS, **custom)
    return name, window.values


X = [[[-4, 0, 1, 2, 4]]]  # max |x| = 4


@pytest.mark.parametrize(("image_type", "prefix", "expected"), [
    # (x / sqrt(4))^2 = x^2 / 4
    ("Square", "square", [4, 0, 0.25, 1, 4]),
    # sign(x) sqrt(4 |x|)
    ("SquareRoot", "squareroot", [-4, 0, 2, math.sqrt(8), 4]),
    # sign(x) * 4 / log(5) * log(|x| + 1)
    ("Logarithm", "logarithm",
     [-4, 0, 4 * math.log(2) / math.log(5), 4 * math.log(3) / math.log(5), 4]),
    # exp(log(4) / 4 * x) = 4^(x / 4)
    ("Exponential", "exponential", [0.25, 1, math.sqrt(2), 2, 4]),
])
def test_intensity_transforms_by_hand(image_type, prefix, expected):
    name, values = _only(image_type, *_image(np.array(X, np.int16)))
    assert name == prefix
    assert values.dtype == np.float64
    np.testing.assert_allclose(values.ravel(), expected, rtol=1e-15, atol=0)


@pytest.mark.parametrize("image_type", ["Square", "SquareRoot", "Logarithm", "Exponential"])
def test_intensity_transforms_refuse_all_zero_image(image_type):
    with pytest.raises(InputError, match="all zeros"):
        _only(image_type, *_image(np.zeros((3, 3, 3), np.int16)))


def test_intensity_transform_uses_whole_image_maximum():
    """The scale comes from max|x| of the whole image even when the ROI is small."""
    image, _ = _image(np.array(X, np.int16))
    roi = np.zeros((1, 1, 5), np.uint8)
    roi[0, 0, 2:4] = 1
    mask = sitk.GetImageFromArray(roi)
    mask.CopyInformation(image)
    name, values = _only("Square", image, mask)
    np.testing.assert_allclose(values.ravel(), [0.25, 1], rtol=1e-15)


@pytest.mark.parametrize(("use_spacing", "expected"), [(True, 6.0), (False, 3.0)])
def test_gradient_of_a_ramp(use_spacing, expected):
    """Intensity 3 i along x with spacing 0.5 mm: 6 per mm, 3 per voxel."""
    array = np.broadcast_to(3 * np.arange(8, dtype=np.float32), (6, 7, 8)).copy()
    image, mask = _image(array, spacing=(0.5, 1.0, 2.0))
    name, values = _only("Gradient", image, mask, gradientUseSpacing=use_spacing)
    assert name == "gradient"
    np.testing.assert_allclose(values[:, :, 1:-1], expected, rtol=1e-6)


def test_lbp2d_flat_and_peak():
    """Uniform LBP, P=8: a voxel not below any neighbour has code 8, a local peak 0."""
    array = np.full((3, 9, 9), 100, np.int16)
    array[1, 4, 4] = 200
    name, values = _only("LBP2D", *_image(array), force2D=True)
    assert name == "lbp-2D"
    assert values[1, 4, 4] == 0
    assert values[0, 4, 4] == 8
    assert values[1, 2, 2] == 8


@pytest.mark.filterwarnings("ignore:Precision loss occurred in moment calculation")
def test_lbp3d_flat_image():
    """Flat image: every sample >= centre, so the degree-0 norm is sqrt(42) * 42 / (4 pi)
    (42 vertices, Y00 = 1 / (2 sqrt(pi))). Degree 1 does not cancel: PyRadiomics passes
    the polar angle where scipy expects the azimuth, so it is checked against PyRadiomics
    in test_filters_pyradiomics.py instead."""
    array = np.full((9, 9, 9), 100, np.int16)
    roi = np.zeros(array.shape, np.uint8)
    roi[3:6, 3:6, 3:6] = 1
    image = sitk.GetImageFromArray(array)
    mask = sitk.GetImageFromArray(roi)
    got = {n: w.values for n, w in IMAGE_TYPES["LBP3D"](image, mask, SETTINGS)
           if n == "lbp-3D-m1"}
    inside = roi[3:6, 3:6, 3:6].astype(bool)
    np.testing.assert_allclose(got["lbp-3D-m1"][inside], math.sqrt(42) * 42 / (4 * math.pi),
                               rtol=1e-13)


@pytest.mark.parametrize(("subdivisions", "count"), [(0, 12), (1, 42), (2, 162)])
def test_icosphere_vertices(subdivisions, count):
    vertices = icosphere_vertices(subdivisions, 2.5)
    assert vertices.shape == (count, 3)
    np.testing.assert_allclose(np.linalg.norm(vertices, axis=1), 2.5, rtol=1e-15)
    assert len(np.unique(vertices.round(12), axis=0)) == count


def test_registry_has_every_pyradiomics_image_type():
    assert list(IMAGE_TYPES) == ["Original", "Wavelet", "LoG", "Square", "SquareRoot",
                                 "Logarithm", "Exponential", "Gradient", "LBP2D", "LBP3D"]


def test_original_is_a_view_of_the_image_that_keeps_it_alive():
    array = np.arange(8 * 9 * 10, dtype=np.int16).reshape(8, 9, 10)
    image = sitk.GetImageFromArray(array)
    mask = sitk.GetImageFromArray((array % 2).astype(np.uint8))
    (name, window), = IMAGE_TYPES["Original"](image, mask, SETTINGS)
    assert name == "original" and window.start == (0, 0, 0)
    assert np.shares_memory(window.values, sitk.GetArrayViewFromImage(image))  # not a copy
    alive = weakref.ref(image)
    del image
    gc.collect()
    assert alive() is not None  # the view holds the image: its buffer is not freed
    np.testing.assert_array_equal(window.values, array)
    del window
    gc.collect()
    assert alive() is None


def test_log_names_and_size_checks(caplog):
    image, mask = synthetic(shape=(8, 30, 30), low=(2, 10, 10), high=(5, 15, 15),
                            spacing=(1.0, 1.0, 1.0))
    caplog.set_level(logging.WARNING)
    # 8 slices: sigma 7 mm needs ceil(7 / 1) + 1 = 8 voxels (kept), 8 mm needs 9 (skipped)
    names = [n for n, _ in IMAGE_TYPES["LoG"](image, mask, SETTINGS, sigma=[1, 7.0, 8.0])]
    assert names == ["log-sigma-1-mm-3D", "log-sigma-7-0-mm-3D"]
    assert "sigma 8.0 mm skipped" in caplog.text
    small, small_mask = synthetic(shape=(3, 30, 30), low=(0, 10, 10), high=(2, 15, 15))
    assert list(IMAGE_TYPES["LoG"](small, small_mask, SETTINGS, sigma=[1.0])) == []
    assert "image too small for LoG" in caplog.text


def test_log_on_a_2d_image_is_named_2d():
    image, mask = _image(np.arange(400, dtype=np.int16).reshape(20, 20))
    names = [n for n, _ in IMAGE_TYPES["LoG"](image, mask, SETTINGS, sigma=[1.0])]
    assert names == ["log-sigma-1-0-mm-2D"]


@pytest.mark.parametrize(("image_type", "custom", "error", "words"), [
    ("LoG", {}, SettingsError, "no sigma"),
    ("LoG", {"sigma": [1.0, -2.0]}, SettingsError, "must be > 0"),
    ("Wavelet", {"wavelet": "coif99"}, SettingsError, "discrete PyWavelets wavelet"),
])
def test_bad_settings_name_the_fix(image_type, custom, error, words):
    image, mask = synthetic(shape=(8, 20, 20), low=(2, 5, 5), high=(5, 10, 10))
    with pytest.raises(error, match=words) as caught:
        list(IMAGE_TYPES[image_type](image, mask, SETTINGS, **custom))
    assert caught.value.fix


def test_lbp3d_refuses_a_2d_image():
    with pytest.raises(InputError, match="3D image"):
        list(IMAGE_TYPES["LBP3D"](*_image(np.ones((5, 5), np.int16)), SETTINGS))


def test_mask_problems():
    image, mask = synthetic(shape=(8, 20, 20), low=(2, 5, 5), high=(5, 10, 10))
    with pytest.raises(InputError, match="label 2 is not in the mask"):
        list(IMAGE_TYPES["Square"](image, mask, {"label": 2}))
    with pytest.raises(GeometryError, match="differs from image size"):
        list(IMAGE_TYPES["Gradient"](image, mask[:, :, :4], SETTINGS))
