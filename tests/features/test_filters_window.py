"""Filters computed on the ROI's window equal the same filter run on the whole image.

Each reference here is the direct whole-image computation PyRadiomics does
(radiomics/imageoperations.py): pywt.swtn on the wrap-padded array, SimpleITK filters on
the whole image, scikit-image LBP on whole slices. Equality is exact (bit for bit): the
window margins are chosen so that nothing outside them reaches the ROI's box.
"""
from __future__ import annotations

import numpy as np
import pytest
import pywt
import SimpleITK as sitk
from skimage.feature import local_binary_pattern

from axilla.errors import InputError
from axilla.features.extractor import _values_in_box
from axilla.features.filters import IMAGE_TYPES
from axilla.features.filters.roi_window import Window
from tests.features.filter_cases import box_of, in_box, pyradiomics_case, synthetic

SETTINGS = {"label": 1}


def _cases():
    return {
        "centre": lambda: synthetic(),
        "corner": lambda: synthetic(shape=(21, 33, 45), low=(0, 0, 38), high=(6, 9, 44)),
        "breast1": lambda: pyradiomics_case("breast1"),
        "brain1": lambda: pyradiomics_case("brain1"),
    }


def _as_float32(image, mask):
    """The image as float32 (MRI often is)."""
    values = sitk.GetArrayFromImage(image).astype(np.float32) / 7
    out = sitk.GetImageFromArray(values)
    out.CopyInformation(image)
    return out, mask


CASES = _cases()
#: and a float32 image for the wavelet, which PyWavelets then filters in float32
WAVELET_CASES = {**CASES, "float32": lambda: _as_float32(*synthetic(
    shape=(15, 27, 31), low=(5, 9, 3), high=(9, 15, 12)))}


def _whole_swt(image, axes, wavelet="coif1", start_level=0, level=1):
    """PyRadiomics' _swt3 on the whole image, written out."""
    array = sitk.GetArrayFromImage(image)
    data = np.pad(array, [(0, n % 2) for n in array.shape], "wrap")
    keep = tuple(slice(0, n) for n in array.shape)
    for _ in range(start_level):
        data = pywt.swtn(data, wavelet, level=1, axes=axes)[0]["a" * len(axes)]
    out = {}
    for index in range(1, level + 1):
        bands = pywt.swtn(data, wavelet, level=1, axes=axes)[0]
        data = bands.pop("a" * len(axes))
        prefix = "wavelet" if index == 1 else f"wavelet{index}"
        out.update({f"{prefix}-{k.replace('a', 'L').replace('d', 'H')}": v[keep]
                    for k, v in bands.items()})
    out[("wavelet" if level == 1 else f"wavelet{level}") + "-" + "L" * len(axes)] = data[keep]
    return out


@pytest.mark.parametrize("case", WAVELET_CASES)
@pytest.mark.parametrize("custom", [{}, {"start_level": 1, "level": 2}, {"wavelet": "db3"},
                                    {"force2D": True, "force2Ddimension": 0}],
                         ids=["coif1", "levels", "db3", "force2D"])
def test_wavelet_window_equals_whole_image(case, custom):
    image, mask = WAVELET_CASES[case]()
    axes = [2, 1, 0] if not custom.get("force2D") else [2, 1]
    expected = _whole_swt(image, tuple(axes), custom.get("wavelet", "coif1"),
                          custom.get("start_level", 0), custom.get("level", 1))
    box = box_of(mask)
    got = dict(IMAGE_TYPES["Wavelet"](image, mask, SETTINGS, **custom))
    assert list(got) == list(expected)
    for name, filtered in got.items():
        np.testing.assert_array_equal(in_box(filtered.as_image(image), image, box),
                                      expected[name][box])


def test_wavelet_names_3d_and_2d():
    image, mask = synthetic(shape=(12, 20, 22), low=(4, 6, 6), high=(8, 12, 12))
    names = [n for n, _ in IMAGE_TYPES["Wavelet"](image, mask, SETTINGS)]
    assert names == ["wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL",
                     "wavelet-HLH", "wavelet-HHL", "wavelet-HHH", "wavelet-LLL"]
    names = [n for n, _ in IMAGE_TYPES["Wavelet"](image, mask, SETTINGS, force2D=True)]
    assert names == ["wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"]


