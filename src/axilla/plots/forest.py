"""Forest plot of subgroup AUCs with 95% confidence intervals (as in subgroup analyses of
ALN radiomics studies; CIs are inputs, e.g. DeLong, from axilla.stats)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.plots._checks import require_columns
from axilla.plots._style import INK, LIGHT_GREY, axes_or_new, styled

COLUMNS = ("factor", "level", "n", "auc", "lower", "upper")


@styled
def plot_forest(table: pd.DataFrame, reference: float | None = None, ax=None,
                title: str | None = None):
    """One row per (factor, level): AUC square, CI whisker, ``n`` written beside it;
    ``title`` names what the AUCs are of (the model and the cohort).

    ``reference`` (e.g. the overall AUC) is drawn as a dashed line; 0.5 as a dotted one.
    A level without an AUC (``axilla.stats.subgroup_auc`` leaves it empty for too few
    patients or one class) gets no square, and its ``note`` is written instead.
    """
    require_columns(table, COLUMNS, "subgroup forest plot")
    rows = table.reset_index(drop=True)
    for column in ("auc", "lower", "upper"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce")
    ax = axes_or_new(ax, panel=(5.0, 0.6 + 0.24 * len(rows)))
    y = np.arange(len(rows))[::-1]
    has_auc = rows["auc"].notna().to_numpy()
    ax.hlines(y[has_auc], rows["lower"][has_auc], rows["upper"][has_auc], color=INK, linewidth=1.0)
    ax.plot(rows["auc"][has_auc], y[has_auc], linestyle="none", marker="s", color=INK,
            markersize=4)
    ax.axvline(0.5, color=LIGHT_GREY, linestyle=":", linewidth=0.9)
    if reference is not None:
        ax.axvline(reference, color=INK, linestyle="--", linewidth=0.7)
    labels = [f"{r.factor}: {r.level}" for r in rows.itertuples()]
    ax.set_yticks(y, labels, fontsize=6.5)
    for yy, r in zip(y, rows.itertuples()):
        summary = (f"{r.auc:.2f} ({r.lower:.2f}–{r.upper:.2f})" if pd.notna(r.auc)
                   else getattr(r, "note", "") or "no AUC")
        ax.text(1.02, yy, f"n={int(r.n)}  {summary}", transform=ax.get_yaxis_transform(),
                va="center", fontsize=6)
    ax.set(xlim=(min(0.3, rows["lower"].min(skipna=True) - 0.02), 1.0), xlabel="AUC (95% CI)",
           ylim=(-0.7, len(rows) - 0.3))
    if title:
        ax.set_title(title)
    return ax.figure
