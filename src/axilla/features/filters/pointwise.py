"""Voxel-wise intensity transforms scaled by the image's largest absolute value.

PyRadiomics ``getSquareImage``, ``getSquareRootImage``, ``getLogarithmImage`` and
``getExponentialImage`` compute ``f(x)`` in float64 on every voxel with a constant
``c`` taken from ``max(|x|)`` over the whole image. Only that maximum needs the whole
image: the transform itself is computed on the ROI's bounding box, with the same
operations in the same order, so the values are identical.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.features.filters.roi_window import Window, crop, roi_box


def max_abs(image: sitk.Image) -> float:
    """Largest absolute intensity of the whole image."""
    stats = sitk.MinimumMaximumImageFilter()
    stats.Execute(image)
    return float(max(abs(stats.GetMinimum()), abs(stats.GetMaximum())))


def pointwise_on_roi(image: sitk.Image, mask: sitk.Image, settings: Mapping,
                     prefix: str, transform: Callable[[np.ndarray, float], np.ndarray]
                     ) -> Iterator[tuple[str, Window]]:
    """Yield ``(prefix, transform(box values as float64, max|x|))`` on the ROI's box."""
    peak = max_abs(image)
    if peak == 0:
        raise InputError(f"the image is all zeros: the {prefix} filter divides by its"
                         f" largest absolute value", fix=f"check the image, or remove the"
                         f" {prefix} image type")
    low, high = roi_box(image, mask, settings)
    window = crop(image, low, high)
    yield prefix, Window(transform(window.values.astype(np.float64), peak), window.start)
