"""Logarithm image (PyRadiomics image type ``Logarithm``, prefix ``logarithm``)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.features.filters.pointwise import pointwise_on_roi
from axilla.features.filters.roi_window import Window


def signed_logarithm(x: np.ndarray, peak: float) -> np.ndarray:
    """f(x) = c log(x + 1) for x >= 0, -c log(-x + 1) for x < 0, c = max|x| / log(max|x| + 1).

    PyRadiomics ``getLogarithmImage`` (the largest transformed magnitude is log(max|x| + 1)).
    """
    out = x.copy()
    out[x > 0] = np.log(x[x > 0] + 1)
    out[x < 0] = -np.log(-(x[x < 0] - 1))
    return out * (peak / np.log(peak + 1))


def logarithm(image: sitk.Image, mask: sitk.Image, settings: Mapping,
              **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``('logarithm', values)`` on the ROI's box."""
    yield from pointwise_on_roi(image, mask, {**settings, **custom}, "logarithm",
                                signed_logarithm)
