"""``extract(image, mask, settings)``: every enabled feature of one image and ROI.

The order of work is PyRadiomics' ``RadiomicsFeatureExtractor.execute``: read and check
the mask, normalise, resample (or pre-crop), align the mask, resegment, shape features
on the ROI, then for each image type each filtered image, one at a time, cut to the ROI
box, discretised once and handed to first order and every texture family. Names and
order of the result follow PyRadiomics (``original_shape_Elongation``, ...).
"""
from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterator, Mapping

import numpy as np
import SimpleITK as sitk

from axilla.errors import AxillaError, InputError, SettingsError
from axilla.features import firstorder, imageops
from axilla.features.discretize import discretize
from axilla.features.filters import IMAGE_TYPES
from axilla.features.filters.roi_window import Window
from axilla.features.matrices.roi import texture_roi
from axilla.features.names import (INTENSITY_FAMILIES, enabled_features, family_module,
                                   feature_name)
from axilla.features.settings import ExtractionParams, load_params

logger = logging.getLogger(__name__)


def extract(image, mask, settings=None, *, label: int | None = None) -> dict[str, float]:
    """Features of ``image`` inside ``mask`` (paths or SimpleITK images).

    settings: a dict of PyRadiomics keys (a whole parameter file or its ``setting``
    block), an :class:`ExtractionParams`, a params-file path, or ``None`` for defaults.
    label: overrides the ``label`` setting. Returns ``{name: value}`` in PyRadiomics'
    order; with ``additionalInfo: true`` numeric ``diagnostics_*`` entries come first.
    """
    params = load_params(settings)
    if label is not None:
        params = params.with_setting(label=label)
    if params.setting["compat"] == "ibsi":
        return _extract_ibsi(image, mask, params)
    image, image_file = imageops.read_image(image, "image")
    mask, mask_file = imageops.read_image(mask, "mask")
    try:
        return _extract(image, mask, params, mask_file)
    except AxillaError as exc:
        raise exc.with_context(file=mask_file or image_file) from None


def _extract_ibsi(image, mask, params: ExtractionParams) -> dict[str, float]:
    """``compat: ibsi``: the IBSI pipeline reads the parameter file as given."""
    try:
        from axilla.features.ibsi import extract_ibsi
    except ImportError:
        raise SettingsError("compat: ibsi needs axilla.features.ibsi.extract_ibsi, which is"
                            " not in this build", fix="use compat: pyradiomics") from None
    return extract_ibsi(image, mask, params.source)


def prepare(image: sitk.Image, mask: sitk.Image, setting: Mapping,
            file: str | None = None) -> tuple[sitk.Image, sitk.Image]:
    """Image and label mask on one grid, after normalisation and resampling/pre-crop."""
    mask = imageops.select_label_image(mask, setting["label"], setting["label_channel"] or 0,
                                       file)
    if setting["normalize"]:
        image = imageops.normalize_image(image, setting["normalizeScale"],
                                         setting["removeOutliers"])
    if setting["interpolator"] is not None and setting["resampledPixelSpacing"] is not None:
        return imageops.resample(image, mask, setting, file)
    mask = imageops.align_mask(image, mask, setting, file)
    if setting["preCrop"]:
        low, high = imageops.check_roi(_roi(mask, setting), setting, file)
        pad = setting["padDistance"]
        return (imageops.crop_image(image, low, high, pad),
                imageops.crop_image(mask, low, high, pad))
    return image, mask


def _roi(mask: sitk.Image, setting: Mapping) -> np.ndarray:
    return _as_3d(sitk.GetArrayViewFromImage(mask)) == setting["label"]


def _as_3d(array: np.ndarray) -> np.ndarray:
    return array[None] if array.ndim == 2 else array


def _spacing_zyx(image: sitk.Image) -> tuple[float, ...]:
    spacing = tuple(image.GetSpacing()[::-1])
    return (1.0, *spacing) if len(spacing) == 2 else spacing


def _box(low, high) -> tuple[slice, ...]:
    return tuple(slice(a, b + 1) for a, b in zip(low, high))


def _extract(image: sitk.Image, mask: sitk.Image, params: ExtractionParams,
             file: str | None) -> dict[str, float]:
    setting = params.setting
    out: dict[str, float] = {}
    if setting["additionalInfo"]:
        out.update(_image_diagnostics(image))
    image, mask = prepare(image, mask, setting, file)
    roi = _roi(mask, setting)
    shape_box = imageops.check_roi(roi, setting, file)
    if setting["additionalInfo"]:
        out.update(_mask_diagnostics(roi))
    texture_roi, texture_box = roi, shape_box
    if setting["resegmentRange"] is not None:
        texture_roi = imageops.resegment(_as_3d(sitk.GetArrayViewFromImage(image)), roi,
                                         setting, file)
        texture_box = imageops.check_roi(texture_roi, setting, file)
        if setting["resegmentShape"]:
            roi, shape_box = texture_roi, texture_box
        if setting["additionalInfo"]:
            out["diagnostics_Mask-resegmented_VoxelNum"] = float(texture_roi.sum())
    spacing = _spacing_zyx(image)
    out.update(_shape_features(roi[_box(*shape_box)], spacing, params, image.GetDimension()))
    families = [f for f in params.feature_classes if f in INTENSITY_FAMILIES]
    if not families:
        return out
    box = _box(*texture_box)
    texture_mask = texture_roi[box]
    texture_mask_image = (mask if setting["resegmentRange"] is None
                          else _mask_image(texture_roi, mask, setting["label"]))
    for image_type, custom in params.image_types.items():
        type_setting = params.for_image_type(image_type)
        for prefix, window in _filtered_images(image_type, image, texture_mask_image,
                                               setting, custom):
            values = _values_in_box(window, box)
            out.update(_intensity_features(prefix, values, texture_mask, spacing, families,
                                           params, type_setting))
    return out


