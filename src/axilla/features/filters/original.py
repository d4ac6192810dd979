"""The unfiltered image (PyRadiomics image type ``Original``, prefix ``original``)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import SimpleITK as sitk


def original(image: sitk.Image, mask: sitk.Image, settings: Mapping,
             **custom) -> Iterator[tuple[str, sitk.Image]]:
    """Yield the image unchanged (PyRadiomics ``imageoperations.getOriginalImage``)."""
    yield "original", image
