"""Gradient magnitude image (PyRadiomics image type ``Gradient``, prefix ``gradient``).

As PyRadiomics ``imageoperations.getGradientImage``: SimpleITK
``GradientMagnitudeImageFilter`` (central differences, zero-flux border), in mm when
``gradientUseSpacing`` (default true). A voxel's value needs only its direct neighbours,
so the ROI's box grown by ``MARGIN`` voxels gives the whole-image values.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import SimpleITK as sitk

from axilla.features.filters.roi_window import Window, crop, image_values, roi_box

#: Window margin in voxels (central differences reach one voxel).
MARGIN = 2


def gradient(image: sitk.Image, mask: sitk.Image, settings: Mapping,
             **custom) -> Iterator[tuple[str, Window]]:
    """Yield ``('gradient', gradient magnitude)`` on the ROI's box."""
    args = {**settings, **custom}
    use_spacing = args.get("gradientUseSpacing")
    low, high = roi_box(image, mask, args)
    magnitude = sitk.GradientMagnitudeImageFilter()
    magnitude.SetUseImageSpacing(True if use_spacing is None else bool(use_spacing))
    window = crop(image, low - MARGIN, high + MARGIN)
    filtered = magnitude.Execute(window.as_image(image))
    yield "gradient", Window(image_values(filtered), window.start).cut(low, high)
