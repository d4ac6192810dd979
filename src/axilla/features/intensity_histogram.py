"""Intensity histogram features (``ih_*``), IBSI 1 manual section 3.4.

Computed on the discretised grey levels 1..Ng of the intensity mask: the distribution
statistics of section 3.3, plus mode (the most frequent level; ties go to the level
closest to the mean), entropy (log2), uniformity, and the largest and smallest histogram
gradient H'(i) (central differences, one-sided at 1 and Ng) with the levels where they occur.
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.statistics import distribution_statistics


def intensity_histogram(levels: np.ndarray, n_levels: int) -> dict[str, float]:
    """``ih_*`` of the grey levels ``levels`` (1-based) with ``n_levels`` bins."""
    features = {f"ih_{k}": v for k, v in distribution_statistics(levels).items()}
    counts = np.bincount(levels.astype(np.int64), minlength=n_levels + 1)[1:].astype(np.float64)
    p = counts / counts.sum()
    grey = np.arange(1, n_levels + 1)
    modes = grey[counts == counts.max()]
    gradient = np.gradient(counts) if n_levels > 1 else np.zeros(1)
    nonzero = p[p > 0]
    features.update({
        "ih_mode": float(modes[np.argmin(np.abs(modes - features["ih_mean"]))]),
        "ih_entropy": float(-(nonzero * np.log2(nonzero)).sum()),
        "ih_uniformity": float((p**2).sum()),
        "ih_max_grad": float(gradient.max()),
        "ih_max_grad_g": float(grey[np.argmax(gradient)]),
        "ih_min_grad": float(gradient.min()),
        "ih_min_grad_g": float(grey[np.argmin(gradient)]),
    })
    return features
