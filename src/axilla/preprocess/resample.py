"""Resampling onto a new voxel spacing or onto another image's grid.

The new grid keeps the physical centre of the old one (IBSI reference manual,
section 2.4, "grid alignment: centre"); its size is ``round(size * old / new)``.
Masks are resampled by linear interpolation of the 0/1 mask and a partial-volume
threshold of 0.5 (IBSI 2.4.3), or by nearest neighbour.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import SimpleITK as sitk

from axilla.errors import SettingsError

INTERPOLATORS = {"nearest": sitk.sitkNearestNeighbor, "linear": sitk.sitkLinear,
                 "bspline": sitk.sitkBSpline, "lanczos": sitk.sitkLanczosWindowedSinc}


def _interpolator(name: str) -> int:
    if name not in INTERPOLATORS:
        raise SettingsError(f"unknown interpolator '{name}'",
                            fix=f"use one of {', '.join(INTERPOLATORS)}")
    return INTERPOLATORS[name]


def resampled_grid(image: sitk.Image, spacing: Sequence[float | None]) -> sitk.Image:
    """An empty image on the centre-aligned grid of ``spacing`` (``None`` keeps an axis)."""
    if len(spacing) != image.GetDimension():
        raise SettingsError(f"spacing has {len(spacing)} values for a {image.GetDimension()}-D image",
                            fix="give one spacing per axis, e.g. [1, 1, 1]")
    old = np.array(image.GetSpacing())
    new = np.array([o if s is None else float(s) for s, o in zip(spacing, old)])
    if (new <= 0).any():
        raise SettingsError(f"spacing must be positive, got {list(spacing)}", fix="use e.g. [1, 1, 1]")
    old_size = np.array(image.GetSize())
    size = np.maximum(np.round(old_size * old / new), 1).astype(int)
    direction = np.array(image.GetDirection()).reshape(image.GetDimension(), -1)
    centre = np.array(image.TransformContinuousIndexToPhysicalPoint(((old_size - 1) / 2).tolist()))
    origin = centre - direction @ (new * (size - 1) / 2)
    grid = sitk.Image([int(s) for s in size], sitk.sitkUInt8)
    grid.SetSpacing(new.tolist())
    grid.SetDirection(image.GetDirection())
    grid.SetOrigin(origin.tolist())
    return grid


def resample_to(image: sitk.Image, reference: sitk.Image, interpolator: str | None = None,
                *, is_mask: bool = False, default_value: float = 0.0) -> sitk.Image:
    """``image`` on ``reference``'s grid (voxels outside the old grid get ``default_value``).

    Images come back Float32, B-spline by default (as PyRadiomics). Masks come back
    UInt8 0/1: the 0/1 mask is interpolated (linear by default) and thresholded at 0.5.
    """
    method = _interpolator(interpolator or ("linear" if is_mask else "bspline"))
    if is_mask:
        moving = sitk.Cast(sitk.NotEqual(image, 0), sitk.sitkFloat32)
        out = sitk.Resample(moving, reference, sitk.Transform(), method, 0.0, sitk.sitkFloat32)
        return sitk.Cast(out >= 0.5, sitk.sitkUInt8)
    return sitk.Resample(image, reference, sitk.Transform(), method, default_value,
                         sitk.sitkFloat32)


def resample(image: sitk.Image, spacing: Sequence[float | None], interpolator: str | None = None,
             *, is_mask: bool = False) -> sitk.Image:
    """``image`` on a centre-aligned grid of ``spacing`` mm (x, y, z order, as SimpleITK);
    interpolation as in :func:`resample_to`."""
    return resample_to(image, resampled_grid(image, spacing), interpolator, is_mask=is_mask)
