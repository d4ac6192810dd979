"""The ROI's bounding box and windows around it, so filters compute only what features use.

PyRadiomics filters the whole image and then crops every filtered image to the ROI's
bounding box (``RadiomicsFeatureExtractor.execute``, ``cropToTumorMask``). A filter whose
value at a voxel depends only on a neighbourhood can compute the same numbers from the
box grown by that neighbourhood. A filter's output is a :class:`Window`: a NumPy array
and the index of its first voxel on the input's grid, so the mask stays aligned without
building a SimpleITK image (``Window.as_image`` builds one where it is wanted).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError
from axilla.features.imageops import bounding_box


@dataclass(frozen=True)
class Window:
    """Filtered values on part of the input image's grid."""

    #: array (z, y, x) order, or (y, x) for a 2D image, as SimpleITK's arrays are
    values: np.ndarray
    #: array index, in the input image, of ``values``' first voxel
    start: tuple[int, ...]

    def as_image(self, like: sitk.Image) -> sitk.Image:
        """``values`` as an image on ``like``'s grid (its spacing and direction, the origin
        at ``like``'s voxel ``start``)."""
        out = sitk.GetImageFromArray(self.values,
                                     isVector=like.GetNumberOfComponentsPerPixel() > 1)
        out.SetSpacing(like.GetSpacing())
        out.SetDirection(like.GetDirection())
        out.SetOrigin(like.TransformIndexToPhysicalPoint([int(s) for s in self.start[::-1]]))
        return out

    def cut(self, low, high) -> Window:
        """The part of this window on the input's array box [low, high] (inclusive), a view."""
        box = tuple(slice(int(a) - s, int(b) - s + 1) for a, b, s in zip(low, high, self.start))
        return Window(self.values[box], tuple(int(a) for a in low))


class _Owner:
    """Lends an image's buffer to NumPy and keeps the image alive while arrays use it."""

    def __init__(self, image: sitk.Image):
        self.image = image
        self.__array_interface__ = sitk.GetArrayViewFromImage(image).__array_interface__


def image_values(image: sitk.Image) -> np.ndarray:
    """``image``'s voxels (array order) as a read-only view, not a copy.

    Unlike ``sitk.GetArrayViewFromImage``, the view (and every slice of it) keeps
    ``image`` alive, so it stays valid after the caller drops the image.
    """
    return np.asarray(_Owner(image))


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


def crop(image: sitk.Image, low, high) -> Window:
    """``image``'s voxels in the array box [low, high] (z, y, x, inclusive), clipped to the
    image: a view, not a copy (SimpleITK's slicing costs about 1 ms more per call)."""
    values = image_values(image)
    start = np.maximum(np.asarray(low), 0)
    stop = np.minimum(np.asarray(high) + 1, values.shape[:image.GetDimension()])
    box = tuple(slice(int(a), int(b)) for a, b in zip(start, stop))
    return Window(values[box], tuple(int(a) for a in start))
