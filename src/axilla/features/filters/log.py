"""Laplacian of Gaussian images (PyRadiomics image type ``LoG``).

As PyRadiomics ``imageoperations.getLoGImage``: SimpleITK
``LaplacianRecursiveGaussianImageFilter`` with ``NormalizeAcrossScale`` on, one image per
``sigma`` (mm); no image when any image dimension is below 4 voxels, and a sigma is
skipped (with a warning) unless every size >= ceil(sigma / spacing) + 1.

ITK's filter (``itkLaplacianRecursiveGaussianImageFilter.hxx``, ``GenerateData``) sums,
over each axis d, the second derivative along d smoothed along the other axes in
increasing order (``RecursiveGaussianImageFilter`` passes, each rounded to float32), as
``float32(sum + pass * (1 / spacing[d]^2))``. The same passes are run here one by one, so
that after its pass along an axis the image is cut to the ROI's box along that axis and
later passes work on fewer lines. Each pass is csrc/gaussian.c, ITK's arithmetic transcribed
(bit for bit SimpleITK's, tests/features/test_gaussian_pass.py). A pass's dependence on far
voxels decays exponentially: on the ROI's box grown by ``MARGIN_SIGMAS`` sigmas (at least
``MARGIN_VOXELS``), every voxel of the box is bit for bit the whole-image value (exact from
20 sigmas on the PyRadiomics cases; tests/features/test_filters_window.py checks it against
the whole-image filter).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import SettingsError
from axilla.features import _kernels
from axilla.features.filters.roi_window import Window, roi_box
from axilla.features.names import log_name

logger = logging.getLogger(__name__)

#: Window margin, in sigmas on each side of the ROI's box.
MARGIN_SIGMAS = 25
#: Smallest margin in voxels: a window then spans >= 4 voxels (or the whole image) per axis,
#: the least ITK's recursive passes accept (itkRecursiveSeparableImageFilter.hxx).
MARGIN_VOXELS = 3


def log(image: sitk.Image, mask: sitk.Image, settings: Mapping,
        **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``(log-sigma-<s>-mm-3D, LoG values)`` for each ``sigma``, on the ROI's box."""
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
                       " no LoG features", image.GetSize())
        return
    low, high = roi_box(image, mask, args)
    box_start = tuple(int(v) for v in low)
    values = sitk.GetArrayViewFromImage(image)
    for sigma in sigmas:
        if not np.all(size >= np.ceil(sigma / spacing) + 1):
            logger.warning("LoG sigma %s mm skipped: image size %s is below"
                           " ceil(sigma / spacing %s) + 1", sigma, image.GetSize(),
                           image.GetSpacing())
            continue
        margin = np.maximum(np.ceil(MARGIN_SIGMAS * sigma / spacing[::-1]),
                            MARGIN_VOXELS).astype(int)
        start = np.maximum(low - margin, 0)
        stop = np.minimum(high + 1 + margin, values.shape)
        window = values[tuple(slice(a, b) for a, b in zip(start, stop))]
        box = laplacian_on_box(window, spacing, low - start, high + 1 - start, float(sigma))
        yield log_name(sigma, image.GetDimension()), Window(box, box_start)


def _gaussian_pass(values: np.ndarray, sigma: float, spacing: float, order: int, axis: int,
                   keep: slice) -> np.ndarray:
    """ITK's ``RecursiveGaussianImageFilter`` (``NormalizeAcrossScale`` on) along array ``axis``
    of a (z, y, x) array, as float32, keeping the voxels ``keep`` along ``axis``.

    The compiled pass (csrc/gaussian.c) repeats ITK's arithmetic step for step, so it equals
    SimpleITK's filter bit for bit (tests/features/test_gaussian_pass.py).
    """
    shape = list(values.shape)
    shape[axis] = keep.stop - keep.start
    out = np.empty(shape, np.float32)
    _kernels.recursive_gaussian(values, out, sigma, spacing, order, axis, keep.start)
    return out


def laplacian_on_box(window: np.ndarray, spacing, low, stop, sigma: float) -> np.ndarray:
    """ITK's normalised LoG of the array ``window`` ((z,) y, x; ``spacing`` in ITK's x, y(, z)
    order), computed only on its box ``low <= index < stop`` (array order), as float32.

    Arrays are handled as (z, y, x); a 2D image as one slice (1, y, x). ITK reads every
    pixel as double, so integer images go in as float64 (exact up to 2^53).
    """
    dimension = window.ndim
    values = window if window.dtype in (np.float32, np.float64) else window.astype(np.float64)
    values = np.ascontiguousarray(values).reshape((1,) * (3 - dimension) + values.shape)
    extent = np.asarray(stop) - np.asarray(low)
    start, size = np.asarray(low)[::-1], extent[::-1]
    total = np.zeros(tuple(extent), np.float32)
    for axis in range(dimension):
        passes = values
        for along in [axis] + [a for a in range(dimension) if a != axis]:
            passes = _gaussian_pass(passes, sigma, spacing[along], 2 if along == axis else 0,
                                    2 - along, slice(start[along], start[along] + size[along]))
        step = spacing[axis]
        scaled = passes.reshape(total.shape).astype(np.float64) * (1.0 / (step * step))
        total = (total.astype(np.float64) + scaled).astype(np.float32)
    return total
