"""Rad-score figures: a waterfall per cohort and its distribution by outcome.

The waterfall (patients sorted by rad-score, bar shading by true outcome) and the
box plot with the between-group p-value are the two rad-score figures of the ALN
radiomics-nomogram papers (e.g. Huang et al. 2016, J Clin Oncol 34:2157). The p-value is
an input: the figure never tests anything.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from axilla.plots._checks import require_columns
from axilla.plots._style import INK, LIGHT_GREY, axes_or_new, p_label, styled

OUTCOME_LABELS = ("Negative", "Positive")


@styled
def plot_radscore_waterfall(scores: pd.DataFrame, cutoff: float = 0.0, ax=None,
                            title: str | None = None, labels=OUTCOME_LABELS):
    """Bars of ``score - cutoff`` per patient, sorted high to low; positives solid, negatives hatched."""
    require_columns(scores, ("score", "outcome"), "rad-score waterfall")
    ax = axes_or_new(ax, panel=(4.2, 2.6))
    ordered = scores.sort_values("score", ascending=False)
    heights = ordered["score"].to_numpy(dtype=float) - cutoff
    positive = ordered["outcome"].to_numpy().astype(bool)
    x = np.arange(heights.size)
    ax.bar(x[positive], heights[positive], width=0.85, color="#3a3a3a", edgecolor=INK,
           linewidth=0.2, label=labels[1])
    ax.bar(x[~positive], heights[~positive], width=0.85, color="white", edgecolor=INK,
           hatch="////", linewidth=0.2, label=labels[0])
    ax.axhline(0, color=INK, linewidth=0.6)
    ax.set(xticks=[], xlabel="Patients (sorted by rad-score)",
           ylabel="Rad-score" if cutoff == 0 else f"Rad-score − {cutoff:g}")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right")
    return ax.figure


def _spread(n: int, width: float = 0.28) -> np.ndarray:
    """Deterministic horizontal offsets for n points (no random jitter)."""
    if n <= 1:
        return np.zeros(n)
    return ((np.arange(n) * 7) % 11 / 10.0 - 0.5) * width


@styled
def plot_radscore_by_outcome(scores: pd.DataFrame, p_values: Mapping[str, float] | None = None,
                             ax=None, labels=OUTCOME_LABELS):
    """Box plots of the rad-score by outcome within each cohort, points overlaid, p annotated."""
    require_columns(scores, ("cohort", "score", "outcome"), "rad-score by outcome")
    cohorts = list(dict.fromkeys(scores["cohort"]))
    ax = axes_or_new(ax, panel=(1.6 + 1.3 * len(cohorts), 3.0))
    top = scores["score"].max()
    span = top - scores["score"].min() or 1.0
    for k, cohort in enumerate(cohorts):
        part = scores[scores["cohort"] == cohort]
        for outcome in (0, 1):
            values = np.sort(part.loc[part["outcome"].astype(int) == outcome, "score"].to_numpy(float))
            position = 3 * k + outcome
            if values.size == 0:
                continue
            ax.boxplot(values, positions=[position], widths=0.6, showfliers=False,
                       patch_artist=True, medianprops={"color": INK, "linewidth": 1.2},
                       boxprops={"facecolor": LIGHT_GREY if outcome else "white",
                                 "edgecolor": INK, "hatch": "" if outcome else "////"})
            ax.plot(position + _spread(values.size), values, linestyle="none",
                    marker="o" if outcome else "^", markersize=2.2, color=INK, alpha=0.7)
        if p_values and cohort in p_values:
            ax.plot([3 * k, 3 * k, 3 * k + 1, 3 * k + 1],
                    [top + 0.04 * span, top + 0.07 * span, top + 0.07 * span, top + 0.04 * span],
                    color=INK, linewidth=0.7)
            ax.text(3 * k + 0.5, top + 0.09 * span, p_label(p_values[cohort]),
                    ha="center", va="bottom", fontsize=7)
    ax.set_xticks([3 * k + o for k in range(len(cohorts)) for o in (0, 1)],
                  [labels[o] for _ in cohorts for o in (0, 1)], fontsize=6.5)
    for k, cohort in enumerate(cohorts):
        ax.text(3 * k + 0.5, -0.1, str(cohort), transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=7.5, fontweight="bold")
    ax.set_ylim(top=top + 0.2 * span)
    ax.set_ylabel("Rad-score")
    return ax.figure
