"""Intensity-volume histogram features (``ivh_*``), IBSI 1 manual section 3.5.

On a grid of intensities i from X_min to X_max with step w: volume fraction
nu(i) = fraction of ROI voxels with intensity >= i; intensity fraction
gamma(i) = (i - X_min) / (X_max - X_min). V_x = nu at the first i with gamma >= x;
I_x = the smallest i with nu(i) <= x (one step above X_max when there is none).
Intensities are used as they are when discrete (step 1, X_min/X_max = re-segmentation
range or else ROI range), as bin centres for a fixed bin size w (bins from the range's
lower bound up to the bin holding its upper bound; X_min/X_max the first and last
centres), or as bin numbers 1..N over the ROI range for a fixed bin number ("arbitrary
intensity units").
"""
from __future__ import annotations

import math

import numpy as np

from axilla.errors import SettingsError
from axilla.features.discretize import discretize_ibsi


def ivh_grid(values: np.ndarray, reseg_range: tuple[float, float] | None,
             bin_width: float | None, bin_count: int | None
             ) -> tuple[np.ndarray, np.ndarray]:
    """(intensities to use, grid X_min..X_max) for the chosen IVH discretisation."""
    everywhere = np.ones(values.shape, bool)
    if bin_count is not None:
        bins = discretize_ibsi(values, everywhere, bin_count=bin_count)
        return bins.astype(np.float64), np.arange(1, bin_count + 1, dtype=np.float64)
    low, high = float(values.min()), float(values.max())
    if reseg_range is not None:
        low = reseg_range[0] if math.isfinite(reseg_range[0]) else low
        high = reseg_range[1] if math.isfinite(reseg_range[1]) else high
    if bin_width is not None:
        bins = discretize_ibsi(values, everywhere, bin_width=bin_width, lower_bound=low)
        n_bins = math.floor((high - low) / bin_width) + 1
        return low + (bins - 0.5) * bin_width, low + (np.arange(n_bins) + 0.5) * bin_width
    if not np.all(values == np.round(values)):
        raise SettingsError("the IVH needs discrete intensities but these are not integers",
                            fix="set ibsi: {ivh: {binWidth: w}} or {ivh: {binCount: n}}")
    return values, np.arange(math.floor(low), math.ceil(high) + 1, dtype=np.float64)


def intensity_volume(values: np.ndarray, grid: np.ndarray) -> dict[str, float]:
    """``ivh_v10, ivh_v90, ivh_i10, ivh_i90`` and their differences."""
    ordered = np.sort(values)
    volume = 1.0 - np.searchsorted(ordered, grid, side="left") / ordered.size
    span = grid[-1] - grid[0]
    fraction = (grid - grid[0]) / span if span > 0 else np.ones_like(grid)

    def v_at(x: float) -> float:
        return float(volume[np.argmax(fraction >= x)])

    def i_at(x: float) -> float:
        below = volume <= x
        step = grid[1] - grid[0] if grid.size > 1 else 1.0
        return float(grid[np.argmax(below)]) if below.any() else float(grid[-1] + step)

    features = {"ivh_v10": v_at(0.10), "ivh_v90": v_at(0.90), "ivh_i10": i_at(0.10),
                "ivh_i90": i_at(0.90)}
    features["ivh_diff_v10_v90"] = features["ivh_v10"] - features["ivh_v90"]
    features["ivh_diff_i10_i90"] = features["ivh_i10"] - features["ivh_i90"]
    return features
