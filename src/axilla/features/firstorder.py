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


def _robust_mad(x: np.ndarray, p10: float, p90: float) -> float:
    """Mean absolute deviation of the voxels within [P10, P90] (IBSI 1128)."""
    kept = x[(x >= p10) & (x <= p90)]
    return float(np.mean(np.abs(kept - kept.mean())))


def compute(image: np.ndarray, grey: np.ndarray, mask: np.ndarray,
            spacing_zyx, settings: Mapping) -> dict[str, float]:
    """Every first-order feature of the ROI ``mask`` (arrays cropped to one box)."""
    x = image[mask].astype(np.float64)
    shift = settings.get("voxelArrayShift") or 0
    _, counts = np.unique(grey[mask], return_counts=True)
    p = counts / counts.sum()
    energy = float(np.sum((x + shift) ** 2))
    p10, p25, p75, p90 = np.percentile(x, [10, 25, 75, 90])
    mean, variance, skewness, kurtosis = _moments(x)
    return {
        "Energy": energy,
        "TotalEnergy": energy * float(np.prod(spacing_zyx)),
        "Entropy": float(-np.sum(p * np.log2(p + np.spacing(1)))),
        "Minimum": float(x.min()),
        "10Percentile": float(p10),
        "90Percentile": float(p90),
        "Maximum": float(x.max()),
        "Mean": mean,
        "Median": float(np.median(x)),
        "InterquartileRange": float(p75 - p25),
        "Range": float(x.max() - x.min()),
        "MeanAbsoluteDeviation": float(np.mean(np.abs(x - mean))),
        "RobustMeanAbsoluteDeviation": _robust_mad(x, p10, p90),
        "RootMeanSquared": float(np.sqrt(energy / x.size)),
        "StandardDeviation": float(np.sqrt(variance)),
        "Skewness": skewness,
        "Kurtosis": kurtosis,
        "Variance": variance,
        "Uniformity": float(np.sum(p ** 2)),
    }
