"""ROC curves of several models on one cohort (Hanley & McNeil 1982; curves as pROC gives them)."""
from __future__ import annotations

from collections.abc import Mapping

from axilla.plots._checks import paired_arrays
from axilla.plots._style import LIGHT_GREY, axes_or_new, series_style, styled


@styled
def plot_roc(curves: Mapping[str, tuple], ax=None, title: str | None = None):
    """Draw ``{label: (fpr, tpr)}`` with the chance diagonal; returns the Figure.

    Labels are shown as given (put the AUC and its CI there); each model gets its own
    line style and marker, so the panel reads in greyscale. The legend sits under the
    axes, outside the plotting area, so it never hides a curve.
    """
    ax = axes_or_new(ax)
    ax.plot([0, 1], [0, 1], color=LIGHT_GREY, linestyle=":", linewidth=0.9, label="_chance")
    for index, (label, (fpr, tpr)) in enumerate(curves.items()):
        fpr, tpr = paired_arrays(fpr, tpr, f"ROC curve '{label}'")
        style = series_style(index)
        ax.plot(fpr, tpr, label=label, color=style["color"], linestyle=style["linestyle"],
                marker=style["marker"], markevery=max(1, fpr.size // 8), drawstyle="default")
    ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), aspect="equal",
           xlabel="1 − Specificity", ylabel="Sensitivity")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=1, frameon=False)
    return ax.figure
