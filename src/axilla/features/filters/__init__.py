"""Image filters: one module per PyRadiomics image type.

``IMAGE_TYPES`` maps each PyRadiomics ``imageType`` name to a generator
``fn(image, mask, settings, **custom)`` that yields ``(prefix, filtered image)`` one
image at a time. ``settings`` are resolved PyRadiomics settings (``label`` names the ROI);
``custom`` are the image type's own settings and override them.

A filtered image is either the input's whole grid (``Original``) or a window of it that
covers the ROI's bounding box, with spacing and direction of the input and an origin on
its grid, so ``input.TransformPhysicalPointToIndex(filtered.GetOrigin())`` is where the
window starts. Filters compute only that window (see ``roi_window``).
"""
from __future__ import annotations

from axilla.features.filters.exponential import exponential
from axilla.features.filters.gradient import gradient
from axilla.features.filters.lbp2d import lbp2d
from axilla.features.filters.lbp3d import lbp3d
from axilla.features.filters.log import log
from axilla.features.filters.logarithm import logarithm
from axilla.features.filters.original import original
from axilla.features.filters.square import square
from axilla.features.filters.squareroot import squareroot
from axilla.features.filters.wavelet import wavelet

IMAGE_TYPES = {
    "Original": original,
    "Wavelet": wavelet,
    "LoG": log,
    "Square": square,
    "SquareRoot": squareroot,
    "Logarithm": logarithm,
    "Exponential": exponential,
    "Gradient": gradient,
    "LBP2D": lbp2d,
    "LBP3D": lbp3d,
}

__all__ = ["IMAGE_TYPES"]
