"""First-order (intensity statistics and histogram) features.

Definitions: PyRadiomics docs "First Order Features" (``radiomics/firstorder.py``) and
IBSI 1 manual, sections "Intensity-based statistical features" and "Intensity histogram
features" (codes below). Statistics use the ROI intensities; Entropy and Uniformity use
the discretised grey levels. ``voxelArrayShift`` is added before squaring in Energy,
TotalEnergy and RootMeanSquared (PyRadiomics' setting, default 0).
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from axilla.features import _kernels
from axilla.features.registry import FeatureSpec

FEATURES = (
    FeatureSpec("firstorder", "Energy", "N8CA", ibsi_tag="stat_energy"),
    FeatureSpec("firstorder", "TotalEnergy"),
    FeatureSpec("firstorder", "Entropy", "TLU2", ibsi_tag="ih_entropy"),
    FeatureSpec("firstorder", "Minimum", "1GSF", ibsi_tag="stat_min"),
    FeatureSpec("firstorder", "10Percentile", "QG58", ibsi_tag="stat_p10"),
    FeatureSpec("firstorder", "90Percentile", "8DWT", ibsi_tag="stat_p90"),
    FeatureSpec("firstorder", "Maximum", "84IY", ibsi_tag="stat_max"),
    FeatureSpec("firstorder", "Mean", "Q4LE", ibsi_tag="stat_mean"),
    FeatureSpec("firstorder", "Median", "Y12H", ibsi_tag="stat_median"),
    FeatureSpec("firstorder", "InterquartileRange", "SALO", ibsi_tag="stat_iqr"),
    FeatureSpec("firstorder", "Range", "2OJQ", ibsi_tag="stat_range"),
    FeatureSpec("firstorder", "MeanAbsoluteDeviation", "4FUA", ibsi_tag="stat_mad"),
    FeatureSpec("firstorder", "RobustMeanAbsoluteDeviation", "1128", ibsi_tag="stat_rmad"),
    FeatureSpec("firstorder", "RootMeanSquared", "5ZWQ", ibsi_tag="stat_rms"),
    FeatureSpec("firstorder", "StandardDeviation", default=False),
    FeatureSpec("firstorder", "Skewness", "KE2A", ibsi_tag="stat_skew"),
    FeatureSpec("firstorder", "Kurtosis", "IPH6", ibsi_tag="stat_kurt"),
    FeatureSpec("firstorder", "Variance", "ECT3", ibsi_tag="stat_var"),
    FeatureSpec("firstorder", "Uniformity", "BJ5W", ibsi_tag="ih_uniformity"),
)


#: first_order's outputs, in kernels.h's FO_ order
_STATISTICS = ("Energy", "Minimum", "10Percentile", "25Percentile", "75Percentile",
               "90Percentile", "Maximum", "Mean", "Median", "MeanAbsoluteDeviation",
               "RobustMeanAbsoluteDeviation", "RootMeanSquared", "Variance", "Skewness",
               "Kurtosis")


def _statistics(x: np.ndarray, shift: float) -> dict[str, float]:
    """The intensity statistics of ``x`` (C kernel, csrc/firstorder.c), each equal to the
    numpy expression PyRadiomics uses: Energy ``sum((x + shift)^2)``; P10..P90 and Median
    ``numpy.percentile``/``median`` (linear); mean absolute deviations about the mean (IBSI
    4FUA) and, for the voxels within [P10, P90], about theirs (IBSI 1128); RMS
    ``sqrt(Energy / n)``; Variance, Skewness ``m3 / m2^1.5`` and Kurtosis ``m4 / m2^2``
    about the mean (0 for a flat ROI, where PyRadiomics sets m2 = 1)."""
    out = np.empty(len(_STATISTICS))
    _kernels.first_order(x, np.sort(x), float(shift), out)
    return dict(zip(_STATISTICS, out.tolist()))


def compute(image: np.ndarray, grey: np.ndarray, mask: np.ndarray,
            spacing_zyx, settings: Mapping) -> dict[str, float]:
    """Every first-order feature of the ROI ``mask`` (arrays cropped to one box)."""
    values = _statistics(image[mask].astype(np.float64), settings.get("voxelArrayShift") or 0)
    counts = np.bincount(grey[mask])
    counts = counts[counts > 0]   # the levels present, ascending
    p = counts / counts.sum()
    return {
        "Energy": values["Energy"],
        "TotalEnergy": values["Energy"] * float(np.prod(spacing_zyx)),
        "Entropy": float(-np.sum(p * np.log2(p + np.spacing(1)))),
        "Minimum": values["Minimum"],
        "10Percentile": values["10Percentile"],
        "90Percentile": values["90Percentile"],
        "Maximum": values["Maximum"],
        "Mean": values["Mean"],
        "Median": values["Median"],
        "InterquartileRange": values["75Percentile"] - values["25Percentile"],
        "Range": values["Maximum"] - values["Minimum"],
        "MeanAbsoluteDeviation": values["MeanAbsoluteDeviation"],
        "RobustMeanAbsoluteDeviation": values["RobustMeanAbsoluteDeviation"],
        "RootMeanSquared": values["RootMeanSquared"],
        "StandardDeviation": math.sqrt(values["Variance"]),
        "Skewness": values["Skewness"],
        "Kurtosis": values["Kurtosis"],
        "Variance": values["Variance"],
        "Uniformity": float(np.sum(p ** 2)),
    }
