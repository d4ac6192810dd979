"""Kaplan–Meier curves by risk group (Kaplan & Meier 1958), drawn as steps from the
estimates ``axilla.stats.kaplan_meier(...).table`` gives (columns ``strata, time, surv``
and optional ``lower, upper``, one row per event time); the log-rank p-value is an input.
Each curve starts at S(0) = 1, as every KM curve does by definition."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.plots._checks import paired_arrays, require_columns
from axilla.plots._style import axes_or_new, p_label, series_style, styled


@styled
def plot_kaplan_meier(curves: pd.DataFrame, logrank_p: float | None = None, ax=None,
                      time_label: str = "Time", survival_label: str = "Survival probability",
                      at_risk: pd.DataFrame | None = None):
    """Draw ``strata, time, surv`` (optional ``lower, upper`` shaded) as step curves.

    ``at_risk`` (``strata, time, n_risk``: ``kaplan_meier(..., times=...).at``) adds the
    numbers-at-risk table under the axis, one row per stratum, as journals print it.
    """
    require_columns(curves, ("strata", "time", "surv"), "Kaplan–Meier curves")
    ax = axes_or_new(ax, panel=(3.8, 3.0))
    for index, (group, part) in enumerate(curves.groupby("strata", sort=False)):
        part = part.sort_values("time")
        time, surv = paired_arrays(part["time"], part["surv"], f"KM curve '{group}'")
        time, surv = np.r_[0.0, time], np.r_[1.0, surv]
        style = series_style(index)
        ax.step(time, surv, where="post", color=style["color"], linestyle=style["linestyle"],
                label=str(group))
        if {"lower", "upper"} <= set(part.columns):
            ax.fill_between(time, np.r_[1.0, part["lower"]], np.r_[1.0, part["upper"]],
                            step="post", color=style["color"], alpha=0.12, linewidth=0)
    ax.set(ylim=(0, 1.02), xlabel=time_label, ylabel=survival_label)
    if logrank_p is not None:
        ax.text(0.04, 0.05, f"Log-rank {p_label(logrank_p)}", transform=ax.transAxes,
                fontsize=7)
    ax.legend(loc="lower right")
    if at_risk is not None:
        _numbers_at_risk(ax, at_risk)
    return ax.figure


def _numbers_at_risk(ax, at_risk: pd.DataFrame) -> None:
    require_columns(at_risk, ("strata", "time", "n_risk"), "numbers at risk")
    ax.text(0.0, -0.25, "No. at risk", transform=ax.transAxes, fontsize=7, fontweight="bold")
    for row, (group, part) in enumerate(at_risk.groupby("strata", sort=False), start=1):
        y = -0.25 - 0.08 * row
        ax.text(-0.02, y, str(group), transform=ax.transAxes, ha="right", fontsize=6.5)
        for time, n in zip(part["time"], part["n_risk"]):
            ax.text(time, y, f"{int(n)}", transform=ax.get_xaxis_transform(), ha="center",
                    fontsize=6.5)
