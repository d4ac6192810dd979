"""Intensity-based statistical features, IBSI 1 manual section 3.3.

IBSI definitions where PyRadiomics' firstorder differs: kurtosis is excess kurtosis (minus
3), variance and skewness use the population moments, the robust mean absolute deviation
uses the values between the 10th and 90th percentiles (inclusive), the median absolute
deviation is the mean distance to the median. Percentiles interpolate linearly (numpy).
For equal intensities skewness and kurtosis are 0; the coefficient of variation (mean 0)
and the quartile coefficient (p25 + p75 = 0) are undefined and NaN. The same statistics
of the discretised intensities are the intensity-histogram features
of section 3.4.
"""
from __future__ import annotations

import numpy as np


def distribution_statistics(values: np.ndarray) -> dict[str, float]:
    """Moments, percentiles and dispersion of ``values`` (tag bases without the prefix)."""
    x = values.astype(np.float64)
    mean = x.mean()
    centred = x - mean
    var = float((centred**2).mean())
    p10, p25, median, p75, p90 = np.percentile(x, [10, 25, 50, 75, 90])
    robust = x[(x >= p10) & (x <= p90)]
    return {
        "mean": float(mean),
        "var": var,
        "skew": float((centred**3).mean() / var**1.5) if var > 0 else 0.0,
        "kurt": float((centred**4).mean() / var**2 - 3) if var > 0 else 0.0,
        "median": float(median),
        "min": float(x.min()),
        "p10": float(p10),
        "p90": float(p90),
        "max": float(x.max()),
        "iqr": float(p75 - p25),
        "range": float(x.max() - x.min()),
        "mad": float(np.abs(centred).mean()),
        "rmad": float(np.abs(robust - robust.mean()).mean()),
        "medad": float(np.abs(x - median).mean()),
        "cov": float(np.sqrt(var) / mean) if mean != 0 else float("nan"),
        "qcod": float((p75 - p25) / (p75 + p25)) if p75 + p25 != 0 else float("nan"),
    }


def intensity_statistics(values: np.ndarray) -> dict[str, float]:
    """``stat_*``: the distribution statistics plus energy and root mean square."""
    x = values.astype(np.float64)
    features = {f"stat_{k}": v for k, v in distribution_statistics(x).items()}
    features["stat_energy"] = float((x**2).sum())
    features["stat_rms"] = float(np.sqrt((x**2).mean()))
    return features
