"""The ``compat: ibsi`` pipeline: IBSI preprocessing, then every IBSI 1 feature family.

IBSI 1 manual, chapter 2 (processing order: interpolation with intensity rounding, ROI
interpolation with partial-volume threshold, re-segmentation, discretisation) and
chapter 3 (features). Morphology uses the morphological mask; everything else the
re-segmented intensity mask; the local intensity peaks use the whole image. In a 2D
configuration only the texture matrices are per slice (IBSI DHQ4).
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import SimpleITK as sitk

from axilla.errors import GeometryError, InputError
from axilla.features.discretize import discretize_ibsi
from axilla.features.gldzm import gldzm
from axilla.features.ibsi.cooccurrence import glcm
from axilla.features.ibsi.diagnostics import image_diagnostics, roi_diagnostics
from axilla.features.ibsi.grey_tone import ngtdm
from axilla.features.ibsi.grid import resample, resample_mask
from axilla.features.ibsi.resegmentation import intensity_mask, resegmentation_range
from axilla.features.ibsi.run_length import glrlm
from axilla.features.ibsi.settings import IbsiSettings, parse_ibsi_settings
from axilla.features.ibsi.size_zone import glszm
from axilla.features.ibsi.statistics import intensity_statistics
from axilla.features.ibsi.zones import find_zones
from axilla.features.imageops import read_image
from axilla.features.intensity_histogram import intensity_histogram
from axilla.features.intensity_volume import intensity_volume, ivh_grid
from axilla.features.local_intensity import local_intensity
from axilla.features.morphology import morphology
from axilla.features.ngldm import ngldm

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """Arrays after IBSI preprocessing, (z, y, x) order, spacing in mm; ``reseg_range`` is
    the re-segmentation range (user range intersected with mean +- k sd; None: neither)."""

    image: np.ndarray
    morph_roi: np.ndarray
    intensity_roi: np.ndarray
    spacing: tuple[float, float, float]
    reseg_range: tuple[float, float] | None
    diagnostics: dict[str, float]


def _check_grids(image: sitk.Image, mask: sitk.Image, image_file, mask_file) -> None:
    """Image and mask must be 3D and share one voxel grid (size, spacing, origin, axes)."""
    if image.GetDimension() != 3:
        raise InputError(f"compat: ibsi needs a 3D image, this one is {image.GetDimension()}D",
                         file=image_file, fix="use compat: pyradiomics (with force2D) for 2D images")
    spacing = np.asarray(image.GetSpacing())
    same = (image.GetSize() == mask.GetSize()
            and np.allclose(spacing, mask.GetSpacing(), rtol=1e-5)
            and np.allclose(image.GetOrigin(), mask.GetOrigin(), atol=1e-3 * spacing.min())
            and np.allclose(image.GetDirection(), mask.GetDirection(), atol=1e-5))
    if not same:
        raise GeometryError(f"mask grid (size {mask.GetSize()}, spacing {mask.GetSpacing()}, origin "
                            f"{mask.GetOrigin()}) differs from the image grid (size "
                            f"{image.GetSize()}, spacing {image.GetSpacing()}, origin "
                            f"{image.GetOrigin()})",
                            file=mask_file, fix="resample the mask onto the image grid")


def prepare(image, mask, settings: IbsiSettings) -> Prepared:
    """Load, interpolate and re-segment as the IBSI manual's chapter 2 prescribes."""
    image_itk, image_file = read_image(image, "image")
    mask_itk, mask_file = read_image(mask, "mask")
    _check_grids(image_itk, mask_itk, image_file, mask_file)
    spacing = tuple(float(s) for s in image_itk.GetSpacing()[::-1])
    array = sitk.GetArrayFromImage(image_itk).astype(np.float64)
    if settings.round_intensities:
        array = np.round(array)
    roi = sitk.GetArrayFromImage(mask_itk) == settings.label
    if not roi.any():
        raise InputError(f"the mask has no voxel with label {settings.label}", file=mask_file,
                         fix="set 'label' to the ROI's label value")
    diagnostics = {**image_diagnostics(array, spacing, "init_img"),
                   **roi_diagnostics(array, roi, roi, "init_roi")}
    if settings.new_spacing is not None:
        array, new_spacing = resample(array, spacing, settings.new_spacing, settings.image_order)
        roi = resample_mask(roi, spacing, settings.new_spacing, settings.roi_order,
                            settings.partial_volume_threshold)
        spacing = new_spacing
        if settings.round_intensities:
            array = np.round(array)
        if not roi.any():
            raise InputError("the ROI vanished on interpolation (smaller than one new voxel)",
                             fix="use a finer resampledPixelSpacing")
    bounds = resegmentation_range(array, roi, settings.reseg_range, settings.outlier_sigma)
    intensity_roi = intensity_mask(array, roi, bounds)
    diagnostics.update({**image_diagnostics(array, spacing, "interp_img"),
                        **roi_diagnostics(array, roi, roi, "interp_roi"),
                        **roi_diagnostics(array, intensity_roi, roi, "reseg_roi")})
    return Prepared(array, roi, intensity_roi, spacing, bounds, diagnostics)


