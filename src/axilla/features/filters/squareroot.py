"""Square-root image (PyRadiomics image type ``SquareRoot``, prefix ``squareroot``)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.features.filters.pointwise import pointwise_on_roi
from axilla.features.filters.roi_window import Window


def signed_square_root(x: np.ndarray, peak: float) -> np.ndarray:
    """f(x) = sqrt(c x) for x >= 0, -sqrt(-c x) for x < 0, c = max|x|.

    PyRadiomics ``getSquareRootImage``.
    """
    out = x.copy()
    out[x > 0] = np.sqrt(x[x > 0] * peak)
    out[x < 0] = -np.sqrt(-x[x < 0] * peak)
    return out


def squareroot(image: sitk.Image, mask: sitk.Image, settings: Mapping,
               **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``('squareroot', values)`` on the ROI's box."""
    yield from pointwise_on_roi(image, mask, {**settings, **custom}, "squareroot",
                                signed_square_root)
