"""Image filters: one module per PyRadiomics image type.

``IMAGE_TYPES`` maps each PyRadiomics ``imageType`` name to a generator
``fn(image, mask, settings, **custom)`` that yields ``(prefix, window)`` one filtered
image at a time. ``settings`` are resolved PyRadiomics settings (``label`` names the ROI);
``custom`` are the image type's own settings and override them. A filter's module (and
what it needs, e.g. PyWavelets for ``Wavelet``) is imported the first time that image
type is looked up, so a parameter file without it does not pay for it.

A window (``roi_window.Window``) is the filtered values as a NumPy array in SimpleITK's
array order ((z, y, x), or (y, x) for a 2D image) and ``start``, the input's array index
of its first voxel: the input's whole grid for ``Original`` (a view, not a copy), else the
ROI's bounding box, each voxel bit for bit the whole-image filter's value. Filters compute
only what that needs (see ``roi_window``); ``window.as_image(image)`` gives a window as a
SimpleITK image on the input's grid.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

#: image type -> module of ``axilla.features.filters`` holding a generator of that name
_MODULES = {
    "Original": "original",
    "Wavelet": "wavelet",
    "LoG": "log",
    "Square": "square",
    "SquareRoot": "squareroot",
    "Logarithm": "logarithm",
    "Exponential": "exponential",
    "Gradient": "gradient",
    "LBP2D": "lbp2d",
    "LBP3D": "lbp3d",
}


class _Generators(Mapping):
    """``{image type: generator}``, importing a filter's module on first lookup."""

    def __getitem__(self, image_type: str) -> Callable:
        name = _MODULES[image_type]
        return getattr(importlib.import_module(f"{__name__}.{name}"), name)

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


IMAGE_TYPES: Mapping[str, Callable] = _Generators()

__all__ = ["IMAGE_TYPES"]
