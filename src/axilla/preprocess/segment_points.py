"""Seeds and drawn boxes for segmentation, in voxels or in millimetres, as voxel indices.

Millimetres are physical coordinates as SimpleITK and ITK report them: LPS (x grows to
the patient's left, y to posterior, z to superior), on the image's origin, spacing and
direction. A point is mapped to the voxel whose centre is nearest
(``TransformPhysicalPointToContinuousIndex``, then rounding half up, as ITK's
``TransformPhysicalPointToIndex`` does); it must lie within half a voxel of the grid.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError

MM_FIX = ("give LPS millimetres as SimpleITK reports them (3D Slicer shows RAS: negate x "
          "and y), or voxel indices instead")


def _words(values) -> str:
    return "(" + ", ".join(f"{v:g}" for v in values) + ")"


def image_extent_mm(image: sitk.Image) -> str:
    """The physical span of the voxel centres, per axis, for error messages."""
    corners = [image.TransformIndexToPhysicalPoint([0] * image.GetDimension()),
               image.TransformIndexToPhysicalPoint([n - 1 for n in image.GetSize()])]
    return ", ".join(f"{axis} {min(a, b):.1f} to {max(a, b):.1f}"
                     for axis, a, b in zip("xyz", *corners))


def voxel_of_point(image: sitk.Image, point_mm: Sequence[float], what: str) -> list[int]:
    """The voxel index (x, y, z) whose centre is nearest the physical point ``point_mm``."""
    point = [float(v) for v in point_mm]
    if len(point) != image.GetDimension():
        raise InputError(f"{what} {_words(point)} mm has {len(point)} coordinates, the image "
                         f"{image.GetDimension()}", fix=MM_FIX)
    continuous = image.TransformPhysicalPointToContinuousIndex(point)
    if not all(-0.5 <= c < n - 0.5 for c, n in zip(continuous, image.GetSize())):
        raise InputError(f"{what} {_words(point)} mm lies outside the image, whose voxel "
                         f"centres span {image_extent_mm(image)} mm", fix=MM_FIX)
    return [int(np.floor(c + 0.5)) for c in continuous]


def check_voxel(image: sitk.Image, index: Sequence[int], what: str) -> list[int]:
    """``index`` as a list of ints, refused when it is not a voxel of ``image``."""
    index = [int(v) for v in index]
    if len(index) != image.GetDimension() or not all(
            0 <= v < n for v, n in zip(index, image.GetSize())):
        raise InputError(f"{what} {index} is outside the image of size {list(image.GetSize())}",
                         fix="give 0-based voxel indices x,y,z inside the image, or millimetres")
    return index


def voxel_seeds(image: sitk.Image, seeds=None, seeds_mm=None) -> list[list[int]] | None:
    """Voxel seeds followed by the millimetre seeds mapped to voxels; None when there are none."""
    out = [check_voxel(image, seed, "seed") for seed in seeds or ()]
    out += [voxel_of_point(image, point, "seed") for point in seeds_mm or ()]
    return out or None


def voxel_box(image: sitk.Image, box=None, box_mm=None) -> list[list[int]] | None:
    """A box given by two opposite corners (voxels, inclusive, or mm) as
    ``[[x0, y0, z0], [x1, y1, z1]]`` voxel indices with ``x0 <= x1`` and so on."""
    if box is not None and box_mm is not None:
        raise InputError("a box was given both in voxels and in millimetres",
                         fix="give the box once")
    corners = box if box is not None else box_mm
    if corners is None:
        return None
    if len(corners) != 2:
        raise InputError(f"a box needs two opposite corners, got {len(corners)}",
                         fix="give x0,y0,z0,x1,y1,z1")
    if box is not None:
        indices = [check_voxel(image, corner, "box corner") for corner in corners]
    else:
        indices = [voxel_of_point(image, corner, "box corner") for corner in corners]
    return [[min(a, b) for a, b in zip(*indices)], [max(a, b) for a, b in zip(*indices)]]


def box_mask(image: sitk.Image, box: list[list[int]]) -> sitk.Image:
    """A 0/1 mask on ``image``'s grid, 1 inside the (inclusive) voxel box."""
    array = np.zeros(sitk.GetArrayViewFromImage(image).shape, dtype=np.uint8)
    array[tuple(slice(low, high + 1) for low, high in zip(reversed(box[0]), reversed(box[1])))] = 1
    out = sitk.GetImageFromArray(array)
    out.CopyInformation(image)
    return out


def is_box(roi: np.ndarray) -> bool:
    """True when the non-empty bool array ``roi`` fills its own bounding box."""
    where = np.nonzero(roi)
    return int(roi.sum()) == int(np.prod([w.max() - w.min() + 1 for w in where]))
