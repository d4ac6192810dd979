"""Intensity-volume histogram features (``ivh_*``), IBSI 1 manual section 3.5.

Chapter "Image features", section "Intensity-volume histogram features": the discretised
intensities X_d,gl are evaluated at intensities i of a total range G with interval w_d;
volume fraction nu(i) = fraction of ROI voxels with X_d,gl >= i; intensity fraction
gamma(i) = (i - min G) / (max G - min G). V_x = nu at the first i with gamma >= x;
I_x = the smallest i with nu(i) <= x (one step above the last i when there is none).
The three cases of the manual:

- discrete calibrated intensities (no IVH discretisation): X_d,gl = X_gl, w_d = 1,
  G = the re-segmentation range (upper bound max(X_gl) when it is half-open), else
  [min(X_gl), max(X_gl)]; i are the integers in G;
- continuous calibrated intensities (fixed bin size w): bins from X_min = the
  re-segmentation range's lower bound (else min(X_gl)), X_max = its upper bound (else
  max(X_gl)); X_d,gl = the bin centres X_min + (X_d - 0.5) w,
  G = [X_min + 0.5 w, X_max - 0.5 w], w_d = w;
- arbitrary intensity units (fixed bin number N): bins 1..N over [min(X_gl), max(X_gl)]
  (the re-segmentation range is not used), X_d,gl = X_d, G = [1, N], w_d = 1.
"""
from __future__ import annotations

import math

import numpy as np

from axilla.errors import SettingsError
from axilla.features.discretize import discretize_ibsi


def _range_bounds(values: np.ndarray, reseg_range: tuple[float, float] | None
                  ) -> tuple[float, float]:
    """The re-segmentation range with open ends closed by the ROI's own minimum / maximum."""
    low, high = float(values.min()), float(values.max())
    if reseg_range is not None:
        low = reseg_range[0] if math.isfinite(reseg_range[0]) else low
        high = reseg_range[1] if math.isfinite(reseg_range[1]) else high
    return low, high


def ivh_grid(values: np.ndarray, reseg_range: tuple[float, float] | None,
             bin_width: float | None, bin_count: int | None
             ) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """(X_d,gl, the intensities i evaluated, total range G) for the chosen IVH discretisation."""
    everywhere = np.ones(values.shape, bool)
    if bin_count is not None:
        bins = discretize_ibsi(values, everywhere, bin_count=bin_count)
        grid = np.arange(1, bin_count + 1, dtype=np.float64)
        return bins.astype(np.float64), grid, (1.0, float(bin_count))
    low, high = _range_bounds(values, reseg_range)
    if bin_width is not None:
        bins = discretize_ibsi(values, everywhere, bin_width=bin_width, lower_bound=low)
        total = (low + 0.5 * bin_width, max(high - 0.5 * bin_width, low + 0.5 * bin_width))
        return low + (bins - 0.5) * bin_width, _steps(total, bin_width), total
    if not np.all(values == np.round(values)):
        raise SettingsError("the IVH needs discrete intensities but these are not integers",
                            fix="set ibsi: {ivh: {binWidth: w}} or {ivh: {binCount: n}}")
    grid = np.arange(math.ceil(low), math.floor(high) + 1, dtype=np.float64)
    return values, grid, (low, high)


def _steps(total: tuple[float, float], step: float) -> np.ndarray:
    """min G, min G + step, ... up to max G (allowing float round-off at the end)."""
    count = math.floor((total[1] - total[0]) / step + 1e-9) + 1
    return total[0] + step * np.arange(count, dtype=np.float64)


def intensity_volume(values: np.ndarray, grid: np.ndarray, total_range: tuple[float, float]
                     ) -> dict[str, float]:
    """``ivh_v10, ivh_v90, ivh_i10, ivh_i90`` and their differences."""
    ordered = np.sort(values)
    volume = 1.0 - np.searchsorted(ordered, grid, side="left") / ordered.size
    span = total_range[1] - total_range[0]
    fraction = (grid - total_range[0]) / span if span > 0 else np.ones_like(grid)

    def v_at(x: float) -> float:
        reached = fraction >= x  # none: no intensity of G has that fraction, no volume
        return float(volume[np.argmax(reached)]) if reached.any() else 0.0

    def i_at(x: float) -> float:
        below = volume <= x
        step = grid[1] - grid[0] if grid.size > 1 else 1.0
        return float(grid[np.argmax(below)]) if below.any() else float(grid[-1] + step)

    features = {"ivh_v10": v_at(0.10), "ivh_v90": v_at(0.90), "ivh_i10": i_at(0.10),
                "ivh_i90": i_at(0.90)}
    features["ivh_diff_v10_v90"] = features["ivh_v10"] - features["ivh_v90"]
    features["ivh_diff_i10_i90"] = features["ivh_i10"] - features["ivh_i90"]
    return features