def _normalised():
    image, mask = synthetic()
    return sitk.Normalize(image), mask


@pytest.mark.parametrize("case", [*CASES, "float64"])
def test_log_window_equals_whole_image(case):
    image, mask = CASES[case]() if case in CASES else _normalised()
    box = box_of(mask)
    got = dict(IMAGE_TYPES["LoG"](image, mask, SETTINGS, sigma=[1.0, 2.5]))
    assert list(got) == ["log-sigma-1-0-mm-3D", "log-sigma-2-5-mm-3D"]
    for sigma, filtered in zip((1.0, 2.5), got.values()):
        whole = sitk.LaplacianRecursiveGaussianImageFilter()
        whole.SetNormalizeAcrossScale(True)
        whole.SetSigma(sigma)
        expected = sitk.GetArrayFromImage(whole.Execute(image))[box]
        np.testing.assert_array_equal(in_box(filtered.as_image(image), image, box), expected)


def test_log_window_at_the_image_edge_spans_four_voxels():
    # 4 slices 7 mm apart, the ROI in the first: sigma 0.5 mm is 0.07 slices, so the margin
    # of 25 sigmas rounds up to 2 slices, a 3-slice window ITK's passes refuse; PyRadiomics
    # filters the 4-slice image
    image, mask = synthetic(shape=(4, 30, 30), low=(0, 10, 10), high=(0, 19, 19),
                            spacing=(0.7, 0.7, 7.0))
    (name, filtered), = IMAGE_TYPES["LoG"](image, mask, SETTINGS, sigma=[0.5])
    whole = sitk.LaplacianRecursiveGaussianImageFilter()
    whole.SetNormalizeAcrossScale(True)
    whole.SetSigma(0.5)
    box = box_of(mask)
    assert name == "log-sigma-0-5-mm-3D"
    np.testing.assert_array_equal(in_box(filtered.as_image(image), image, box),
                                  sitk.GetArrayFromImage(whole.Execute(image))[box])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("use_spacing", [True, False])
def test_gradient_window_equals_whole_image(case, use_spacing):
    image, mask = CASES[case]()
    box = box_of(mask)
    (name, filtered), = IMAGE_TYPES["Gradient"](image, mask, SETTINGS,
                                                 gradientUseSpacing=use_spacing)
    expected = sitk.GetArrayFromImage(
        sitk.GradientMagnitude(image, useImageSpacing=use_spacing))[box]
    assert name == "gradient"
    np.testing.assert_array_equal(in_box(filtered.as_image(image), image, box), expected)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("custom", [{}, {"lbp2DRadius": 2, "lbp2DSamples": 12,
                                         "lbp2DMethod": "default", "force2Ddimension": 1}])
def test_lbp2d_window_equals_whole_slices(case, custom):
    image, mask = CASES[case]()
    box = box_of(mask)
    (name, filtered), = IMAGE_TYPES["LBP2D"](image, mask, {**SETTINGS, "force2D": True},
                                             **custom)
    array = sitk.GetArrayFromImage(image)
    slices = np.moveaxis(array, custom.get("force2Ddimension", 0), 0)
    for index in range(slices.shape[0]):
        slices[index] = local_binary_pattern(slices[index], P=custom.get("lbp2DSamples", 8),
                                             R=custom.get("lbp2DRadius", 1),
                                             method=custom.get("lbp2DMethod", "uniform"))
    assert name == "lbp-2D"
    np.testing.assert_array_equal(in_box(filtered.as_image(image), image, box), array[box])


