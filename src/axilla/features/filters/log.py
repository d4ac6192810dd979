"""Laplacian of Gaussian images (PyRadiomics image type ``LoG``).

As PyRadiomics ``imageoperations.getLoGImage``: SimpleITK
``LaplacianRecursiveGaussianImageFilter`` with ``NormalizeAcrossScale`` on, one image per
``sigma`` (mm); no image when any image dimension is below 4 voxels, and a sigma is
skipped (with a warning) unless every size >= ceil(sigma / spacing) + 1.

The recursive (IIR) filter's dependence on far voxels decays exponentially: computed on
the ROI's box grown by ``MARGIN_SIGMAS`` sigmas, every voxel of the box is bit-for-bit the
whole-image value (measured: exact from 20 sigmas on the PyRadiomics cases, float32
output; tests/features/test_filters_log.py checks it).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import SettingsError
from axilla.features.filters.roi_window import box_within, crop, roi_box

logger = logging.getLogger(__name__)

#: Window margin, in sigmas on each side of the ROI's box.
MARGIN_SIGMAS = 25


def log_name(sigma: float, dimension: int) -> str:
    """``log-sigma-1-0-mm-3D`` as PyRadiomics names it (``-2D`` for a 2D image)."""
    return f"log-sigma-{str(sigma).replace('.', '-')}-mm-{3 if dimension == 3 else 2}D"


def log(image: sitk.Image, mask: sitk.Image, settings: Mapping,
        **custom) -> Iterator[tuple[str, sitk.Image]]:
    """Yield ``(log-sigma-<s>-mm-3D, LoG image)`` for each ``sigma``, on the ROI's box."""
    args = {**settings, **custom}
    sigmas = args.get("sigma") or []
    if not sigmas:
        raise SettingsError("image type LoG is enabled but no sigma is given",
                            fix="set sigma under imageType LoG, e.g. LoG: {sigma: [1.0, 3.0]}")
    bad = [s for s in sigmas if not s > 0]
    if bad:
        raise SettingsError(f"LoG sigma must be > 0 mm. Got {bad}",
                            fix="give positive sigma values in mm")
    size = np.array(image.GetSize())
    spacing = np.array(image.GetSpacing())
    if size.min() < 4:
        logger.warning("image too small for LoG (size %s, every dimension needs >= 4);"
                       " no LoG features", tuple(size))
        return
    low, high = roi_box(image, mask, args)
    for sigma in sigmas:
        if not np.all(size >= np.ceil(sigma / spacing) + 1):
            logger.warning("LoG sigma %s mm skipped: image size %s is below"
                           " ceil(sigma / spacing %s) + 1", sigma, tuple(size), tuple(spacing))
            continue
        margin = np.ceil(MARGIN_SIGMAS * sigma / spacing[::-1]).astype(int)
        window = crop(image, low - margin, high + margin)
        laplacian = sitk.LaplacianRecursiveGaussianImageFilter()
        laplacian.SetNormalizeAcrossScale(True)
        laplacian.SetSigma(float(sigma))
        yield log_name(sigma, image.GetDimension()), box_within(
            laplacian.Execute(window), low, high, image)
