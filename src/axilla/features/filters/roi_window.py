"""The ROI's bounding box and windows around it, so filters compute only what features use.

PyRadiomics filters the whole image and then crops every filtered image to the ROI's
bounding box (``RadiomicsFeatureExtractor.execute``, ``cropToTumorMask``). A filter whose
value at a voxel depends only on a neighbourhood can compute the same numbers from the
box grown by that neighbourhood. Windows are SimpleITK sub-images: their origin places
them on the full image's grid, so the mask stays aligned.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError
from axilla.features.imageops import bounding_box


def roi_box(image: sitk.Image, mask: sitk.Image, settings: Mapping
            ) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest index (inclusive, array z, y, x order) of ``settings['label']``."""
    if mask.GetSize() != image.GetSize():
        raise GeometryError(f"mask size {mask.GetSize()} differs from image size"
                            f" {image.GetSize()}", fix="resample the mask onto the image")
    label = settings.get("label", 1)
    roi = sitk.GetArrayViewFromImage(mask) == label
    if not roi.any():
        raise InputError(f"label {label} is not in the mask",
                         fix="set label to a value present in the mask")
    low, high = bounding_box(roi)
    return np.array(low), np.array(high)


def crop(image: sitk.Image, low, high) -> sitk.Image:
    """``image`` cut to the array box [low, high] (z, y, x, inclusive), clipped to the image."""
    shape = np.array(image.GetSize())[::-1]
    start = np.maximum(np.asarray(low), 0)
    stop = np.minimum(np.asarray(high) + 1, shape)
    return sub_image(image, start, stop)


def sub_image(image: sitk.Image, start, stop) -> sitk.Image:
    """The voxels ``start <= index < stop`` (array z, y, x order) of ``image`` as an image.

    What ``image[x0:x1, y0:y1, z0:z1]`` gives (same values, spacing, direction, and the
    origin at the first voxel), copied through a NumPy view: SimpleITK's slicing costs
    about 1 ms more per call, which on a small image is as much as a filter pass.
    """
    box = tuple(slice(int(a), int(b)) for a, b in zip(start, stop))
    return on_grid(sitk.GetArrayViewFromImage(image)[box], image, start)


def on_grid(values: np.ndarray, like: sitk.Image, start) -> sitk.Image:
    """``values`` (array z, y, x order) as an image on ``like``'s grid, its first voxel at
    ``like``'s array index ``start`` (spacing and direction of ``like``)."""
    out = sitk.GetImageFromArray(values, isVector=like.GetNumberOfComponentsPerPixel() > 1)
    out.SetSpacing(like.GetSpacing())
    out.SetDirection(like.GetDirection())
    out.SetOrigin(like.TransformIndexToPhysicalPoint([int(s) for s in start[::-1]]))
    return out


def box_within(image: sitk.Image, low, high, outer: sitk.Image) -> sitk.Image:
    """The part of ``image`` (a window of ``outer``) covering ``outer``'s box [low, high]."""
    start = np.array(outer.TransformPhysicalPointToIndex(image.GetOrigin()))[::-1]
    return crop(image, np.asarray(low) - start, np.asarray(high) - start)

