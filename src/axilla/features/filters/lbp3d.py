"""3D local binary pattern images (PyRadiomics image type ``LBP3D``).

As PyRadiomics ``imageoperations.getLBP3DImage`` (Banerjee et al. 2013, "3D LBP-based
rotationally invariant region description", ACCV workshops, doi:10.1007/978-3-642-37410-4_3):
for every ROI voxel, the image is sampled on an icosphere around it (cubic spline,
``scipy.ndimage.map_coordinates(order=3)``, whose samples keep the image's pixel type,
so an integer image gives rounded samples); the samples' kurtosis gives ``lbp-3D-k``;
the samples thresholded at the centre voxel are expanded in spherical harmonics and the
L2 norm of each degree ``n < lbp3DLevels`` gives ``lbp-3D-m<n+1>``. PyRadiomics calls
``scipy.special.sph_harm(m, n, theta, phi)`` with the polar angle as ``theta``; the same
values come from ``sph_harm_y(n, m, phi, theta)``. Voxels outside the ROI are 0.

The spline prefilter is recursive with pole -0.268, so voxels more than ``MARGIN``
voxels away contribute below float64 rounding; the work is done on the ROI's box grown
by that margin.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.features.filters.icosphere import icosphere_vertices
from axilla.features.filters.roi_window import Window, crop, roi_box

logger = logging.getLogger(__name__)

#: Window margin in voxels beyond the sampling radius (0.268**40 < 1e-22).
MARGIN = 40


def lbp3d_levels(samples: np.ndarray, centres: np.ndarray, directions: np.ndarray,
                 radius: float, levels: int) -> np.ndarray:
    """(voxels, levels) norms of the spherical-harmonic expansion of samples >= centre.

    samples: (voxels, vertices); directions: (vertices, 3) offsets on the sphere of
    ``radius``. Angles and the complex norm exactly as PyRadiomics writes them.
    """
    from scipy.special import sph_harm_y

    theta = np.arccos(directions[:, 2] / radius)
    phi = np.arctan2(directions[:, 1], directions[:, 0])
    signs = (samples >= centres[:, None]).astype(np.float64)
    out = np.empty((samples.shape[0], levels))
    for degree in range(levels):
        harmonics = np.column_stack([sph_harm_y(degree, order, phi, theta)
                                     for order in range(-degree, degree + 1)])
        coefficients = signs @ harmonics
        expansion = coefficients @ harmonics.T
        out[:, degree] = np.real(np.sqrt(np.sum(expansion ** 2, axis=1)))
    return out


def lbp3d(image: sitk.Image, mask: sitk.Image, settings: Mapping,
          **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``lbp-3D-m1`` ... ``lbp-3D-m<levels>`` and ``lbp-3D-k`` on the ROI's box."""
    from scipy.ndimage import map_coordinates, spline_filter
    from scipy.stats import kurtosis  # imported here: scipy.stats takes seconds to import

    args = {**settings, **custom}
    if image.GetDimension() != 3:
        raise InputError(f"LBP3D needs a 3D image, got {image.GetDimension()}D",
                         fix="remove LBP3D from imageType or use LBP2D")
    if args.get("force2D"):
        logger.warning("LBP3D is computed in 3D but features are extracted in 2D")
    levels = args.get("lbp3DLevels") or 2
    radius = args.get("lbp3DIcosphereRadius") or 1
    subdivisions = args.get("lbp3DIcosphereSubdivision")
    directions = icosphere_vertices(1 if subdivisions is None else subdivisions, radius)
    label = args.get("label", 1)
    low, high = roi_box(image, mask, args)
    reach = MARGIN + int(np.ceil(radius))
    window = crop(image, low - reach, high + reach)
    values = window.values
    roi = np.nonzero(crop(mask, low - reach, high + reach).values == label)
    points = np.array(roi, dtype=np.float64).T
    coefficients = spline_filter(values, order=3, output=np.float64, mode="constant")
    samples = map_coordinates(coefficients, (points[None] + directions[:, None]).T,
                              output=values.dtype, order=3, mode="constant",
                              prefilter=False)
    images = list(lbp3d_levels(samples, values[roi], directions, radius, levels).T)
    images.append(kurtosis(samples, axis=1))
    names = [f"lbp-3D-m{degree + 1}" for degree in range(levels)] + ["lbp-3D-k"]
    for name, voxel_values in zip(names, images):
        result = np.zeros(values.shape)
        result[roi] = voxel_values
        yield name, Window(result, window.start).cut(low, high)
