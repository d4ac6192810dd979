"""The nomogram figure, laid out as ``rms::plot.nomogram`` draws it (Harrell, rms; Iasonos
et al. 2008, J Clin Oncol 26:1364).

Rows from top: ``Points`` (0–100), one axis per predictor with its values placed at their
points, ``Total Points``, then the risk axis. Everything is black on white; nothing is
carried by colour. The nomogram is duck-typed: ``axes`` (each with ``name``, ``values``,
``points`` and optionally ``label``, the human label drawn instead of the name),
``total_points`` (tick values) and ``risk_axis`` (pairs of total points and risk), the
shape of :class:`axilla.models.Nomogram`.
"""
from __future__ import annotations

import numpy as np

from axilla.errors import InputError
from axilla.plots._style import INK, new_figure, styled

ROW_GAP = 1.0
LABEL_LIFT = 0.12
TICK = 0.1
CROWDED = 5.0  # points: closer labels alternate above/below the line


def _value_text(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float, np.number)) else str(value)


def _draw_row(ax, y: float, name: str, xs, labels) -> None:
    """One axis: its name at the left, a line over its range, ticks and labels at ``xs``."""
    xs = np.asarray(xs, dtype=float)
    ax.text(-4, y, name, ha="right", va="center", fontsize=8, fontweight="bold")
    ax.plot([xs.min(), xs.max()], [y, y], color=INK, linewidth=0.9)
    order = np.argsort(xs)
    below = False
    previous = -np.inf
    for i in order:
        below = (not below) if xs[i] - previous < CROWDED else False
        previous = xs[i]
        ax.plot([xs[i], xs[i]], [y, y + (-TICK if below else TICK)], color=INK, linewidth=0.8)
        ax.text(xs[i], y - LABEL_LIFT - 0.02 if below else y + LABEL_LIFT, labels[i],
                ha="center", va="top" if below else "bottom", fontsize=6.5)


def _check(nomogram) -> None:
    for axis in nomogram.axes:
        if len(axis.values) != len(axis.points) or len(axis.values) == 0:
            raise InputError(f"nomogram axis '{axis.name}' has {len(axis.values)} values "
                             f"but {len(axis.points)} points",
                             fix="give one point value per axis value")
    if len(nomogram.total_points) < 2 or not _within(nomogram.risk_axis, nomogram.total_points):
        raise InputError("nomogram needs at least two total-points ticks and risk ticks "
                         "within their range",
                         fix="build the nomogram with total-point ticks and risk ticks")


def _within(pairs, ticks) -> list[tuple[float, float]]:
    """The (total points, value) pairs that fall on the drawn total-points range."""
    low, high = float(min(ticks)), float(max(ticks))
    return [(t, v) for t, v in pairs if low <= t <= high]


def total_points_position(total, ticks) -> np.ndarray:
    """x position (0–100 scale) of total points, the total-points axis spanning the width."""
    low, high = float(min(ticks)), float(max(ticks))
    return (np.asarray(total, dtype=float) - low) / (high - low) * 100.0


@styled
def plot_nomogram(nomogram, risk_label: str = "Risk", linear_predictor: bool = False):
    """Draw the nomogram; returns the Figure (one Axes, rows as described above).

    ``linear_predictor=True`` adds rms' "Linear Predictor" row from ``nomogram.lp_axis``
    (pairs of total points and linear predictor) above the risk axis.
    """
    _check(nomogram)
    show_lp = linear_predictor and bool(getattr(nomogram, "lp_axis", None))
    rows = 3 + len(nomogram.axes) + show_lp
    fig, (ax,) = new_figure(panel=(7.0, 0.55 * rows + 0.3))
    y = 0.0
    _draw_row(ax, y, "Points", np.arange(0, 101, 10), [f"{p:d}" for p in range(0, 101, 10)])
    for axis in nomogram.axes:
        y -= ROW_GAP
        _draw_row(ax, y, getattr(axis, "label", None) or axis.name, axis.points,
                  [_value_text(v) for v in axis.values])
    y -= ROW_GAP
    ticks = list(nomogram.total_points)
    _draw_row(ax, y, "Total Points", total_points_position(ticks, ticks),
              [_value_text(t) for t in ticks])
    if show_lp:
        y -= ROW_GAP
        totals, lps = zip(*_within(nomogram.lp_axis, ticks))
        _draw_row(ax, y, "Linear Predictor", total_points_position(totals, ticks),
                  [_value_text(round(v, 3)) for v in lps])
    y -= ROW_GAP
    totals, risks = zip(*_within(nomogram.risk_axis, ticks))
    _draw_row(ax, y, risk_label, total_points_position(totals, ticks),
              [_value_text(round(r, 3)) for r in risks])
    ax.set(xlim=(-2, 103), ylim=(y - 0.6, 0.6))
    ax.axis("off")
    return fig
