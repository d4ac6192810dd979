"""Settings of the ``compat: ibsi`` pipeline, read from an Axilla / PyRadiomics params file.

The ``setting`` block is validated by the engine's schema (``axilla.features.settings``)
and its PyRadiomics keys keep their meaning (``binWidth``, ``binCount`` (wins when set),
``resegmentRange``, ``resampledPixelSpacing``, ``interpolator``, ``force2D``, ``label``,
``gldm_a``); what PyRadiomics cannot express lives in an ``ibsi`` section, validated here.
PyRadiomics settings the IBSI pipeline does not apply are refused rather than ignored.
IBSI 1 manual, chapter 2 ("Image processing") and the chapter "Reference data sets" name
the choices: interpolation, partial-volume threshold, re-segmentation range and outlier
filtering, discretisation, IVH discretisation and texture aggregation.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from axilla._validation import check_known_keys
from axilla.errors import SettingsError
from axilla.features.settings import ExtractionParams, load_params

log = logging.getLogger(__name__)

TEXTURE_DIMENSIONS = ("2D", "2.5D", "3D")
# spline order of each SimpleITK interpolator the IBSI pipeline offers (names and enum values)
INTERPOLATION_ORDERS = {"sitkNearestNeighbor": 0, "sitkLinear": 1, "sitkBSpline": 3,
                        1: 0, 2: 1, 3: 3}

IBSI_KEYS = {
    "round_intensities": "round intensities to integers on loading and after interpolation (CT HU)",
    "partial_volume_threshold": "ROI fraction at which an interpolated voxel joins the ROI",
    "roi_interpolator": "interpolator of the ROI mask (sitkLinear or sitkNearestNeighbor)",
    "outlier_sigma": "remove ROI voxels outside mean +- k standard deviations",
    "texture_dimensions": "texture aggregations to compute: any of 2D, 2.5D, 3D",
    "ivh": "IVH discretisation: none, {binWidth: w} or {binCount: n}",
    "diagnostics": "also return the IBSI compliance diagnostics (image/ROI sizes and means)",
}
# PyRadiomics settings that would change values but that the IBSI pipeline does not apply,
# with the value that is accepted.
NOT_APPLIED = {"normalize": False, "removeOutliers": None, "voxelArrayShift": 0,
               "symmetricalGLCM": True, "weightingNorm": None, "resegmentShape": False,
               "resegmentMode": "absolute", "distances": [1], "force2Ddimension": 0}


@dataclass(frozen=True)
class IbsiSettings:
    """Resolved choices of the IBSI pipeline (lengths in mm, axes in (z, y, x) order)."""

    label: int = 1
    bin_width: float | None = None
    bin_count: int | None = None
    reseg_range: tuple[float, float] | None = None
    outlier_sigma: float | None = None
    new_spacing: tuple[float | None, float | None, float | None] | None = None
    image_order: int = 3
    roi_order: int = 1
    partial_volume_threshold: float = 0.5
    round_intensities: bool = False
    texture_dimensions: tuple[str, ...] = ("3D",)
    ngldm_alpha: int = 0
    ivh_bin_width: float | None = None
    ivh_bin_count: int | None = None
    diagnostics: bool = False


def _positive(value, key: str, integer: bool = False):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    if integer:
        ok = ok and float(value).is_integer()
    if not ok:
        kind = "a positive int" if integer else "a float in (0, inf)"
        raise SettingsError(f"{key} must be {kind}. Got {value!r}", fix=f"set {key} to {kind}")
    return int(value) if integer else float(value)


def _order(name, key: str) -> int:
    if name not in INTERPOLATION_ORDERS:
        raise SettingsError(f"{key} {name!r} is not available in compat: ibsi",
                            fix="use sitkLinear ((tri)linear), sitkBSpline (cubic spline) or "
                                "sitkNearestNeighbor")
    return INTERPOLATION_ORDERS[name]


def _spacing(value) -> tuple[float | None, float | None, float | None]:
    """PyRadiomics ``resampledPixelSpacing`` (x, y, z; 0 keeps an axis) -> (z, y, x)."""
    if len(value) != 3:
        raise SettingsError(f"resampledPixelSpacing must be [x, y, z] in mm. Got {value!r}",
                            fix="write e.g. [2, 2, 2]; a 0 keeps that axis' spacing")
    return tuple(None if v == 0 else float(v) for v in value[::-1])


def _reseg_range(value) -> tuple[float, float]:
    low = float(value[0])
    high = float(value[1]) if len(value) == 2 else math.inf
    if not low < high:
        raise SettingsError(f"resegmentRange lower bound {low} is not below upper bound {high}",
                            fix="write [lower, upper]")
    return low, high


def _ivh(value) -> tuple[float | None, int | None]:
    if value in (None, "none"):
        return None, None
    if isinstance(value, dict) and len(value) == 1:
        check_known_keys(value, ("binWidth", "binCount"), "ibsi.ivh")
        if "binWidth" in value:
            return _positive(value["binWidth"], "ibsi.ivh.binWidth"), None
        return None, _positive(value["binCount"], "ibsi.ivh.binCount", integer=True)
    raise SettingsError(f"ibsi.ivh must be none, {{binWidth: w}} or {{binCount: n}}. Got {value!r}",
                        fix="e.g. ivh: {binWidth: 2.5}")


def _dimensions(value) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else list(value)
    if not values or any(v not in TEXTURE_DIMENSIONS for v in values):
        raise SettingsError(f"ibsi.texture_dimensions must list some of 2D, 2.5D, 3D. Got {value!r}",
                            fix="e.g. texture_dimensions: [2D, 2.5D]")
    return tuple(v for v in TEXTURE_DIMENSIONS if v in values)


def _refuse_unapplied(params: ExtractionParams) -> None:
    """Refuse PyRadiomics settings and image types the IBSI pipeline would not apply."""
    for key, accepted in NOT_APPLIED.items():
        if params.setting[key] != accepted:
            raise SettingsError(f"{key}: {params.setting[key]!r} is not applied in compat: ibsi",
                                fix=f"remove {key} (IBSI uses {accepted!r}) or use "
                                    "compat: pyradiomics")
    filtered = sorted(set(params.image_types) - {"Original"})
    if filtered:
        raise SettingsError(f"compat: ibsi computes IBSI 1 features of the original image only, "
                            f"not {', '.join(filtered)}",
                            fix="keep imageType: {Original: {}} or use compat: pyradiomics")
    if params.source.get("featureClass"):
        log.warning("compat: ibsi computes every IBSI family; featureClass is not used")


def parse_ibsi_settings(settings=None) -> IbsiSettings:
    """Resolve a params file (path, dict, ``setting`` block or ExtractionParams)."""
    params = load_params(settings)
    setting = params.setting
    ibsi = dict(params.source.get("ibsi") or {})
    check_known_keys(ibsi, IBSI_KEYS, "the ibsi section")
    _refuse_unapplied(params)
    default_dims = ("2D", "2.5D") if setting["force2D"] else ("3D",)
    ivh_width, ivh_count = _ivh(ibsi.get("ivh"))
    sigma = ibsi.get("outlier_sigma")
    threshold = ibsi.get("partial_volume_threshold", 0.5)
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise SettingsError(f"ibsi.partial_volume_threshold must be in (0, 1]. Got {threshold!r}",
                            fix="IBSI uses 0.5")
    spacing = setting["resampledPixelSpacing"]
    return IbsiSettings(
        label=setting["label"],
        bin_width=None if setting["binCount"] else float(setting["binWidth"]),
        bin_count=setting["binCount"],
        reseg_range=_reseg_range(setting["resegmentRange"]) if setting["resegmentRange"] else None,
        outlier_sigma=None if sigma is None else _positive(sigma, "ibsi.outlier_sigma"),
        new_spacing=_spacing(spacing) if spacing else None,
        image_order=_order(setting["interpolator"], "interpolator"),
        roi_order=_order(ibsi.get("roi_interpolator", "sitkLinear"), "ibsi.roi_interpolator"),
        partial_volume_threshold=float(threshold),
        round_intensities=bool(ibsi.get("round_intensities", False)),
        texture_dimensions=_dimensions(ibsi.get("texture_dimensions", default_dims)),
        ngldm_alpha=int(setting["gldm_a"]),
        ivh_bin_width=ivh_width,
        ivh_bin_count=ivh_count,
        diagnostics=bool(ibsi.get("diagnostics", False)),
    )
