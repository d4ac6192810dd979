"""Masks: label selection and the image/mask geometry check.

A mask is read like an image (any format of :mod:`axilla.io.readers`), then reduced to
one binary ROI. Geometry is checked with a tolerance; a mismatch is an error that names
both files and the fix, or, with ``alignment="resample"``, the mask is resampled onto
the image grid by nearest neighbour.
"""
from __future__ import annotations

import numpy as np
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError


FLOAT_PIXELS = (sitk.sitkFloat32, sitk.sitkFloat64, sitk.sitkVectorFloat32,
                sitk.sitkVectorFloat64)


def require_integer_labels(mask: sitk.Image, *, patient=None, file=None) -> None:
    """Refuse a floating-point mask holding values that are not whole numbers.

    Such a mask is a probability map or a linearly interpolated label map; casting it to
    integers (as PyRadiomics' UInt32 cast does) truncates 0.6 to 0 and moves the ROI's
    border without a word. A float mask holding only whole numbers (0.0, 1.0) is a label
    map and passes.
    """
    if mask.GetPixelID() not in FLOAT_PIXELS:
        return
    values = sitk.GetArrayViewFromImage(mask)
    fractional = np.unique(values[~(values == np.round(values))])
    if fractional.size:
        shown = ", ".join(f"{v:g}" for v in fractional[:5]) + (", ..." if fractional.size > 5
                                                                else "")
        raise InputError(f"the mask holds {fractional.size} non-integer value(s) ({shown}): "
                         "a probability map or an interpolated mask, not a label map",
                         patient=patient, file=file,
                         fix="threshold it into a label map (e.g. voxels >= 0.5 become 1) and "
                             "save it with an integer type; resample masks by nearest "
                             "neighbour")


def labels_shown(labels) -> str:
    """The labels of a mask for a message: all of a few; count and range of many (an image
    given as the mask holds hundreds)."""
    labels = [int(v) if float(v).is_integer() else float(v) for v in labels]
    if len(labels) <= 10:
        return ", ".join(str(v) for v in labels) or "none"
    return (f"{len(labels)} labels from {labels[0]} to {labels[-1]}: this looks like an image, "
            "not a mask")


def select_label(mask: sitk.Image, label: int | None, *, patient=None, file=None) -> sitk.Image:
    """A UInt8 mask that is 1 where ``mask == label`` (any non-zero when ``label`` is None)."""
    values = sitk.GetArrayViewFromImage(mask)
    present = np.unique(values)
    present = present[present != 0]
    if label is None:
        if len(present) > 1:
            raise InputError(f"mask holds several labels ({labels_shown(present)})", patient=patient,
                             file=file, fix="name one in the manifest's 'label' column")
        selected = values != 0
    else:
        if label not in present:
            raise InputError(f"label {label} is absent from the mask (labels present: "
                             f"{labels_shown(present)})", patient=patient, file=file,
                             fix="set the manifest's 'label' column to a label the mask holds")
        selected = values == label
    if not selected.any():
        raise InputError("mask is empty", patient=patient, file=file,
                         fix="draw the ROI or remove the case from the manifest")
    out = sitk.GetImageFromArray(selected.astype(np.uint8))
    out.CopyInformation(mask)
    return out


def geometry_mismatch(image: sitk.Image, mask: sitk.Image, tolerance: float = 1e-3) -> str | None:
    """What differs between the two grids (size, spacing, origin, direction), or None."""
    if image.GetSize() != mask.GetSize():
        return f"mask size {mask.GetSize()} differs from image size {image.GetSize()}"
    checks = (("spacing", image.GetSpacing(), mask.GetSpacing()),
              ("origin", image.GetOrigin(), mask.GetOrigin()),
              ("direction", image.GetDirection(), mask.GetDirection()))
    for name, ours, theirs in checks:
        if not np.allclose(ours, theirs, rtol=0, atol=tolerance * max(1.0, *np.abs(ours))):
            fmt = lambda v: "(" + ", ".join(f"{x:.4g}" for x in v) + ")"  # noqa: E731
            return f"mask {name} {fmt(theirs)} differs from image {name} {fmt(ours)}"
    return None


def align_mask(image: sitk.Image, mask: sitk.Image, *, tolerance: float = 1e-3,
               alignment: str = "strict", patient=None, file=None) -> sitk.Image:
    """Check that ``mask`` lies on ``image``'s grid; resample it there if asked."""
    problem = geometry_mismatch(image, mask, tolerance)
    if problem is None:
        mask = sitk.Image(mask)
        mask.CopyInformation(image)
        return mask
    if alignment != "resample":
        raise GeometryError(problem, patient=patient, file=file,
                            fix="resample the mask or set "
                                "mask_alignment: resample")
    if image.GetDimension() != mask.GetDimension():
        raise GeometryError(problem, patient=patient, file=file,
                            fix="give a mask with as many dimensions as the image")
    resampled = sitk.Resample(mask, image, sitk.Transform(), sitk.sitkNearestNeighbor, 0,
                              mask.GetPixelID())
    if not sitk.GetArrayViewFromImage(resampled).any():
        raise GeometryError(problem + "; resampled onto the image the mask is empty",
                            patient=patient, file=file,
                            fix="the mask does not overlap the image: check that it belongs "
                                "to this image")
    return resampled
