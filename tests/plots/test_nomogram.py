"""The nomogram figure: rows, the 0-100 points axis, and alignment of the total-points
and risk axes — checked against rms::nomogram's own numbers where ../shared is present."""
from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from axilla.errors import InputError
from axilla.plots import plot_nomogram
from tests.helpers import shared_available, shared_path

ROW_NAMES_FIXED = ("Points", "Total Points")


def _rows(fig) -> dict[str, list[tuple[float, str]]]:
    """{row name: [(x, label), ...]} read back from the drawn text (the figure has one Axes)."""
    (ax,) = fig.axes
    texts = ax.texts
    names = [t for t in texts if t.get_position()[0] < -3]
    rows = {}
    for name in names:
        y = name.get_position()[1]
        rows[name.get_text()] = sorted(
            (t.get_position()[0], t.get_text()) for t in texts
            if t not in names and abs(t.get_position()[1] - y) < 0.2)
    return rows


def _hand_nomogram():
    """Hand-made: total ticks 0..200, so total T sits at x = T / 2 on the 0-100 scale."""
    return SimpleNamespace(
        axes=[SimpleNamespace(name="Age", values=[30, 50, 70], points=[0, 50, 100]),
              SimpleNamespace(name="Grade", values=["I", "II", "III"], points=[0, 2.0, 60])],
        total_points=[0, 50, 100, 150, 200],
        risk_axis=[(40.0, 0.1), (100.0, 0.5), (160.0, 0.9)])


def test_points_axis_spans_0_to_100_and_one_row_per_predictor():
    rows = _rows(plot_nomogram(_hand_nomogram(), risk_label="Risk"))
    assert list(rows) == ["Points", "Age", "Grade", "Total Points", "Risk"]
    xs, labels = zip(*rows["Points"])
    assert xs == tuple(range(0, 101, 10)) and labels == tuple(str(v) for v in range(0, 101, 10))


def test_hand_computed_positions():
    rows = _rows(plot_nomogram(_hand_nomogram(), risk_label="Risk"))
    assert rows["Age"] == [(0, "30"), (50, "50"), (100, "70")]
    assert [x for x, _ in rows["Total Points"]] == [0, 25, 50, 75, 100]   # T / 2
    assert rows["Risk"] == [(20.0, "0.1"), (50.0, "0.5"), (80.0, "0.9")]  # 40/2, 100/2, 160/2


def test_linear_predictor_row_on_request():
    nomogram = _hand_nomogram()
    nomogram.lp_axis = [(0.0, -3.0), (100.0, 0.0), (200.0, 3.0)]
    rows = _rows(plot_nomogram(nomogram, risk_label="Risk", linear_predictor=True))
    assert list(rows)[-2:] == ["Linear Predictor", "Risk"]
    assert rows["Linear Predictor"] == [(0.0, "-3"), (50.0, "0"), (100.0, "3")]
    assert "Linear Predictor" not in _rows(plot_nomogram(nomogram))


def test_crowded_labels_alternate_above_and_below():
    fig = plot_nomogram(_hand_nomogram())
    (ax,) = fig.axes
    grade_y = next(t.get_position()[1] for t in ax.texts if t.get_text() == "Grade")
    label_y = {t.get_text(): t.get_position()[1] for t in ax.texts
               if t.get_text() in ("I", "II", "III")}
    assert label_y["I"] > grade_y > label_y["II"]   # 0 and 2 points apart: II goes below
    assert label_y["III"] > grade_y


def test_black_and_white_only():
    fig = plot_nomogram(_hand_nomogram())
    (ax,) = fig.axes
    colours = [to_rgb(line.get_color()) for line in ax.lines] + [to_rgb(t.get_color()) for t in ax.texts]
    assert all(r == g == b for r, g, b in colours)


def test_axis_with_mismatched_points_is_an_input_error():
    bad = _hand_nomogram()
    bad.axes[0].points = [0, 50]
    with pytest.raises(InputError, match="Age"):
        plot_nomogram(bad)


@pytest.mark.parametrize("dataset", [d for d in ("aSAH", "synthetic")
                                     if shared_available("data", "stats", d, "nomogram.json")]
                         or ["aSAH"])
