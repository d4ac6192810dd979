"""The compiled recursive Gaussian pass (csrc/gaussian.c) equals SimpleITK's bit for bit.

``_kernels.recursive_gaussian`` transcribes ITK 5.4's RecursiveGaussianImageFilter
(itkRecursiveGaussianImageFilter.hxx, itkRecursiveSeparableImageFilter.hxx); here each pass
(orders 0 and 2, every axis, NormalizeAcrossScale on) is compared with
``sitk.RecursiveGaussianImageFilter`` on the PyRadiomics images and on small seeded
synthetic ones, and the LoG images built from the passes with
``sitk.LaplacianRecursiveGaussianImageFilter`` on the whole image.
"""
from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.features import _kernels
from axilla.features.filters import IMAGE_TYPES
from tests.features.filter_cases import box_of, in_box, pyradiomics_case
from tests.helpers import SEED

SIGMAS = (0.5, 1.0, 2.0, 3.0, 5.0)
PYRADIOMICS_CASES = ("breast1", "brain1", "brain2", "lung1")


def _itk_pass(image: sitk.Image, sigma: float, order: int, direction: int) -> np.ndarray:
    gaussian = sitk.RecursiveGaussianImageFilter()
    gaussian.SetSigma(sigma)
    gaussian.SetNormalizeAcrossScale(True)
    gaussian.SetOrder(gaussian.SecondOrder if order == 2 else gaussian.ZeroOrder)
    gaussian.SetDirection(direction)
    return sitk.GetArrayFromImage(gaussian.Execute(image))


def _compiled_pass(image: sitk.Image, sigma: float, order: int, direction: int) -> np.ndarray:
    """The C pass along ITK ``direction`` (x = 0) of ``image`` (a 2D image as (1, y, x))."""
    values = sitk.GetArrayFromImage(image)
    if values.dtype not in (np.float32, np.float64):
        values = values.astype(np.float64)
    values = values.reshape((1,) * (3 - values.ndim) + values.shape)
    out = np.empty(values.shape, np.float32)
    _kernels.recursive_gaussian(values, out, sigma, image.GetSpacing()[direction], order,
                                2 - direction, 0)
    return out.reshape(sitk.GetArrayViewFromImage(image).shape)


def _assert_passes_equal(image: sitk.Image, sigmas) -> None:
    for sigma in sigmas:
        for direction in range(image.GetDimension()):
            for order in (0, 2):
                expected = _itk_pass(image, sigma, order, direction)
                got = _compiled_pass(image, sigma, order, direction)
                assert expected.dtype == got.dtype == np.float32
                assert np.array_equal(got, expected), (sigma, direction, order)


def _synthetic(rng, shape, spacing, floats=False) -> sitk.Image:
    values = rng.integers(-3000, 3000, shape).astype(np.int16)
    image = sitk.GetImageFromArray(values / 7.0 if floats else values)
    image.SetSpacing(spacing)
    return image


