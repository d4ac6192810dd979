"""Decision curve: net benefit against threshold probability (Vickers & Elkin 2006,
Med Decis Making 26:565), with the treat-all and treat-none references."""
from __future__ import annotations

import pandas as pd

from axilla.plots._checks import paired_arrays, require_columns
from axilla.plots._style import INK, LIGHT_GREY, axes_or_new, series_style, styled

REFERENCES = {"treat-all": {"color": LIGHT_GREY, "linestyle": "-", "linewidth": 1.6},
              "treat-none": {"color": INK, "linestyle": "-", "linewidth": 0.8}}


@styled
def plot_decision_curve(curves: pd.DataFrame, ax=None, title: str | None = None):
    """Draw a table of ``threshold, model, net_benefit`` (as ``axilla.stats.net_benefit``
    returns it); models named ``treat_all``/``treat-all`` and ``treat_none``/``treat-none``
    are drawn as references. The y axis stops a little below zero."""
    require_columns(curves, ("threshold", "model", "net_benefit"), "decision curve")
    ax = axes_or_new(ax, panel=(3.8, 3.0))
    index = 0
    for model, part in curves.groupby("model", sort=False):
        x, y = paired_arrays(part["threshold"], part["net_benefit"], f"decision curve '{model}'")
        reference = str(model).replace("_", "-")
        if reference in REFERENCES:
            ax.plot(x, y, label=reference.replace("-", " ").capitalize(), **REFERENCES[reference])
            continue
        style = series_style(index)
        ax.plot(x, y, label=model, color=style["color"], linestyle=style["linestyle"],
                linewidth=1.3)
        if {"lower", "upper"} <= set(part.columns):   # bootstrap band of net_benefit(n_boot=)
            ax.fill_between(x, part["lower"], part["upper"], color=style["color"], alpha=0.1,
                            linewidth=0)
        index += 1
    top = max(curves["net_benefit"].max(), 0.05)
    ax.set(xlim=(curves["threshold"].min(), curves["threshold"].max()),
           ylim=(-0.05 * top - 0.02, top * 1.08), xlabel="Threshold probability",
           ylabel="Net benefit")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right")
    return ax.figure
