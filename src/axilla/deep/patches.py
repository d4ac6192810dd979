"""The tumour patch a CNN sees: the largest ROI cross-section, cropped square and resized.

As in seeds/002 (Methods, "Deep-learning feature extraction"): the slice with the
largest tumour area, a box covering the entire tumour, resized to ``size`` x ``size``
(224 for VGG-16). Here the box is square in millimetres around the ROI's bounding box
with ``margin`` on each side (so some peritumoral tissue is seen, as the paper's
Discussion notes), intensities are scaled to [0, 1] by the 0.5 and 99.5 percentiles
inside the box, and the plane is repeated on three channels for an RGB network.
"""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk
from scipy import ndimage

from axilla.errors import InputError


def largest_slice_index(roi: np.ndarray) -> int:
    """Index along the first (slice) axis of the slice with the most ROI voxels; ties go
    to the first such slice."""
    areas = roi.reshape(roi.shape[0], -1).sum(axis=1)
    return int(np.argmax(areas))


def _square_box(plane: np.ndarray, roi: np.ndarray, spacing: tuple[float, float],
                margin: float) -> np.ndarray:
    """The plane cropped to a box, square in mm, centred on the ROI's bounding box; parts
    outside the image are filled by mirroring."""
    where = np.argwhere(roi)
    low, extent = where.min(axis=0), np.ptp(where, axis=0) + 1
    side_mm = max(extent * np.asarray(spacing)) * (1 + 2 * margin)
    side = np.maximum(np.ceil(side_mm / np.asarray(spacing) - 1e-9).astype(int), extent)
    start = low - (side - extent) // 2 + side  # in the padded plane
    padded = np.pad(plane, ((side[0], side[0]), (side[1], side[1])), mode="symmetric")
    return padded[start[0]:start[0] + side[0], start[1]:start[1] + side[1]]


def _unit_range(box: np.ndarray) -> np.ndarray:
    """Intensities scaled to [0, 1] by the box's 0.5 and 99.5 percentiles (clipped)."""
    low, high = np.percentile(box, [0.5, 99.5])
    if high <= low:
        return np.zeros_like(box)
    return np.clip((box - low) / (high - low), 0.0, 1.0)


def largest_slice_patch(image: sitk.Image, mask: sitk.Image, *, size: int = 224,
                        margin: float = 0.15) -> np.ndarray:
    """A (3, size, size) float32 patch in [0, 1] around the ROI's largest axial
    cross-section (2D images are one slice)."""
    if size < 1 or margin < 0:
        raise InputError(f"patch size {size} and margin {margin} are not usable",
                         fix="give size >= 1 (224 for VGG-16) and margin >= 0")
    pixels = sitk.GetArrayFromImage(image).astype(np.float64)
    roi = sitk.GetArrayFromImage(mask) != 0
    if pixels.ndim != roi.ndim or pixels.ndim not in (2, 3):
        raise InputError(f"a patch needs one grey-level 2D or 3D image and its mask "
                         f"(got arrays of {pixels.ndim} and {roi.ndim} dimensions)",
                         fix="give a single-channel image and a mask on its grid")
    if pixels.ndim == 2:
        pixels, roi = pixels[np.newaxis], roi[np.newaxis]
    if not roi.any():
        raise InputError("the mask is empty, so there is no lesion patch",
                         fix="check the mask (label value, file) or remove the case")
    k = largest_slice_index(roi)
    row_col_spacing = tuple(image.GetSpacing()[1::-1])
    box = _unit_range(_square_box(pixels[k], roi[k], row_col_spacing, margin))
    zoomed = ndimage.zoom(box, (size / box.shape[0], size / box.shape[1]), order=1,
                          grid_mode=True, mode="nearest")
    return np.repeat(zoomed[np.newaxis].astype(np.float32), 3, axis=0)
