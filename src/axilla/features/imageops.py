"""Image preparation before feature extraction, as PyRadiomics does it.

Each step follows ``radiomics/imageoperations.py`` (PyRadiomics docs "Image processing
and filters", "Settings"): read and cast the mask (``getMask``), normalise
(``normalizeImage``), resample on PyRadiomics' cropped grid (``resampleImage``), check the
geometry and the ROI (``checkMask``, ``_checkROI``, ``_correctMask``), resegment
(``resegmentMask``) and crop to the bounding box (``cropToTumorMask``). Every failure is an
:class:`~axilla.errors.InputError` naming the file and the fix.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError, SettingsError

#: ITK's default coordinate and direction tolerance (ImageToImageFilter), used when
#: ``geometryTolerance`` is not set.
ITK_TOLERANCE = 1e-6


def read_image(source, role: str) -> tuple[sitk.Image, str | None]:
    """A SimpleITK image from a path or an image; ``role`` is 'image' or 'mask'."""
    from axilla.io.masks import require_integer_labels
    if isinstance(source, sitk.Image):
        if role == "mask":   # a probability map is refused, not truncated as PyRadiomics does
            require_integer_labels(source)
        return source, None
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise InputError(f"{role} file not found", file=str(path),
                             fix=f"check the {role} path")
        from axilla.io.readers import read_dicom_series, read_with_itk
        try:  # io's readers refuse two-series folders, uneven slices, cut NIfTI files
            image = read_dicom_series(path) if path.is_dir() else read_with_itk(path)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
            raise InputError(f"cannot read the {role} ({first})", file=str(path),
                             fix="give a NIfTI, NRRD, MHA or DICOM-series path") from None
        if role == "mask":
            require_integer_labels(image, file=str(path))
        return image, str(path)
    raise InputError(f"{role} must be a file path or a SimpleITK image,"
                     f" got {type(source).__name__}", fix=f"pass the {role} path")


def select_label_image(mask: sitk.Image, label: int, label_channel: int = 0,
                       file: str | None = None) -> sitk.Image:
    """The mask as an integer label map (one channel of a vector mask); checks ``label``.

    PyRadiomics casts every mask to UInt32; an integer mask keeps its type here (the same
    labels, without a full-volume copy) and a float mask of whole numbers is cast as there.
    """
    if mask.GetNumberOfComponentsPerPixel() > 1:
        count = mask.GetNumberOfComponentsPerPixel()
        if label_channel >= count:
            raise InputError(f"label_channel {label_channel} asked but the mask has {count}"
                             f" channels", file=file, fix=f"set label_channel below {count}")
        mask = sitk.VectorIndexSelectionCast(mask, int(label_channel))
    if mask.GetPixelID() in (sitk.sitkFloat32, sitk.sitkFloat64):
        mask = sitk.Cast(mask, sitk.sitkUInt32)
    array = sitk.GetArrayViewFromImage(mask)
    if np.any(array == label):
        return mask
    labels = np.unique(array)
    labels = labels[labels != 0]
    if labels.size == 0:
        raise InputError("the mask is empty (no voxel has a non-zero label)", file=file,
                         fix="check that the mask belongs to this image and is segmented")
    if label not in labels:
        from axilla.io.masks import labels_shown
        raise InputError(f"label {label} is not in the mask (labels present:"
                         f" {labels_shown(labels)})", file=file,
                         fix=(f"set label to one of {labels_shown(labels)}" if labels.size <= 10
                              else "give the ROI's mask file, not an image"))


def normalize_image(image: sitk.Image, scale: float = 1,
                    outliers: float | None = None) -> sitk.Image:
    """z-score over the whole image, outliers clipped at ±``outliers`` SD, times ``scale``.

    PyRadiomics ``normalizeImage``: ``sitk.Normalize`` (sample SD), clip, then scale.
    """
    image = sitk.Normalize(image)
    if outliers is not None:
        image = sitk.Clamp(image, lowerBound=-outliers, upperBound=outliers)
    return image * scale


def _interpolator(value) -> int:
    return getattr(sitk, value) if isinstance(value, str) else int(value)


def roi_box_in_image(image: sitk.Image, mask: sitk.Image, label: int,
                     file: str | None = None) -> np.ndarray:
    """The ROI's SimpleITK bounding box (index, size; x-first); checks it lies in the image.

    PyRadiomics ``_checkROI``: the ROI's physical extent must fall inside the image
    (tolerance 1e-3 voxel).
    """
    shape = sitk.LabelShapeStatisticsImageFilter()
    shape.Execute(mask)
    if label not in shape.GetLabels():
        raise InputError(f"label {label} is not in the mask", file=file,
                         fix="set label to a value present in the mask")
    box = np.array(shape.GetBoundingBox(label))
    dim = mask.GetDimension()
    corners = [mask.TransformContinuousIndexToPhysicalPoint((box[:dim] - 0.5).tolist()),
               mask.TransformContinuousIndexToPhysicalPoint(
                   (box[:dim] + box[dim:] - 0.5).tolist())]
    corners = np.array([image.TransformPhysicalPointToContinuousIndex(c) for c in corners])
    if (np.any(corners.min(axis=0) < -0.5 - 1e-3)
            or np.any(corners.max(axis=0) > np.array(image.GetSize()) - 0.5 + 1e-3)):
        raise GeometryError("the ROI reaches outside the image's physical space", file=file,
                            fix="check that the mask belongs to this image")
    return box


def resample(image: sitk.Image, mask: sitk.Image, settings: Mapping,
             file: str | None = None) -> tuple[sitk.Image, sitk.Image]:
    """Resample image and mask to ``resampledPixelSpacing`` on PyRadiomics' grid.

    PyRadiomics ``resampleImage``: the new grid is aligned to the mask origin, covers only
    the ROI's bounding box plus ``padDistance`` new voxels, and keeps the mask spacing
    where a spacing is 0 or where the ROI is one voxel thick; image by ``interpolator``,
    mask by nearest neighbour.
    """
    label = settings["label"]
    pad = settings["padDistance"]
    mask_spacing = np.array(mask.GetSpacing())
    spacing = np.array(settings["resampledPixelSpacing"], dtype=float)
    if spacing.size != mask.GetDimension():
        raise SettingsError(f"resampledPixelSpacing has {spacing.size} values but the mask"
                            f" is {mask.GetDimension()}D", fix="give one spacing per axis")
    spacing = np.where(spacing == 0, mask_spacing, spacing)
    box = roi_box_in_image(image, mask, label, file)
    dim = mask.GetDimension()
    spacing = np.where(box[dim:] != 1, spacing, mask_spacing)
    if np.allclose(np.array(image.GetSpacing()), spacing):
        mask = sitk.Resample(mask, image, sitk.Transform(), sitk.sitkNearestNeighbor)
        low, high = bounding_box(sitk.GetArrayViewFromImage(mask) == label)
        return crop_image(image, low, high, pad), crop_image(mask, low, high, pad)
    ratio = mask_spacing / spacing
    new_low = np.floor((box[:dim] - 0.5) * ratio - pad)
    new_high = np.ceil((box[:dim] + box[dim:] - 0.5) * ratio + pad)
    new_low = np.maximum(new_low, 0)
    new_high = np.minimum(new_high, np.ceil(np.array(mask.GetSize()) * ratio) - 1)
    size = np.array(new_high - new_low + 1, dtype=int).tolist()
    origin_index = 0.5 * (spacing - mask_spacing) / mask_spacing + new_low / ratio
    origin = mask.TransformContinuousIndexToPhysicalPoint(origin_index.tolist())
    out = []
    for img, interp in ((image, _interpolator(settings["interpolator"])),
                        (mask, sitk.sitkNearestNeighbor)):
        out.append(sitk.Resample(img, size, sitk.Transform(), interp, origin,
                                 spacing.tolist(), mask.GetDirection(), 0,
                                 img.GetPixelID()))
    return out[0], out[1]


def bounding_box(roi: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Lower and upper index (inclusive) of the True voxels of a non-empty ``roi``, in array
    (z, y, x) order.

    A sparse ROI (a small lesion in a whole image) is located from its voxels' flat
    indices; a dense one (an ROI in its own box) from the first and last True voxel, which
    bound the first axis, and per-axis reductions over that slab only.
    """
    count = np.count_nonzero(roi)
    if count == 0:
        raise InputError("the ROI is empty", fix="check the mask label and the ROI")
    if count * 32 <= roi.size:
        where = np.unravel_index(np.flatnonzero(roi), roi.shape)
        return (tuple([int(where[0][0])] + [int(axis.min()) for axis in where[1:]]),
                tuple([int(where[0][-1])] + [int(axis.max()) for axis in where[1:]]))
    flat = roi.reshape(-1)
    per_slice = flat.size // roi.shape[0]
    first, last = int(np.argmax(flat)), flat.size - 1 - int(np.argmax(flat[::-1]))
    low, high = [first // per_slice], [last // per_slice]
    slab = roi[low[0]:high[0] + 1]
    for axis in range(1, roi.ndim):
        hit = np.flatnonzero(slab.any(axis=tuple(a for a in range(roi.ndim) if a != axis)))
        low.append(int(hit[0]))
        high.append(int(hit[-1]))
    return tuple(low), tuple(high)


def crop_image(image: sitk.Image, low, high, pad: int = 0) -> sitk.Image:
    """``image`` cut to the array box [low, high] (z, y, x) grown by ``pad`` voxels."""
    size = np.array(image.GetSize())[::-1]
    start = np.maximum(np.array(low) - pad, 0)
    stop = np.minimum(np.array(high) + pad + 1, size)
    return image[tuple(slice(int(a), int(b)) for a, b in zip(start[::-1], stop[::-1]))]


def _differs(a, b, tolerance: float) -> bool:
    return bool(np.any(np.abs(np.array(a, dtype=float) - np.array(b, dtype=float))
                       > tolerance))


def geometry_mismatch(image: sitk.Image, mask: sitk.Image,
                      tolerance: float | None) -> str | None:
    """What differs between image and mask grids, or ``None``.

    As ITK ``ImageToImageFilter::VerifyInputInformation`` (used by PyRadiomics'
    ``checkMask``): size exactly; origin and spacing within tolerance × the image's first
    spacing; direction within the tolerance. ``geometryTolerance`` sets both tolerances.
    """
    tol = ITK_TOLERANCE if tolerance is None else tolerance
    coordinate = abs(tol * image.GetSpacing()[0])
    if image.GetDimension() != mask.GetDimension() or image.GetSize() != mask.GetSize():
        return f"mask size {mask.GetSize()} differs from image size {image.GetSize()}"
    for what, tol_what in (("Spacing", coordinate), ("Origin", coordinate),
                           ("Direction", tol)):
        a, b = getattr(image, f"Get{what}")(), getattr(mask, f"Get{what}")()
        if _differs(a, b, tol_what):
            fmt = tuple(round(v, 6) for v in b), tuple(round(v, 6) for v in a)
            return f"mask {what.lower()} {fmt[0]} differs from image {what.lower()} {fmt[1]}"
    return None


def align_mask(image: sitk.Image, mask: sitk.Image, settings: Mapping,
               file: str | None = None) -> sitk.Image:
    """The mask on the image grid: unchanged if it matches, resampled if ``correctMask``.

    PyRadiomics ``checkMask`` / ``_correctMask`` (nearest-neighbour onto the image grid,
    after checking that the ROI lies inside the image).
    """
    problem = geometry_mismatch(image, mask, settings.get("geometryTolerance"))
    if problem is None:
        return mask
    if not settings.get("correctMask"):
        raise GeometryError(problem, file=file,
                            fix="resample the mask onto the image, or set correctMask: true"
                                " (or raise geometryTolerance for rounding differences)")
    roi_box_in_image(image, mask, settings["label"], file)
    return sitk.Resample(mask, image, sitk.Transform(), sitk.sitkNearestNeighbor, 0,
                         mask.GetPixelID())


def check_roi(roi: np.ndarray, settings: Mapping, file: str | None = None
              ) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Bounding box of ``roi`` after PyRadiomics' ``checkMask`` size checks."""
    label = settings["label"]
    if not roi.any():
        raise InputError(f"label {label} has no voxel in the mask on the image grid",
                         file=file, fix="check that the mask belongs to this image")
    low, high = bounding_box(roi)
    dims = int(np.sum(np.array(high) - np.array(low) > 0))
    if dims == 0:
        raise InputError(f"the ROI (label {label}) is a single voxel; features need more",
                         file=file, fix="check the segmentation or choose another label")
    minimum = settings.get("minimumROIDimensions") or 1
    if dims < minimum:
        raise InputError(f"the ROI (label {label}) spans {dims} dimension(s), fewer than"
                         f" minimumROIDimensions {minimum}", file=file,
                         fix=f"set minimumROIDimensions: {dims} to accept it")
    min_size = settings.get("minimumROISize")
    count = int(roi.sum())
    if min_size is not None and count <= min_size:
        raise InputError(f"the ROI (label {label}) has {count} voxels, not more than"
                         f" minimumROISize {min_size}", file=file,
                         fix="lower minimumROISize or check the segmentation")
    return low, high


def resegment(image: np.ndarray, roi: np.ndarray, settings: Mapping,
              file: str | None = None) -> np.ndarray:
    """The ROI restricted to intensities within ``resegmentRange``.

    PyRadiomics ``resegmentMask``: one threshold keeps x >= t, two keep t1 <= x <= t2;
    mode ``absolute`` (grey values), ``relative`` (fractions of the ROI maximum) or
    ``sigma`` (mean + t × population SD of the ROI).
    """
    bounds = sorted(settings["resegmentRange"])
    values = image[roi]
    mode = settings.get("resegmentMode") or "absolute"
    if mode == "relative":
        bounds = [values.max() * b for b in bounds]
    elif mode == "sigma":
        mean, sd = values.mean(), values.std()
        bounds = [mean + sd * b for b in bounds]
    keep = values >= bounds[0]
    if len(bounds) == 2:
        keep &= values <= bounds[1]
    if keep.sum() <= 1:
        raise InputError(f"resegmentation kept {int(keep.sum())} voxel(s) of the ROI",
                         file=file, fix="widen resegmentRange or change resegmentMode")
    out = np.zeros_like(roi)
    out[roi] = keep
    return out
