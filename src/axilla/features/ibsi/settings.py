"""Settings of the ``compat: ibsi`` pipeline, read from an Axilla / PyRadiomics params dict.

PyRadiomics keys under ``setting`` keep their meaning (``binWidth``, ``binCount``,
``resegmentRange``, ``resampledPixelSpacing``, ``interpolator``, ``force2D``, ``label``,
``gldm_a``, ``distances``); what PyRadiomics cannot express lives in an ``ibsi`` section,
validated here. IBSI 1 manual, chapter 2 ("Image processing") and 5 ("Reference data
sets") name the choices: interpolation, partial-volume threshold, re-segmentation range
and outlier filtering, discretisation, IVH discretisation and texture aggregation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from axilla._validation import check_known_keys
from axilla.errors import SettingsError

TEXTURE_DIMENSIONS = ("2D", "2.5D", "3D")
INTERPOLATION_ORDERS = {"sitkNearestNeighbor": 0, "sitkLinear": 1, "sitkBSpline": 3}

IBSI_KEYS = {
    "round_intensities": "round intensities to integers on loading and after interpolation (CT HU)",
    "partial_volume_threshold": "ROI fraction at which an interpolated voxel joins the ROI",
    "roi_interpolator": "interpolator of the ROI mask (sitkLinear or sitkNearestNeighbor)",
    "outlier_sigma": "remove ROI voxels outside mean +- k standard deviations",
    "texture_dimensions": "texture aggregations to compute: any of 2D, 2.5D, 3D",
    "ivh": "IVH discretisation: none, {binWidth: w} or {binCount: n}",
    "diagnostics": "also return the IBSI compliance diagnostics (image/ROI sizes and means)",
}
# PyRadiomics `setting` keys the IBSI pipeline reads; other PyRadiomics keys are ignored.
USED_SETTING_KEYS = ("label", "binWidth", "binCount", "resegmentRange", "resegmentMode",
                     "resampledPixelSpacing", "interpolator", "force2D", "force2Ddimension",
                     "gldm_a", "distances")


@dataclass(frozen=True)
class IbsiSettings:
    """Resolved choices of the IBSI pipeline (lengths in mm, axes in (z, y, x) order)."""

    label: int = 1
    bin_width: float | None = None
    bin_count: int | None = None
    reseg_range: tuple[float, float] | None = None
    outlier_sigma: float | None = None
    new_spacing: tuple[float | None, float | None, float | None] | None = None
    image_order: int = 1
    roi_order: int = 1
    partial_volume_threshold: float = 0.5
    round_intensities: bool = False
    texture_dimensions: tuple[str, ...] = ("3D",)
    ngldm_alpha: float = 0.0
    ivh_bin_width: float | None = None
    ivh_bin_count: int | None = None
    diagnostics: bool = False


def _positive(value, key: str, integer: bool = False):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
    if integer:
        ok = ok and float(value).is_integer()
    if not ok:
        kind = "a positive integer" if integer else "a float in (0, inf)"
        raise SettingsError(f"'{key}' must be {kind}, got {value!r}",
                            fix=f"set {key} to {kind}")
    return int(value) if integer else float(value)


def _order(name, key: str) -> int:
    if name not in INTERPOLATION_ORDERS:
        raise SettingsError(f"'{key}' must be one of {', '.join(INTERPOLATION_ORDERS)}, got {name!r}",
                            fix="sitkLinear = (tri)linear, sitkBSpline = cubic spline")
    return INTERPOLATION_ORDERS[name]


def _spacing(value) -> tuple[float | None, float | None, float | None]:
    """PyRadiomics ``resampledPixelSpacing`` (x, y, z; 0 keeps an axis) -> (z, y, x)."""
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        raise SettingsError(f"'resampledPixelSpacing' must be [x, y, z] in mm, got {value!r}",
                            fix="write e.g. [2, 2, 2]; a 0 keeps that axis' spacing")
    xyz = [None if v == 0 else _positive(v, "resampledPixelSpacing") for v in value]
    return xyz[2], xyz[1], xyz[0]


def _reseg_range(value) -> tuple[float, float]:
    if not isinstance(value, (list, tuple)) or len(value) not in (1, 2):
        raise SettingsError(f"'resegmentRange' must be [lower] or [lower, upper], got {value!r}",
                            fix="write e.g. [-500, 400]")
    low = float(value[0])
    high = float(value[1]) if len(value) == 2 else math.inf
    if not low < high:
        raise SettingsError(f"'resegmentRange' lower bound {low} is not below upper bound {high}",
                            fix="swap the bounds")
    return low, high


def _ivh(value) -> tuple[float | None, int | None]:
    if value in (None, "none"):
        return None, None
    if isinstance(value, dict) and len(value) == 1:
        check_known_keys(value, ("binWidth", "binCount"), "ibsi.ivh")
        if "binWidth" in value:
            return _positive(value["binWidth"], "ibsi.ivh.binWidth"), None
        return None, _positive(value["binCount"], "ibsi.ivh.binCount", integer=True)
    raise SettingsError(f"'ibsi.ivh' must be none, {{binWidth: w}} or {{binCount: n}}, got {value!r}",
                        fix="e.g. ivh: {binWidth: 2.5}")


def _dimensions(value) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else list(value)
    bad = [v for v in values if v not in TEXTURE_DIMENSIONS]
    if bad or not values:
        raise SettingsError(f"'ibsi.texture_dimensions' must list some of 2D, 2.5D, 3D, got {value!r}",
                            fix="e.g. texture_dimensions: [2D, 2.5D]")
    return tuple(v for v in TEXTURE_DIMENSIONS if v in values)


def load_params(settings) -> dict:
    """A settings dict from ``None``, a dict or a YAML params file path."""
    if settings is None:
        return {}
    if isinstance(settings, (str, Path)):
        import yaml
        path = Path(settings)
        if not path.is_file():
            raise SettingsError(f"params file {path} does not exist", file=str(path),
                                fix="give the path of a YAML params file")
        with path.open() as handle:
            loaded = yaml.safe_load(handle) or {}
        if not isinstance(loaded, dict):
            raise SettingsError("params file does not hold a mapping", file=str(path),
                                fix="write 'setting:' and 'ibsi:' sections")
        return loaded
    if isinstance(settings, dict):
        return settings
    raise SettingsError(f"settings must be a dict or a params file path, got {type(settings).__name__}",
                        fix="pass a dict of PyRadiomics keys or a YAML path")


def parse_ibsi_settings(settings=None) -> IbsiSettings:
    """Resolve a params dict (sections ``setting`` and ``ibsi``) or a YAML path."""
    params = load_params(settings)
    setting = dict(params.get("setting") or {})
    ibsi = dict(params.get("ibsi") or {})
    check_known_keys(ibsi, IBSI_KEYS, "the ibsi section")
    if "binWidth" in setting and "binCount" in setting:
        raise SettingsError("both binWidth and binCount are set",
                            fix="keep one: binWidth (fixed bin size) or binCount (fixed bin number)")
    mode = setting.get("resegmentMode", "absolute")
    if mode != "absolute":
        raise SettingsError(f"resegmentMode '{mode}' is not used in compat: ibsi",
                            fix="give resegmentRange in intensity units and, for mean +- k sd, "
                                "ibsi: {outlier_sigma: k}")
    if list(setting.get("distances", [1])) != [1]:
        raise SettingsError(f"distances {setting['distances']} is not supported in compat: ibsi",
                            fix="use distances: [1] (the IBSI reference distance)")
    if setting.get("force2D") and setting.get("force2Ddimension", 0) != 0:
        raise SettingsError("compat: ibsi computes 2D texture in axial slices only",
                            fix="set force2Ddimension: 0")
    bin_width = bin_count = None
    if "binCount" in setting:
        bin_count = _positive(setting["binCount"], "binCount", integer=True)
    else:
        bin_width = _positive(setting.get("binWidth", 25), "binWidth")
    default_dims = ("2D", "2.5D") if setting.get("force2D") else ("3D",)
    ivh_width, ivh_count = _ivh(ibsi.get("ivh"))
    sigma = ibsi.get("outlier_sigma")
    threshold = ibsi.get("partial_volume_threshold", 0.5)
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise SettingsError(f"'ibsi.partial_volume_threshold' must be in (0, 1], got {threshold!r}",
                            fix="IBSI uses 0.5")
    return IbsiSettings(
        label=int(setting.get("label", 1)),
        bin_width=bin_width,
        bin_count=bin_count,
        reseg_range=_reseg_range(setting["resegmentRange"]) if "resegmentRange" in setting else None,
        outlier_sigma=None if sigma is None else _positive(sigma, "ibsi.outlier_sigma"),
        new_spacing=_spacing(setting["resampledPixelSpacing"])
        if setting.get("resampledPixelSpacing") else None,
        image_order=_order(setting.get("interpolator", "sitkLinear"), "interpolator"),
        roi_order=_order(ibsi.get("roi_interpolator", "sitkLinear"), "ibsi.roi_interpolator"),
        partial_volume_threshold=float(threshold),
        round_intensities=bool(ibsi.get("round_intensities", False)),
        texture_dimensions=_dimensions(ibsi.get("texture_dimensions", default_dims)),
        ngldm_alpha=float(setting.get("gldm_a", 0)),
        ivh_bin_width=ivh_width,
        ivh_bin_count=ivh_count,
        diagnostics=bool(ibsi.get("diagnostics", False)),
    )
