"""Selected features and their coefficients (the rad-score weights) as a horizontal bar chart."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.errors import InputError
from axilla.plots._style import INK, axes_or_new, styled


@styled
def plot_coefficients(coefficients: pd.Series, ax=None):
    """Bars of ``{feature: coefficient}`` sorted by value; negative bars are hatched.

    Sign is carried by the bar's side of zero and by hatching, never by colour alone.
    """
    series = pd.Series(coefficients, dtype=float).sort_values()
    if series.empty or not np.isfinite(series.to_numpy()).all():
        raise InputError("coefficients are empty or not finite",
                         fix="pass the selected features' fitted coefficients")
    ax = axes_or_new(ax, panel=(4.2, max(1.6, 0.22 * series.size + 0.6)))
    positions = np.arange(series.size)
    negative = series.to_numpy() < 0
    ax.barh(positions[~negative], series[~negative], color="#4d4d4d", edgecolor=INK,
            linewidth=0.5, label="positive")
    ax.barh(positions[negative], series[negative], color="white", edgecolor=INK,
            hatch="////", linewidth=0.5, label="negative")
    ax.axvline(0, color=INK, linewidth=0.7)
    ax.set_yticks(positions, series.index, fontsize=6)
    ax.set_xlabel("Coefficient")
    return ax.figure
