"""Exponential image (PyRadiomics image type ``Exponential``, prefix ``exponential``)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.features.filters.pointwise import pointwise_on_roi
from axilla.features.filters.roi_window import Window


def scaled_exponential(x: np.ndarray, peak: float) -> np.ndarray:
    """f(x) = exp(c x), c = log(max|x|) / max|x| (PyRadiomics ``getExponentialImage``)."""
    return np.exp(np.log(peak) / peak * x)


def exponential(image: sitk.Image, mask: sitk.Image, settings: Mapping,
                **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``('exponential', values)`` on the ROI's box."""
    yield from pointwise_on_roi(image, mask, {**settings, **custom}, "exponential",
                                scaled_exponential)
