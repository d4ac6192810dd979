"""Calibration curve as ``rms::plot.calibrate`` and ``val.prob`` show it: apparent,
bias-corrected and ideal lines, grouped observed proportions with their confidence band,
and a spike histogram of the predicted risks along the bottom.

Harrell, Regression Modeling Strategies (2015) §10.11; Steyerberg, Clinical Prediction
Models (2019) ch. 15. The curve is duck-typed: ``predicted`` (grid of predicted
probabilities), ``apparent``, optional ``corrected``; optional ``groups`` (a table with
``predicted``, ``observed``, ``lower``, ``upper`` per risk group, e.g.
``axilla.stats.grouped_calibration``: Wilson 95% CIs), optional ``risks`` (each
patient's predicted probability); and optional ``hl_p``, ``slope``, ``intercept``
written in the panel (an ``hl_p`` of NaN reads "not defined").
"""
from __future__ import annotations

import numpy as np

from axilla.plots._checks import paired_arrays, require_columns
from axilla.plots._style import INK, LIGHT_GREY, MID_GREY, axes_or_new, p_label, styled

#: Gids of the artists a reader (and a test) looks for in the figure and its SVG.
BAND_GID, GROUPS_GID, RISKS_GID = "calibration-ci-band", "calibration-groups", "risk-histogram"
#: Height of the tallest histogram spike, as a fraction of the y axis, and its bins.
SPIKE_HEIGHT, SPIKE_BINS = 0.12, 50


def _summary(curve) -> str:
    lines = []
    if getattr(curve, "slope", None) is not None:
        lines.append(f"Slope {curve.slope:.2f}")
    if getattr(curve, "intercept", None) is not None:
        lines.append(f"Intercept {curve.intercept:.2f}")
    hl_p = getattr(curve, "hl_p", None)
    if hl_p is not None:   # NaN: the test is not defined (fewer than 3 risk groups)
        lines.append(f"Hosmer–Lemeshow {p_label(hl_p) if np.isfinite(hl_p) else 'not defined'}")
    return "\n".join(lines)


def _groups(ax, groups) -> None:
    """Observed proportion per risk group (open circles) inside its shaded CI band."""
    require_columns(groups, ("predicted", "observed", "lower", "upper"), "calibration groups")
    ordered = groups.sort_values("predicted")
    ax.fill_between(ordered["predicted"], ordered["lower"], ordered["upper"], color=LIGHT_GREY,
                    alpha=0.45, linewidth=0, label="95% CI (groups)", gid=BAND_GID)
    ax.plot(ordered["predicted"], ordered["observed"], linestyle="none", marker="o",
            markerfacecolor="white", markeredgecolor=INK, markersize=3.5,
            label="Observed (groups)", gid=GROUPS_GID)


def _risk_histogram(ax, risks) -> None:
    """rms ``val.prob``-style spikes: how many patients have each predicted risk."""
    risks = np.asarray(risks, dtype=float)
    counts, edges = np.histogram(risks[np.isfinite(risks)], bins=SPIKE_BINS, range=(0, 1))
    if not counts.any():
        return
    shown = counts > 0
    centres = (edges[:-1] + edges[1:]) / 2
    ax.vlines(centres[shown], 0, SPIKE_HEIGHT * counts[shown] / counts.max(), color=MID_GREY,
              linewidth=1.2, label="_risks", gid=RISKS_GID)


@styled
def plot_calibration(curve, ax=None, title: str | None = None):
    """One model on one cohort: ideal (grey dotted), apparent (dashed), bias-corrected
    (solid), grouped observed proportions with their CI band, and the risk histogram."""
    ax = axes_or_new(ax)
    if getattr(curve, "groups", None) is not None:
        _groups(ax, curve.groups)
    if getattr(curve, "risks", None) is not None:
        _risk_histogram(ax, curve.risks)
    ax.plot([0, 1], [0, 1], color=LIGHT_GREY, linestyle=":", linewidth=1.0, label="Ideal")
    predicted, apparent = paired_arrays(curve.predicted, curve.apparent, "calibration (apparent)")
    ax.plot(predicted, apparent, color=INK, linestyle="--", linewidth=1.1, label="Apparent")
    if getattr(curve, "corrected", None) is not None:
        predicted, corrected = paired_arrays(curve.predicted, curve.corrected,
                                             "calibration (bias-corrected)")
        ax.plot(predicted, corrected, color=INK, linestyle="-", linewidth=1.4,
                label="Bias-corrected")
    ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", xlabel="Predicted probability",
           ylabel="Observed probability")
    text = _summary(curve)
    if text:
        ax.text(0.97, SPIKE_HEIGHT + 0.03, text, transform=ax.transAxes, ha="right",
                va="bottom", fontsize=6.5)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize=6)
    return ax.figure