@pytest.mark.parametrize("case", ["centre", "corner", "breast1"])
def test_lbp3d_window_equals_whole_image(case):
    """Kurtosis of the spline samples taken on the whole image (scipy's own prefilter)."""
    from scipy.ndimage import map_coordinates
    from scipy.stats import kurtosis

    from axilla.features.filters.icosphere import icosphere_vertices

    image, mask = CASES[case]()
    box = box_of(mask)
    got = dict(IMAGE_TYPES["LBP3D"](image, mask, SETTINGS))
    assert list(got) == ["lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"]
    array = sitk.GetArrayFromImage(image)
    roi = np.nonzero(sitk.GetArrayViewFromImage(mask) == 1)
    points = np.array(roi).T[None] + icosphere_vertices(1, 1)[:, None, :]
    samples = map_coordinates(array, points.T, order=3)
    expected = np.zeros(array.shape)
    expected[roi] = kurtosis(samples, axis=1)
    np.testing.assert_array_equal(in_box(got["lbp-3D-k"].as_image(image), image, box),
                                  expected[box])


def _rotated(dimension: int) -> tuple[sitk.Image, sitk.Image]:
    """The synthetic case (3D, or its slice 20 as a 2D image) on a grid turned by 30 degrees
    and an origin off 0, so an index placed by the wrong axis order, spacing or direction
    lands elsewhere; its ROI starts far from index 0."""
    image, mask = synthetic()
    if dimension == 2:
        image, mask = (sitk.Extract(i, [*i.GetSize()[:2], 0], [0, 0, 20]) for i in (image, mask))
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    turn = np.eye(dimension)
    turn[:2, :2] = [[c, -s], [s, c]]
    for grid in (image, mask):
        grid.SetDirection(turn.ravel().tolist())
        grid.SetOrigin((-12.5, 30.25, 7.0)[:dimension])
    return image, mask


@pytest.mark.parametrize(("image_type", "dimension"), [
    (t, d) for d in (3, 2) for t in IMAGE_TYPES if t != "Original" and (t, d) != ("LBP3D", 2)])
def test_window_is_placed_on_the_input_grid(image_type, dimension):
    image, mask = _rotated(dimension)
    box = box_of(mask)
    custom = {"sigma": [1.0]} if image_type == "LoG" else {}
    windows = list(IMAGE_TYPES[image_type](image, mask, SETTINGS, **custom))
    assert windows
    for name, window in windows:
        assert window.start == tuple(b.start for b in box) != (0,) * dimension, name
        assert window.values.shape == tuple(b.stop - b.start for b in box), name
        placed = window.as_image(image)
        index = np.array(window.start[::-1]) * image.GetSpacing()  # x, y(, z) in mm
        turn = np.reshape(image.GetDirection(), (dimension, dimension))
        np.testing.assert_allclose(placed.GetOrigin(), np.add(image.GetOrigin(), turn @ index),
                                   rtol=0, atol=1e-12)
        assert placed.GetSpacing() == image.GetSpacing()
        assert placed.GetDirection() == image.GetDirection()
        np.testing.assert_array_equal(sitk.GetArrayViewFromImage(placed), window.values)
    if image_type == "Gradient":  # the values at ``start`` are the whole image's there
        whole = sitk.GetArrayFromImage(sitk.GradientMagnitude(image))
        np.testing.assert_array_equal(windows[0][1].values, whole[box])


def test_extractor_takes_the_roi_box_from_a_window_and_refuses_one_that_misses_it():
    flat = Window(np.arange(20, dtype=np.float32).reshape(4, 5), (1, 1))  # a 2D image's
    values = _values_in_box(flat, (slice(0, 1), slice(2, 4), slice(1, 3)))
    assert values.dtype == np.float32
    np.testing.assert_array_equal(values, [[[5, 6], [10, 11]]])
    window = Window(np.zeros((10, 10, 10)), (5, 0, 0))
    # z 2..3 lies before the window: sliced as -3:-1 it would wrap to the window's end
    for missed in (slice(2, 4), slice(14, 16)):
        with pytest.raises(InputError, match=r"array index \(5, 0, 0\), shape \(10, 10, 10\)\)"
                           r" does not cover the ROI box"):
            _values_in_box(window, (missed, slice(0, 3), slice(0, 3)))