def _values_in_box(window: Window, box: tuple[slice, ...]) -> np.ndarray:
    """Voxels of a filter's ``window`` in the image's array ``box`` (z, y, x), a view in the
    filter's own dtype: float32 stays float32 so bin edges match PyRadiomics."""
    start = (0,) * (3 - len(window.start)) + tuple(window.start)
    values = _as_3d(window.values)
    if any(b.start < s or b.stop - s > n for b, s, n in zip(box, start, values.shape)):
        raise InputError(f"a filtered image (array index {start}, shape {values.shape})"
                         f" does not cover the ROI box {[(b.start, b.stop - 1) for b in box]}",
                         fix="report this: the filter returned too small a window")
    return values[tuple(slice(b.start - s, b.stop - s) for b, s in zip(box, start))]


def _mask_image(roi: np.ndarray, like: sitk.Image, label: int) -> sitk.Image:
    """``roi`` as a UInt32 image of ``label`` on the grid of ``like``."""
    array = (roi.astype(np.uint32) * label).reshape(sitk.GetArrayViewFromImage(like).shape)
    out = sitk.GetImageFromArray(array)
    out.CopyInformation(like)
    return out


def _shape_features(roi: np.ndarray, spacing, params: ExtractionParams, dim: int
                    ) -> dict[str, float]:
    out = {}
    for family in ("shape", "shape2D"):
        if family not in params.feature_classes:
            continue
        if family == "shape" and dim == 2:
            logger.warning("shape (3D) features skipped for a 2D image; use shape2D")
            continue
        module = family_module(family)
        if family == "shape":
            values = module.compute(roi, spacing)
        else:
            values = module.compute(roi, spacing, params.setting if dim == 3 else
                                    {**params.setting, "force2D": True, "force2Ddimension": 0})
        out.update(_pick("original", family, values, params.feature_classes[family]))
    return out


def _pick(prefix: str, family: str, values: Mapping, requested) -> dict[str, float]:
    """The enabled features of ``values``, named and in PyRadiomics' order."""
    out = {}
    for feature, name in _enabled(prefix, family, None if not requested else tuple(requested)):
        if feature not in values:
            raise SettingsError(f"feature {family} {feature} was not computed",
                                fix=f"remove {feature} from featureClass {family}")
        value = float(values[feature])
        if not math.isfinite(value):
            raise InputError(f"{name} is {value}: undefined "
                             "for this ROI (PyRadiomics gives NaN too, e.g. texture of isolated "
                             "voxels with no neighbour pairs) or NaN/inf voxels in the image",
                             fix="check the ROI and the image, or leave this feature class out")
        out[name] = value
    return out


@functools.lru_cache(maxsize=1024)
def _enabled(prefix: str, family: str, requested: tuple[str, ...] | None
             ) -> tuple[tuple[str, str], ...]:
    """(feature, full name) of ``enabled_features``, sorted and named once per image type,
    family and request, not once per image."""
    return tuple((feature, feature_name(prefix, family, feature))
                 for feature in enabled_features(family, requested))


def _filtered_images(image_type: str, image: sitk.Image, mask: sitk.Image,
                     setting: Mapping, custom: Mapping) -> Iterator[tuple[str, Window]]:
    """(prefix, window) pairs of one image type, from ``axilla.features.filters``."""
    if image_type not in IMAGE_TYPES:
        raise SettingsError(f"image type {image_type} is not available in this build",
                            fix=f"remove {image_type} from imageType")
    return IMAGE_TYPES[image_type](image, mask, setting, **custom)


def _intensity_features(prefix: str, values: np.ndarray, mask: np.ndarray, spacing,
                        families: list[str], params: ExtractionParams,
                        setting: Mapping) -> dict[str, float]:
    """First order and texture features of one (filtered) image cut to the ROI box."""
    roi_values = values[mask]
    if not np.all(np.isfinite(roi_values)):
        raise InputError(f"the {prefix} image has {int(np.sum(~np.isfinite(roi_values)))}"
                         f" NaN/inf voxel(s) inside the ROI",
                         fix="fix the image or exclude those voxels from the mask")
    grey, _ = discretize(values, mask, setting["binWidth"], setting["binCount"])
    out = {}
    shared_roi = None  # one cropped, ranked ROI for every texture family of this image
    for family in families:
        if family == "firstorder":
            computed = firstorder.compute(values, grey, mask, spacing, setting)
        else:
            if shared_roi is None:
                shared_roi = texture_roi(grey, mask, setting)
            computed = family_module(family).compute_roi(shared_roi, spacing, setting)
        out.update(_pick(prefix, family, computed, params.feature_classes[family]))
    return out


def _image_diagnostics(image: sitk.Image) -> dict[str, float]:
    """Numeric provenance of the input image (PyRadiomics ``generalinfo``)."""
    values = sitk.GetArrayViewFromImage(image)
    return {"diagnostics_Image-original_Mean": float(np.mean(values)),
            "diagnostics_Image-original_Minimum": float(np.min(values)),
            "diagnostics_Image-original_Maximum": float(np.max(values))}


def _mask_diagnostics(roi: np.ndarray) -> dict[str, float]:
    """ROI size and number of 26-connected parts, on the prepared grid."""
    from scipy import ndimage
    _, parts = ndimage.label(roi, structure=np.ones((3, 3, 3)))
    return {"diagnostics_Mask-original_VoxelNum": float(roi.sum()),
            "diagnostics_Mask-original_VolumeNum": float(parts)}
