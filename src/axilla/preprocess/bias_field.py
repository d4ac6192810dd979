"""N4 bias field correction (Tustison et al. 2010, IEEE TMI 29:1310) with SimpleITK.

The field is fitted on a shrunken copy of the image for speed, then evaluated at full
resolution and divided out: ``corrected = image / exp(log_bias)`` (the SimpleITK
recipe, ``N4BiasFieldCorrectionImageFilter.GetLogBiasFieldAsImage``). Without a mask
the fit uses an Otsu body mask, as N4's own command-line tool does.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import SimpleITK as sitk

from axilla.errors import InputError, SettingsError
from axilla.preprocess.roi import inside, otsu_body_mask


def _iterations_per_level(iterations, fitting_levels) -> list[int]:
    levels = [iterations] * (fitting_levels or 4) if isinstance(iterations, int) else list(iterations)
    if not levels or any(int(i) != i or i < 1 for i in levels) or (
            fitting_levels is not None and len(levels) != fitting_levels):
        raise SettingsError(f"iterations {iterations!r} do not give a positive whole count for each "
                            f"of {fitting_levels or len(levels)} fitting levels",
                            fix="use e.g. iterations=50, fitting_levels=4, or iterations=[50, 50, 30, 20]")
    return [int(i) for i in levels]


def n4_correct(image: sitk.Image, mask: sitk.Image | None = None, *, shrink_factor: int = 4,
               iterations: int | Sequence[int] = 50, fitting_levels: int | None = None,
               convergence_threshold: float = 0.001, spline_distance_mm: float | None = None,
               return_field: bool = False):
    """Divide out a smooth multiplicative bias field.

    ``iterations`` is the maximum per fitting level: one count repeated for
    ``fitting_levels`` levels (4 when None), or a list with one count per level.
    ``spline_distance_mm`` sets the B-spline control-point spacing (SimpleITK's default
    mesh of 4 control points per axis when None). Returns the Float32 corrected image,
    and the bias field too when ``return_field``.
    """
    if shrink_factor < 1 or int(shrink_factor) != shrink_factor:
        raise SettingsError(f"shrink_factor must be a whole number >= 1, got {shrink_factor}",
                            fix="use e.g. shrink_factor: 4")
    levels = _iterations_per_level(iterations, fitting_levels)
    image = sitk.Cast(image, sitk.sitkFloat32)
    values = sitk.GetArrayViewFromImage(image)
    if values.min() < 0:
        raise InputError("N4 needs non-negative intensities (it models a multiplicative field), "
                         f"the image minimum is {values.min():g}",
                         fix="run N4 on the raw MR image, before z-score normalisation")
    mask = otsu_body_mask(image) if mask is None else inside(mask)
    shrink = [int(shrink_factor)] * image.GetDimension()
    small_image = sitk.Shrink(image, shrink)
    small_mask = sitk.Shrink(mask, shrink)
    n4 = sitk.N4BiasFieldCorrectionImageFilter()
    n4.SetMaximumNumberOfIterations(levels)
    n4.SetConvergenceThreshold(float(convergence_threshold))
    if spline_distance_mm is not None:
        extent = np.array(image.GetSize()) * np.array(image.GetSpacing())
        n4.SetNumberOfControlPoints([max(int(np.ceil(e / spline_distance_mm)) + 3, 4) for e in extent])
    n4.Execute(small_image, small_mask)
    field = sitk.Exp(n4.GetLogBiasFieldAsImage(image))
    corrected = sitk.Cast(image / field, sitk.sitkFloat32)
    return (corrected, sitk.Cast(field, sitk.sitkFloat32)) if return_field else corrected
