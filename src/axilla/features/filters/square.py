"""Square image (PyRadiomics image type ``Square``, prefix ``square``)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.features.filters.pointwise import pointwise_on_roi
from axilla.features.filters.roi_window import Window


def squared(x: np.ndarray, peak: float) -> np.ndarray:
    """f(x) = (c x)^2, c = 1 / sqrt(max|x|) (PyRadiomics ``getSquareImage``)."""
    return (1 / np.sqrt(peak) * x) ** 2


def square(image: sitk.Image, mask: sitk.Image, settings: Mapping,
           **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``('square', values)`` on the ROI's box."""
    yield from pointwise_on_roi(image, mask, {**settings, **custom}, "square", squared)