def _around_roi(case: str, half: int = 64) -> sitk.Image:
    """A PyRadiomics image cut to at most 2 half voxels per axis around its ROI's centre
    (real values, and single-threaded ITK passes over lung1's 12.6 M voxels take a minute)."""
    image, mask = pyradiomics_case(case)
    centre = [(s.start + s.stop) // 2 for s in box_of(mask)]
    shape = sitk.GetArrayViewFromImage(image).shape
    low = [max(0, min(c - half, n - 2 * half)) for c, n in zip(centre, shape)]
    return image[tuple(slice(a, a + 2 * half) for a in low[::-1])]


@pytest.mark.parametrize("case", PYRADIOMICS_CASES)
def test_pass_equals_itk_on_pyradiomics_images(case):
    _assert_passes_equal(_around_roi(case), SIGMAS)


@pytest.mark.parametrize("case", PYRADIOMICS_CASES)
def test_pass_equals_itk_on_float32_images(case):
    _assert_passes_equal(sitk.Cast(_around_roi(case), sitk.sitkFloat32) * 0.37, (1.0, 3.0))


@pytest.mark.parametrize("floats", [False, True], ids=["int16", "float64"])
def test_pass_equals_itk_on_small_anisotropic_images(floats):
    rng = np.random.default_rng(SEED)
    for _ in range(40):
        shape = tuple(int(n) for n in rng.integers(4, 11, 3))
        spacing = tuple(float(s) for s in rng.uniform(0.3, 3.0, 3))
        _assert_passes_equal(_synthetic(rng, shape, spacing, floats),
                             (*SIGMAS, float(rng.uniform(0.1, 6.0))))


def test_pass_equals_itk_on_2d_images():
    rng = np.random.default_rng(SEED)
    for _ in range(20):
        shape = tuple(int(n) for n in rng.integers(4, 11, 2))
        _assert_passes_equal(_synthetic(rng, shape, (0.7, 1.9)), SIGMAS)


def test_pass_keeps_the_asked_voxels():
    """Every run of kept voxels along every axis equals the whole pass there, bit for bit:
    the causal recursion stops at the run's end and the anti-causal one at its start."""
    values = np.random.default_rng(SEED).normal(size=(9, 8, 7))
    for axis in range(3):
        for order in (0, 2):
            whole = np.empty(values.shape, np.float32)
            _kernels.recursive_gaussian(values, whole, 1.5, 0.8, order, axis, 0)
            length = values.shape[axis]
            for first in range(length):
                for stop in range(first + 1, length + 1):
                    shape = list(values.shape)
                    shape[axis] = stop - first
                    kept = np.empty(shape, np.float32)
                    _kernels.recursive_gaussian(values, kept, 1.5, 0.8, order, axis, first)
                    assert np.array_equal(kept, np.take(whole, range(first, stop), axis=axis))


def test_lines_shorter_than_four_voxels_are_refused_as_itk_does():
    image = sitk.GetImageFromArray(np.ones((3, 6, 6), np.int16))
    with pytest.raises(RuntimeError, match="less than 4"):
        _itk_pass(image, 1.0, 0, 2)
    with pytest.raises(ValueError, match="at least 4 voxels"):
        _compiled_pass(image, 1.0, 0, 2)
    assert np.array_equal(_compiled_pass(image, 1.0, 0, 0), _itk_pass(image, 1.0, 0, 0))


@pytest.mark.parametrize("args, error", [
    ((np.ones((5, 5, 5), np.int16), np.empty((5, 5, 5), np.float32), 1.0, 1.0, 0, 0, 0),
     TypeError),
    ((np.ones((5, 5, 5)), np.empty((5, 5, 5)), 1.0, 1.0, 0, 0, 0), TypeError),
    ((np.ones((5, 5, 5)), np.empty((5, 5, 4), np.float32), 1.0, 1.0, 0, 0, 0), ValueError),
    ((np.ones((5, 5, 5)), np.empty((3, 5, 5), np.float32), 1.0, 1.0, 0, 0, 3), ValueError),
    ((np.ones((5, 5, 5)), np.empty((5, 5, 5), np.float32), 0.0, 1.0, 0, 0, 0), ValueError),
    ((np.ones((5, 5, 5)), np.empty((5, 5, 5), np.float32), 1.0, 1.0, 1, 0, 0), ValueError),
    ((np.ones((5, 5, 5)), np.empty((5, 5, 5), np.float32), 1.0, 1.0, 0, 3, 0), ValueError),
], ids=["int16 image", "float64 out", "out shape", "first past the end", "sigma 0",
        "order 1", "axis 3"])
def test_pass_refuses_what_it_would_misread(args, error):
    with pytest.raises(error):
        _kernels.recursive_gaussian(*args)


@pytest.mark.parametrize("case", [*PYRADIOMICS_CASES[:-1],
                                  pytest.param("lung1", marks=pytest.mark.slow)])
def test_log_equals_whole_image_filter(case):
    image, mask = pyradiomics_case(case)
    box = box_of(mask)
    got = dict(IMAGE_TYPES["LoG"](image, mask, {"label": 1}, sigma=list(SIGMAS)))
    assert len(got) == len(SIGMAS)
    for sigma, filtered in zip(SIGMAS, got.values()):
        whole = sitk.LaplacianRecursiveGaussianImageFilter()
        whole.SetNormalizeAcrossScale(True)
        whole.SetSigma(sigma)
        expected = sitk.GetArrayFromImage(whole.Execute(image))[box]
        assert np.array_equal(in_box(filtered.as_image(image), image, box), expected), sigma


def test_log_equals_whole_image_filter_on_small_images():
    rng = np.random.default_rng(SEED)
    for index in range(60):
        dimension = 2 if index % 3 == 0 else 3
        shape = tuple(int(n) for n in rng.integers(4, 11, dimension))
        image = _synthetic(rng, shape, tuple(float(s) for s in rng.uniform(0.4, 2.5, dimension)),
                           floats=index % 5 == 0)
        low = [int(rng.integers(0, n)) for n in shape]
        high = [int(rng.integers(a, n)) for a, n in zip(low, shape)]
        roi = np.zeros(shape, np.uint8)
        roi[tuple(slice(a, b + 1) for a, b in zip(low, high))] = 1
        mask = sitk.GetImageFromArray(roi)
        mask.CopyInformation(image)
        box = box_of(mask)
        for name, filtered in IMAGE_TYPES["LoG"](image, mask, {"label": 1}, sigma=list(SIGMAS)):
            sigma = float(name.split("-sigma-")[1].split("-mm")[0].replace("-", "."))
            whole = sitk.LaplacianRecursiveGaussianImageFilter()
            whole.SetNormalizeAcrossScale(True)
            whole.SetSigma(sigma)
            expected = sitk.GetArrayFromImage(whole.Execute(image))[box]
            got = in_box(filtered.as_image(image), image, box)
            assert np.array_equal(got, expected), (index, name)
