"""The unfiltered image (PyRadiomics image type ``Original``, prefix ``original``)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import SimpleITK as sitk

from axilla.features.filters.roi_window import Window, image_values


def original(image: sitk.Image, mask: sitk.Image, settings: Mapping,
             **custom) -> Iterator[tuple[str, Window]]:
    """Yield the whole image unchanged, a view of its voxels, not a copy (PyRadiomics
    ``imageoperations.getOriginalImage``)."""
    yield "original", Window(image_values(image), (0,) * image.GetDimension())
