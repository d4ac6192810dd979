"""Forest plot of subgroup AUCs with 95% confidence intervals (as in subgroup analyses of
ALN radiomics studies; CIs are inputs, e.g. DeLong, from axilla.stats)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.plots._checks import require_columns
from axilla.plots._style import INK, LIGHT_GREY, axes_or_new, styled

COLUMNS = ("factor", "level", "n", "auc", "lower", "upper")


@styled
def plot_forest(table: pd.DataFrame, reference: float | None = None, ax=None):
    """One row per (factor, level): AUC square, CI whisker, ``n`` written beside it.

    ``reference`` (e.g. the overall AUC) is drawn as a dashed line; 0.5 as a dotted one.
    """
    require_columns(table, COLUMNS, "subgroup forest plot")
    rows = table.reset_index(drop=True)
    ax = axes_or_new(ax, panel=(5.0, 0.6 + 0.24 * len(rows)))
    y = np.arange(len(rows))[::-1]
    ax.hlines(y, rows["lower"], rows["upper"], color=INK, linewidth=1.0)
    ax.plot(rows["auc"], y, linestyle="none", marker="s", color=INK, markersize=4)
    ax.axvline(0.5, color=LIGHT_GREY, linestyle=":", linewidth=0.9)
    if reference is not None:
        ax.axvline(reference, color=INK, linestyle="--", linewidth=0.7)
    labels = [f"{r.factor}: {r.level}" for r in rows.itertuples()]
    ax.set_yticks(y, labels, fontsize=6.5)
    for yy, r in zip(y, rows.itertuples()):
        ax.text(1.02, yy, f"n={int(r.n)}  {r.auc:.2f} ({r.lower:.2f}–{r.upper:.2f})",
                transform=ax.get_yaxis_transform(), va="center", fontsize=6)
    ax.set(xlim=(min(0.3, rows["lower"].min() - 0.02), 1.0), xlabel="AUC (95% CI)",
           ylim=(-0.7, len(rows) - 0.3))
    return ax.figure
