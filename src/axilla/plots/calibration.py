"""Calibration curve as ``rms::plot.calibrate`` shows it: apparent, bias-corrected, ideal.

Harrell, Regression Modeling Strategies (2015) §10.11; Steyerberg, Clinical Prediction
Models (2019) ch. 15. The curve is duck-typed: ``predicted`` (grid of predicted
probabilities), ``apparent``, optional ``corrected``, and optional ``hl_p``, ``slope``,
``intercept`` written in the panel.
"""
from __future__ import annotations

from axilla.plots._checks import paired_arrays
from axilla.plots._style import INK, LIGHT_GREY, axes_or_new, p_label, styled


def _summary(curve) -> str:
    lines = []
    if getattr(curve, "slope", None) is not None:
        lines.append(f"Slope {curve.slope:.2f}")
    if getattr(curve, "intercept", None) is not None:
        lines.append(f"Intercept {curve.intercept:.2f}")
    if getattr(curve, "hl_p", None) is not None:
        lines.append(f"Hosmer–Lemeshow {p_label(curve.hl_p)}")
    return "\n".join(lines)


@styled
def plot_calibration(curve, ax=None, title: str | None = None):
    """One model on one cohort: ideal (grey dotted), apparent (dashed), bias-corrected (solid)."""
    ax = axes_or_new(ax)
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
        ax.text(0.97, 0.03, text, transform=ax.transAxes, ha="right", va="bottom", fontsize=6.5)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax.figure