def discretise(prepared: Prepared, settings: IbsiSettings) -> tuple[np.ndarray, int]:
    """Grey levels (0 outside the intensity mask) and the number of levels Ng.

    IBSI 1 manual, chapter "Image processing", section "Intensity discretisation" and its
    recommendations table: fixed bin size starts at "a user-set value as defined by the
    lower bound of the re-segmentation range" (``resegmentRange``; footnote 3), else
    "data-driven as defined by the minimum intensity in the ROI" (so a mean +- k sd bound,
    which differs per sample, does not move the bins); fixed bin number "uses the actual
    range of intensities in the analysed ROI (re-segmented or not), and not the
    re-segmentation range itself" (footnote 2). Ng is the bin number for FBN and the
    highest occupied bin for FBS.
    """
    lower = None
    if (settings.bin_count is None and settings.reseg_range is not None
            and math.isfinite(settings.reseg_range[0])):
        lower = settings.reseg_range[0]
    grey = discretize_ibsi(prepared.image, prepared.intensity_roi, bin_width=settings.bin_width,
                           bin_count=settings.bin_count, lower_bound=lower)
    n_levels = settings.bin_count or int(grey.max())
    return grey, n_levels


def texture(grey: np.ndarray, morph_roi: np.ndarray, n_levels: int, settings: IbsiSettings
            ) -> dict[str, float]:
    """All texture families for the aggregations in ``settings.texture_dimensions``.

    ``grey`` is 0 outside the intensity mask; GLDZM distances run to the edge of the
    morphological mask ``morph_roi`` (re-segmentation holes are not edges).
    """
    where = np.argwhere(morph_roi)
    box = tuple(slice(a, b + 1) for a, b in zip(where.min(axis=0), where.max(axis=0)))
    grey, morph_roi = grey[box], morph_roi[box]
    voxels = (grey > 0).sum(axis=(1, 2)).astype(np.float64)
    features: dict[str, float] = {}
    modes = []
    if {"2D", "2.5D"} & set(settings.texture_dimensions):
        modes.append(True)
    if "3D" in settings.texture_dimensions:
        modes.append(False)
    for by_slice in modes:
        zones = find_zones(grey, morph_roi, by_slice)
        features.update(glcm(grey, n_levels, voxels, by_slice))
        features.update(glrlm(grey, n_levels, voxels, by_slice))
        features.update(glszm(zones, n_levels, voxels, by_slice))
        features.update(gldzm(zones, n_levels, voxels, by_slice))
        features.update(ngtdm(grey, n_levels, voxels, by_slice))
        features.update(ngldm(grey, n_levels, voxels, by_slice, settings.ngldm_alpha))
    wanted = {"2D": ("_2D_avg", "_2D_comb", "_2D"), "2.5D": ("_2_5D_avg", "_2_5D_comb", "_2_5D"),
              "3D": ("_3D_avg", "_3D_comb", "_3D")}
    suffixes = tuple(s for d in settings.texture_dimensions for s in wanted[d])
    return {k: v for k, v in features.items() if k.endswith(suffixes)}


def extract_ibsi(image, mask, settings=None) -> dict[str, float]:
    """IBSI 1 features of ``image`` inside ``mask``, keyed by compliance-sheet tag.

    ``image``/``mask``: paths or SimpleITK images; ``settings``: a params dict (``setting``
    and ``ibsi`` sections), a YAML path or an :class:`IbsiSettings`. With
    ``ibsi: {diagnostics: true}`` the compliance diagnostics are included. Features the
    ROI leaves undefined (e.g. texture of a one-voxel ROI) are NaN and named in a warning.
    """
    resolved = settings if isinstance(settings, IbsiSettings) else parse_ibsi_settings(settings)
    prepared = prepare(image, mask, resolved)
    grey, n_levels = discretise(prepared, resolved)
    roi = prepared.intensity_roi
    values = prepared.image[roi]
    ivh = ivh_grid(values, prepared.reseg_range, resolved.ivh_bin_width, resolved.ivh_bin_count)
    features = {
        **morphology(prepared.image, prepared.morph_roi, roi, prepared.spacing),
        **local_intensity(prepared.image, roi, prepared.spacing),
        **intensity_statistics(values),
        **intensity_histogram(grey[roi], n_levels),
        **intensity_volume(*ivh),
        **texture(grey, prepared.morph_roi, n_levels, resolved),
    }
    undefined = sorted(k for k, v in features.items() if not math.isfinite(v))
    if undefined:
        log.warning("%d IBSI features are undefined for this ROI and set to NaN: %s",
                    len(undefined), ", ".join(undefined))
    if resolved.diagnostics:
        features.update(prepared.diagnostics)
    return features