def test_rms_nomogram_drawn_where_rms_puts_it(dataset):
    """rms::nomogram (make_reference.R): predictor ticks at rms' points; each risk tick sits
    over the total-points value rms computed for it (points_exact), read off the drawn
    Total Points axis. Tolerance 1e-9: positions are linear maps of the inputs."""
    result = json.loads(shared_path("data", "stats", dataset, "nomogram.json").read_text(encoding="utf-8"))["results"]
    risk = result["risk_axis"]
    nomogram = SimpleNamespace(
        axes=[SimpleNamespace(name=name, values=p["values"], points=p["points"])
              for name, p in result["predictors"].items()],
        total_points=result["total_points_axis"],
        risk_axis=list(zip(risk["points_exact"], risk["risk"])),
        lp_axis=list(zip(result["lp_axis"]["points"], result["lp_axis"]["lp"])))
    rows = _rows(plot_nomogram(nomogram, risk_label="Risk", linear_predictor=True))
    assert list(rows) == ["Points", *result["predictors"], "Total Points", "Linear Predictor", "Risk"]
    for name, predictor in result["predictors"].items():
        drawn = dict((label, x) for x, label in rows[name])
        for value, points in zip(predictor["values"], predictor["points"]):
            label = f"{value:g}" if isinstance(value, (int, float)) else value
            assert drawn[label] == pytest.approx(points, abs=1e-9)
    total_x, total_labels = zip(*rows["Total Points"])
    risk_x = [x for x, _ in rows["Risk"]]
    read_total = np.interp(risk_x, total_x, [float(t) for t in total_labels])
    np.testing.assert_allclose(read_total, sorted(risk["points_exact"]), rtol=1e-9)
    # Linear Predictor ticks: total points = (lp - intercept_info) * sc (rms' scale), for
    # the ticks on the drawn total-points range (rms' lp = -4 falls below 0 points)
    lp_x, lp_labels = zip(*rows["Linear Predictor"])
    lp = np.array([float(v) for v in lp_labels])
    expected = (lp - result["intercept_info"]) * result["scale_sc"]
    assert expected.min() >= 0 and len(lp) == sum(0 <= p <= max(result["total_points_axis"])
                                                 for p in result["lp_axis"]["points"])
    read_total = np.interp(lp_x, total_x, [float(t) for t in total_labels])
    np.testing.assert_allclose(read_total, expected, rtol=1e-9)


def test_draws_the_models_nomogram_class_and_drops_risk_ticks_off_the_scale():
    models = pytest.importorskip("axilla.models.nomogram", reason="axilla.models is not available")
    axes = [models.NomogramAxis("Rad-score", [-1.0, 0.0, 1.0], [0.0, 50.0, 100.0]),
            models.NomogramAxis("Grade", ["I", "III"], [0.0, 40.0])]
    nomogram = models.Nomogram(axes, [0.0, 50.0, 100.0, 150.0],
                               [(-20.0, 0.01), (30.0, 0.2), (120.0, 0.8), (170.0, 0.99)],
                               [], 25.0, -3.0)
    rows = _rows(plot_nomogram(nomogram, risk_label="Risk", linear_predictor=True))
    assert list(rows) == ["Points", "Rad-score", "Grade", "Total Points", "Risk"]
    assert rows["Risk"] == [(20.0, "0.2"), (80.0, "0.8")]   # 30/150*100, 120/150*100


def test_axes_are_labelled_with_the_human_labels_else_the_column_name():
    """study YAML ``data.labels``: a labelled predictor's row shows its label, an unlabelled
    one its column name."""
    models = pytest.importorskip("axilla.models.nomogram", reason="axilla.models is not available")
    axes = [models.NomogramAxis("age", [30.0, 70.0], [0.0, 100.0], "Age (years)"),
            models.NomogramAxis("mri_ln", ["0", "1"], [0.0, 40.0], "MRI-reported LN status"),
            models.NomogramAxis("grade", ["1", "3"], [0.0, 20.0])]
    nomogram = models.Nomogram(axes, [0.0, 50.0, 100.0, 150.0], [(30.0, 0.2), (120.0, 0.8)],
                               [], 25.0, -3.0)
    rows = _rows(plot_nomogram(nomogram))
    assert list(rows) == ["Points", "Age (years)", "MRI-reported LN status", "grade",
                          "Total Points", "Risk"]
    assert rows["Age (years)"] == [(0.0, "30"), (100.0, "70")]
