"""Intensity normalisation: z-score, percentile clipping, Nyúl histogram standardisation.

z-score as PyRadiomics ``normalize``/``normalizeScale`` (f(x) = s (x - μ) / σ), with μ
and σ taken over the whole image (PyRadiomics' choice) or over a body/ROI mask.
Nyúl, Udupa & Zhang (2000), IEEE TMI 19:143: percentile landmarks of each training
image are mapped linearly onto a standard scale and averaged; a new image is mapped
piecewise-linearly from its own landmarks onto those means. The standardiser is
fitted on training images only and saved as plain JSON-ready numbers.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError

NYUL_PERCENTILES = (1.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 99.0)


def _values(image: sitk.Image, mask: sitk.Image | None) -> np.ndarray:
    array = sitk.GetArrayViewFromImage(image)
    if mask is None:
        return np.asarray(array, dtype=np.float64).ravel()
    region = sitk.GetArrayViewFromImage(mask) != 0
    if region.shape != array.shape:
        raise InputError(f"mask size {mask.GetSize()} differs from image size {image.GetSize()}",
                         fix="resample the mask onto the image first")
    if not region.any():
        raise InputError("the normalisation mask is empty", fix="check the body/ROI mask")
    return array[region].astype(np.float64)


def _mapped(image: sitk.Image, function) -> sitk.Image:
    out = sitk.GetImageFromArray(function(sitk.GetArrayFromImage(image).astype(np.float64))
                                 .astype(np.float32))
    out.CopyInformation(image)
    return out


def zscore(image: sitk.Image, mask: sitk.Image | None = None, scale: float = 1.0) -> sitk.Image:
    """``scale * (x - mean) / sd`` with mean and sd over ``mask`` (whole image if None)."""
    values = _values(image, mask)
    mean, sd = values.mean(), values.std()
    if sd == 0:
        raise InputError("the image is constant inside the normalisation region",
                         fix="check the image, or normalise over a larger region")
    return _mapped(image, lambda a: scale * (a - mean) / sd)


def clip_percentiles(image: sitk.Image, mask: sitk.Image | None = None, lower: float = 1.0,
                     upper: float = 99.0) -> sitk.Image:
    """Clip intensities to the ``lower``-th and ``upper``-th percentiles over ``mask``
    (numpy's linear-interpolation percentiles)."""
    if not 0 <= lower < upper <= 100:
        raise SettingsError(f"percentiles must satisfy 0 <= lower < upper <= 100, got "
                            f"{lower}, {upper}", fix="use e.g. lower=1, upper=99")
    low, high = np.percentile(_values(image, mask), [lower, upper])
    return _mapped(image, lambda a: np.clip(a, low, high))


def _slope(source, target) -> float:
    width = source[1] - source[0]
    return 0.0 if width == 0 else (target[1] - target[0]) / width


class NyulStandardiser:
    """Nyúl histogram standardisation; ``fit`` on training images, then ``transform``.

    ``percentiles`` are the landmarks; the first and last are mapped onto
    ``standard_range``. Fitted attribute: ``landmarks_`` (standard-scale landmarks).
    """

    def __init__(self, percentiles: Sequence[float] = NYUL_PERCENTILES,
                 standard_range: tuple[float, float] = (0.0, 100.0)):
        self.percentiles = tuple(float(p) for p in percentiles)
        self.standard_range = (float(standard_range[0]), float(standard_range[1]))
        ordered = list(self.percentiles) == sorted(set(self.percentiles))
        if len(self.percentiles) < 2 or not ordered or not (
                0 <= self.percentiles[0] and self.percentiles[-1] <= 100):
            raise SettingsError(f"percentiles must increase strictly within [0, 100], got "
                                f"{list(percentiles)}", fix="use e.g. [1, 10, 20, ..., 90, 99]")
        if not self.standard_range[0] < self.standard_range[1]:
            raise SettingsError(f"standard_range must increase, got {standard_range}",
                                fix="use e.g. [0, 100]")

    def _landmarks(self, image, mask) -> np.ndarray:
        landmarks = np.percentile(_values(image, mask), self.percentiles)
        if landmarks[-1] == landmarks[0]:
            raise InputError("the image is constant between its outer landmarks",
                             fix="check the image or the mask")
        return landmarks

    def fit(self, images: Sequence[sitk.Image], masks: Sequence[sitk.Image | None] | None = None):
        """Average the training images' landmarks on the standard scale; returns self."""
        if len(images) == 0:
            raise InputError("Nyúl standardisation needs at least one training image",
                             fix="pass the training cohort's images")
        masks = [None] * len(images) if masks is None else list(masks)
        low, high = self.standard_range
        mapped = []
        for image, mask in zip(images, masks, strict=True):
            marks = self._landmarks(image, mask)
            mapped.append(low + (marks - marks[0]) * (high - low) / (marks[-1] - marks[0]))
        self.landmarks_ = np.mean(mapped, axis=0)
        return self

    def transform(self, image: sitk.Image, mask: sitk.Image | None = None) -> sitk.Image:
        """Map ``image`` piecewise-linearly from its landmarks (over ``mask``) onto
        ``landmarks_``; beyond the outer landmarks the end segments are extended (flat
        where an end segment has zero width, e.g. many voxels of one value)."""
        if not hasattr(self, "landmarks_"):
            raise SettingsError("the Nyúl standardiser is not fitted",
                                fix="call fit() on the training images first")
        source, target = self._landmarks(image, mask), self.landmarks_

        def mapping(values):
            out = np.interp(values, source, target)
            below, above = values < source[0], values > source[-1]
            slope_low = _slope(source[:2], target[:2])
            slope_high = _slope(source[-2:], target[-2:])
            out[below] = target[0] + (values[below] - source[0]) * slope_low
            out[above] = target[-1] + (values[above] - source[-1]) * slope_high
            return out

        return _mapped(image, mapping)

    def to_dict(self) -> dict:
        """JSON-ready parameters (no pickle)."""
        return {"percentiles": list(self.percentiles), "standard_range": list(self.standard_range),
                "landmarks": None if not hasattr(self, "landmarks_") else self.landmarks_.tolist()}

    @classmethod
    def from_dict(cls, data: dict) -> NyulStandardiser:
        """Rebuild a standardiser saved with :meth:`to_dict`."""
        out = cls(data["percentiles"], tuple(data["standard_range"]))
        if data.get("landmarks") is not None:
            out.landmarks_ = np.asarray(data["landmarks"], dtype=float)
        return out
