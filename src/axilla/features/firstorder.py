"""First-order (intensity statistics and histogram) features.

Definitions: PyRadiomics docs "First Order Features" (``radiomics/firstorder.py``) and
IBSI 1 manual, sections "Intensity-based statistical features" and "Intensity histogram
features" (codes below). Statistics use the ROI intensities; Entropy and Uniformity use
the discretised grey levels. ``voxelArrayShift`` is added before squaring in Energy,
TotalEnergy and RootMeanSquared (PyRadiomics' setting, default 0).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

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


def _moments(x: np.ndarray) -> tuple[float, float, float, float]:
    """Mean, variance, skewness and kurtosis about the mean, in one pass over ``x``
    (PyRadiomics ``getSkewnessFeatureValue``/``getKurtosisFeatureValue``: m3 / m2^1.5 and
    m4 / m2^2; 0 for a flat ROI, where PyRadiomics sets m2 = 1). Powers are products:
    ``numpy`` raises to the third and fourth power through ``pow``, ten times slower."""
    mean = x.mean()
    centred = x - mean
    squared = centred * centred
    m2 = squared.mean()
    if m2 == 0:
        return float(mean), 0.0, 0.0, 0.0
    return (float(mean), float(m2), float((squared * centred).mean() / m2 ** 1.5),
            float((squared * squared).mean() / m2 ** 2.0))


#: the percentiles first order reports, as fractions (numpy computes ``q / 100``)
_QUANTILES = np.array([10.0, 25.0, 75.0, 90.0]) / 100


def _percentiles(ordered: np.ndarray) -> np.ndarray:
    """P10, P25, P75, P90 of the ascending ``ordered`` as ``numpy.percentile`` gives them
    (method "linear", PyRadiomics' ``np.nanpercentile``): the virtual index ``(n - 1) q``,
    and ``a + (b - a) g`` below ``g = 0.5``, ``b - (b - a)(1 - g)`` from it (numpy's
    ``_lerp``), here on a sorted copy, which the median and extremes share."""
    virtual = (len(ordered) - 1) * _QUANTILES
    below = np.floor(virtual).astype(np.intp)
    gamma = virtual - below
    low, high = ordered[below], ordered[np.minimum(below + 1, len(ordered) - 1)]
    step = high - low
    return np.where(gamma >= 0.5, high - step * (1 - gamma), low + step * gamma)


def _median(ordered: np.ndarray) -> float:
    """``numpy.median`` of the ascending ``ordered``: the middle value, or the mean of the
    two middle values."""
    half = len(ordered) // 2
    return float(ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2)


def _robust_mad(x: np.ndarray, p10: float, p90: float) -> float:
    """Mean absolute deviation of the voxels within [P10, P90] (IBSI 1128)."""
    kept = x[(x >= p10) & (x <= p90)]
    return float(np.mean(np.abs(kept - kept.mean())))


def compute(image: np.ndarray, grey: np.ndarray, mask: np.ndarray,
            spacing_zyx, settings: Mapping) -> dict[str, float]:
    """Every first-order feature of the ROI ``mask`` (arrays cropped to one box)."""
    x = image[mask].astype(np.float64)
    shift = settings.get("voxelArrayShift") or 0
    counts = np.bincount(grey[mask])
    counts = counts[counts > 0]   # the levels present, ascending
    p = counts / counts.sum()
    energy = float(np.sum((x + shift) ** 2))
    ordered = np.sort(x)
    p10, p25, p75, p90 = _percentiles(ordered)
    mean, variance, skewness, kurtosis = _moments(x)
    return {
        "Energy": energy,
        "TotalEnergy": energy * float(np.prod(spacing_zyx)),
        "Entropy": float(-np.sum(p * np.log2(p + np.spacing(1)))),
        "Minimum": float(ordered[0]),
        "10Percentile": float(p10),
        "90Percentile": float(p90),
        "Maximum": float(ordered[-1]),
        "Mean": mean,
        "Median": _median(ordered),
        "InterquartileRange": float(p75 - p25),
        "Range": float(ordered[-1] - ordered[0]),
        "MeanAbsoluteDeviation": float(np.mean(np.abs(x - mean))),
        "RobustMeanAbsoluteDeviation": _robust_mad(x, p10, p90),
        "RootMeanSquared": float(np.sqrt(energy / x.size)),
        "StandardDeviation": float(np.sqrt(variance)),
        "Skewness": skewness,
        "Kurtosis": kurtosis,
        "Variance": variance,
        "Uniformity": float(np.sum(p ** 2)),
    }
