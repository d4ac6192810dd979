"""2D local binary pattern image (PyRadiomics image type ``LBP2D``, prefix ``lbp-2D``).

As PyRadiomics ``imageoperations.getLBP2DImage``: scikit-image
``local_binary_pattern(P=lbp2DSamples, R=lbp2DRadius, method=lbp2DMethod)`` on each slice
across ``force2Ddimension`` (a 3D image keeps its pixel type, as PyRadiomics writes the
codes back into the image array; a 2D image gives float64). Defaults as PyRadiomics'
code: R 1, P 8, ``uniform`` (Ojala et al. 2002). Samples lie within R of a pixel, so each
slice is computed on the ROI's box grown by ceil(R) + 1 pixels in-plane.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.features.filters.roi_window import Window, crop, roi_box

logger = logging.getLogger(__name__)


def lbp2d(image: sitk.Image, mask: sitk.Image, settings: Mapping,
          **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``('lbp-2D', LBP codes)`` on the ROI's box."""
    from skimage.feature import local_binary_pattern  # imported here: slow to import

    args = {**settings, **custom}
    radius = args.get("lbp2DRadius") or 1
    samples = args.get("lbp2DSamples") or 8
    method = args.get("lbp2DMethod") or "uniform"
    dimension = image.GetDimension()
    if dimension not in (2, 3):
        raise InputError(f"LBP2D needs a 2D or 3D image, got {dimension}D",
                         fix="remove LBP2D from imageType")
    low, high = roi_box(image, mask, args)
    margin = np.full(dimension, math.ceil(radius) + 1)
    if dimension == 3:
        if not args.get("force2D"):
            logger.warning("LBP2D is computed slice by slice but features are extracted"
                           " in 3D; set force2D: true to extract them in 2D")
        axis = args.get("force2Ddimension") or 0
        margin[axis] = 0
    window = crop(image, low - margin, high + margin)
    values = np.array(window.values)  # a copy: 3D slices are overwritten with their codes
    if dimension == 2:
        values = local_binary_pattern(values, P=samples, R=radius, method=method)
    else:
        slices = np.moveaxis(values, axis, 0)
        for index in range(slices.shape[0]):
            slices[index] = local_binary_pattern(slices[index], P=samples, R=radius,
                                                 method=method)
    yield "lbp-2D", Window(values, window.start).cut(low, high)
