"""Each figure function draws exactly the data it is given, in the house style."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from axilla.errors import InputError
from axilla.plots import (format_p, plot_calibration, plot_coefficients, plot_correlation,
                          plot_decision_curve, plot_forest, plot_kaplan_meier, plot_lasso_cv,
                          plot_lasso_path, plot_qc_sheet, plot_radscore_by_outcome,
                          plot_radscore_waterfall, plot_roc, save_figure)
from axilla.plots.correlation import cluster_order


def _achromatic(lines) -> bool:
    return all(len(set(np.round(to_rgb(line.get_color()), 6))) == 1 for line in lines)


def test_import_does_not_load_matplotlib():
    code = "import sys, axilla.plots, axilla.report; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_roc_draws_each_curve_and_the_diagonal_in_grey_with_distinct_styles():
    curves = {"A": ([0, 0.2, 1], [0, 0.7, 1]), "B": ([0, 0.5, 1], [0, 0.6, 1])}
    (ax,) = plot_roc(curves, title="Validation").axes
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_array_equal(lines["A"].get_xdata(), [0, 0.2, 1])
    np.testing.assert_array_equal(lines["B"].get_ydata(), [0, 0.6, 1])
    np.testing.assert_array_equal(lines["_chance"].get_xydata(), [[0, 0], [1, 1]])
    assert lines["A"].get_linestyle() != lines["B"].get_linestyle()
    assert lines["A"].get_marker() != lines["B"].get_marker()
    assert _achromatic(ax.lines)


def test_roc_rejects_unequal_arrays():
    with pytest.raises(InputError, match="equal length"):
        plot_roc({"A": ([0, 1], [0, 0.5, 1])})


def _lasso():
    lambdas = np.exp(np.linspace(-1, -5, 9))
    path = np.zeros((3, 9))
    path[0, 3:] = np.linspace(0.1, 0.9, 6)
    path[1, 6:] = -0.3
    return SimpleNamespace(lambdas=lambdas, cvm=np.linspace(1.3, 1.1, 9), cvsd=np.full(9, 0.05),
                           lambda_min=lambdas[6], lambda_1se=lambdas[4], coef_path=path,
                           feature_names=["f0", "f1", "f2"])


def test_lasso_marks_lambda_min_and_1se_at_their_logs():
    lasso = _lasso()
    for figure in (plot_lasso_cv(lasso), plot_lasso_path(lasso)):
        (ax,) = figure.axes
        marks = {line.get_label(): line.get_xdata()[0] for line in ax.lines if line.get_label()
                 in ("λ.min", "λ.1se")}
        assert marks == pytest.approx({"λ.min": np.log(lasso.lambda_min),
                                       "λ.1se": np.log(lasso.lambda_1se)})


def test_lasso_path_names_only_features_nonzero_at_lambda_min():
    (ax,) = plot_lasso_path(_lasso()).axes
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["f0", "f1"]
    assert "f2" not in [t.get_text() for t in ax.get_legend().get_texts()]


def test_lasso_path_shape_must_match_names():
    lasso = _lasso()
    lasso.feature_names = ["f0", "f1"]
    with pytest.raises(InputError, match="features x lambdas"):
        plot_lasso_path(lasso)


def test_coefficients_sorted_and_negatives_hatched():
    (ax,) = plot_coefficients(pd.Series({"a": 0.4, "b": -0.2, "c": 0.1})).axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "c", "a"]
    hatched = {round(p.get_width(), 6): bool(p.get_hatch()) for p in ax.patches}
    assert hatched == {-0.2: True, 0.1: False, 0.4: False}


def test_correlation_cluster_order_groups_correlated_blocks():
    names = ["a1", "b1", "a2", "b2"]
    r = np.array([[1, 0.1, 0.9, 0.0], [0.1, 1, 0.05, -0.95],
                  [0.9, 0.05, 1, 0.1], [0.0, -0.95, 0.1, 1]])
    order = cluster_order(pd.DataFrame(r, index=names, columns=names))
    positions = {name: order.index(name) for name in names}
    assert abs(positions["a1"] - positions["a2"]) == 1   # |r| = 0.9 pair adjacent
    assert abs(positions["b1"] - positions["b2"]) == 1   # r = -0.95 counts as close too


def test_correlation_colour_map_is_monotone_in_lightness():
    """Greyscale readability: luminance (Rec. 709) of the map rises from -1 to 1."""
    (ax, _) = plot_correlation(pd.DataFrame(np.eye(3), index=list("xyz"), columns=list("xyz"))).axes
    rgb = ax.images[0].cmap(np.linspace(0, 1, 64))[:, :3]
    luminance = rgb @ np.array([0.2126, 0.7152, 0.0722])
    assert np.all(np.diff(luminance) > 0)


def test_correlation_rejects_nan():
    with pytest.raises(InputError, match="NaN"):
        plot_correlation(pd.DataFrame([[1, np.nan], [np.nan, 1]], index=["a", "b"],
                                      columns=["a", "b"]))


def test_radscore_waterfall_sorted_with_outcome_by_hatching():
    scores = pd.DataFrame({"score": [0.5, -1.0, 2.0, 0.1], "outcome": [1, 0, 1, 0]})
    (ax,) = plot_radscore_waterfall(scores).axes
    bars = sorted(ax.patches, key=lambda p: p.get_x())
    assert [round(b.get_height(), 6) for b in bars] == [2.0, 0.5, 0.1, -1.0]
    assert [bool(b.get_hatch()) for b in bars] == [False, False, True, True]


def test_radscore_by_outcome_writes_the_given_p_values():
    scores = pd.DataFrame({"cohort": ["T"] * 6 + ["V"] * 4, "outcome": [0, 1] * 5,
                           "score": np.arange(10.0)})
    (ax,) = plot_radscore_by_outcome(scores, {"T": 0.0004, "V": 0.2}).axes
    texts = {t.get_text() for t in ax.texts}
    assert {"p < 0.001", "p = 0.200", "T", "V"} <= texts


def test_calibration_draws_ideal_apparent_corrected_and_stats():
    curve = SimpleNamespace(predicted=[0.1, 0.5, 0.9], apparent=[0.12, 0.5, 0.85],
                            corrected=[0.15, 0.5, 0.8], hl_p=0.35, slope=0.91, intercept=0.03)
    (ax,) = plot_calibration(curve).axes
    lines = {line.get_label(): line for line in ax.lines}
    assert set(lines) == {"Ideal", "Apparent", "Bias-corrected"}
    np.testing.assert_array_equal(lines["Bias-corrected"].get_ydata(), [0.15, 0.5, 0.8])
    assert "Slope 0.91\nIntercept 0.03\nHosmer–Lemeshow p = 0.350" in [t.get_text() for t in ax.texts]
    assert _achromatic(ax.lines)


def test_decision_curve_references_and_models():
    t = np.array([0.1, 0.2, 0.3])
    table = pd.concat([pd.DataFrame({"threshold": t, "model": m, "net_benefit": nb})
                       for m, nb in (("treat_all", [0.3, 0.1, -0.2]), ("treat-none", [0, 0, 0]),
                                     ("Model", [0.35, 0.25, 0.1]))])
    (ax,) = plot_decision_curve(table).axes
    assert [line.get_label() for line in ax.lines] == ["Treat all", "Treat none", "Model"]
    assert ax.get_ylim()[0] < 0 < 0.35 < ax.get_ylim()[1]


def test_forest_whiskers_span_each_ci():
    table = pd.DataFrame({"factor": ["Age", "Age"], "level": ["<50", "≥50"], "n": [20, 25],
                          "auc": [0.7, 0.8], "lower": [0.55, 0.68], "upper": [0.85, 0.92]})
    (ax,) = plot_forest(table, reference=0.75).axes
    segments = ax.collections[0].get_segments()
    assert [(s[0][0], s[1][0]) for s in segments] == [(0.55, 0.85), (0.68, 0.92)]
    assert "n=20  0.70 (0.55–0.85)" in [t.get_text() for t in ax.texts]


def test_forest_level_without_auc_shows_its_note():
    table = pd.DataFrame({"factor": ["Age", "Age"], "level": ["<50", "≥50"], "n": [8, 25],
                          "auc": [None, 0.8], "lower": [None, 0.68], "upper": [None, 0.92],
                          "note": ["fewer than 10 patients", ""]})
    (ax,) = plot_forest(table).axes
    assert len(ax.collections[0].get_segments()) == 1
    assert "n=8  fewer than 10 patients" in [t.get_text() for t in ax.texts]


def test_forest_needs_its_columns():
    with pytest.raises(InputError, match="lower"):
        plot_forest(pd.DataFrame({"factor": [], "level": [], "n": [], "auc": [], "upper": []}))


def test_kaplan_meier_steps_from_one_and_logrank():
    curves = pd.DataFrame({"strata": ["Low"] * 2 + ["High"] * 2, "time": [5, 10] * 2,
                           "surv": [0.9, 0.8, 0.6, 0.3]})
    (ax,) = plot_kaplan_meier(curves, logrank_p=0.012).axes
    assert [line.get_label() for line in ax.lines] == ["Low", "High"]
    assert ax.lines[0].get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(ax.lines[1].get_xydata(), [[0, 1], [5, 0.6], [10, 0.3]])
    assert "Log-rank p = 0.012" in [t.get_text() for t in ax.texts]


def test_kaplan_meier_numbers_at_risk_under_the_axis():
    curves = pd.DataFrame({"strata": ["Low", "High"], "time": [5, 5], "surv": [0.9, 0.6]})
    at_risk = pd.DataFrame({"strata": ["Low", "Low", "High", "High"], "time": [0, 10] * 2,
                            "n_risk": [50, 41, 50, 22]})
    (ax,) = plot_kaplan_meier(curves, at_risk=at_risk).axes
    placed = {(t.get_text(), t.get_position()[0]) for t in ax.texts}
    assert {("No. at risk", 0.0), ("41", 10), ("22", 10), ("50", 0)} <= placed
    rows = {t.get_text(): t.get_position()[1] for t in ax.texts if t.get_text() in ("Low", "High")}
    assert rows["Low"] > rows["High"]


def _case(patient="P1", size=20, empty=False):
    mask = np.zeros((size, size), np.uint8)
    if not empty:
        mask[8:12, 8:12] = 1
    ring = np.zeros_like(mask)
    ring[6:14, 6:14] = 1
    ring[mask == 1] = 0
    return SimpleNamespace(patient=patient, image=np.arange(size * size).reshape(size, size),
                           mask=mask, ring=None if empty else ring)


def test_qc_sheet_one_panel_per_case_titled_by_patient():
    fig = plot_qc_sheet([_case("P1"), _case("P2"), _case("P3")], columns=2)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["P1", "P2", "P3", ""]


def test_qc_sheet_takes_tuples_with_or_without_ring():
    case = _case("P4")
    fig = plot_qc_sheet([("P4", case.image, case.mask), ("P5", case.image, case.mask, case.ring)])
    assert [ax.get_title() for ax in fig.axes] == ["P4", "P5"]
    assert len(fig.axes[1].collections) == 2 * len(fig.axes[0].collections)  # ring outlined too


def test_qc_sheet_empty_mask_names_the_patient():
    with pytest.raises(InputError, match="patient P9"):
        plot_qc_sheet([_case("P9", empty=True)])


def test_save_figure_writes_png_at_300_dpi_and_svg(tmp_path):
    files = save_figure(plot_roc({"A": ([0, 1], [0, 1])}), tmp_path, "roc")
    with Image.open(files.png) as png:
        assert png.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert ET.parse(files.svg).getroot().tag.endswith("svg")


def test_save_figure_rejects_path_like_names(tmp_path):
    with pytest.raises(InputError, match="file stem"):
        save_figure(plot_roc({"A": ([0, 1], [0, 1])}), tmp_path, "../roc")


@pytest.mark.parametrize(("p", "text"), [(0.0004, "<0.001"), (0.001, "0.001"), (0.0456, "0.046"),
                                         (1.0, "1.000")])
def test_format_p(p, text):
    assert format_p(p) == text


def test_format_p_rejects_non_probability():
    with pytest.raises(InputError, match="not a probability"):
        format_p(1.5)


def test_roc_legend_sits_outside_the_axes_with_distinct_markers():
    curves = {"Clinical: AUC 0.70": ([0, 0.2, 1], [0, 0.7, 1]),
              "Combined: AUC 0.80": ([0, 0.5, 1], [0, 0.6, 1]),
              "Rad-score: AUC 0.75": ([0, 0.3, 1], [0, 0.5, 1])}
    fig = plot_roc(curves)
    fig.draw_without_rendering()
    (ax,) = fig.axes
    legend, panel = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert legend.y1 < panel.y0            # wholly under the plotting area: hides no curve
    drawn = [line for line in ax.lines if line.get_label() in curves]
    assert len({line.get_linestyle() for line in drawn}) == 3
    assert len({line.get_marker() for line in drawn}) == 3


def test_calibration_draws_the_group_ci_band_and_the_risk_histogram():
    from axilla.plots.calibration import BAND_GID, GROUPS_GID, RISKS_GID, SPIKE_HEIGHT

    groups = pd.DataFrame({"predicted": [0.5, 0.1, 0.8], "observed": [0.45, 0.12, 0.85],
                           "lower": [0.3, 0.02, 0.6], "upper": [0.6, 0.3, 0.95]})
    risks = np.r_[np.full(6, 0.105), np.full(3, 0.51), 0.83]   # bins [0.10, 0.12), [0.50, 0.52), [0.82, 0.84)
    curve = SimpleNamespace(predicted=[0.1, 0.5, 0.9], apparent=[0.12, 0.5, 0.85],
                            groups=groups, risks=risks)
    (ax,) = plot_calibration(curve).axes
    by_gid = {artist.get_gid(): artist for artist in (*ax.collections, *ax.lines)}
    band = by_gid[BAND_GID].get_paths()[0].vertices
    # the band's upper edge runs through (0.1, 0.3), (0.5, 0.6), (0.8, 0.95), sorted by risk
    for x, upper in ((0.1, 0.3), (0.5, 0.6), (0.8, 0.95)):
        assert np.isclose(band, [x, upper]).all(axis=1).any()
    np.testing.assert_array_equal(by_gid[GROUPS_GID].get_xdata(), [0.1, 0.5, 0.8])
    spikes = by_gid[RISKS_GID].get_segments()
    np.testing.assert_allclose([s[0][0] for s in spikes], [0.11, 0.51, 0.83])
    np.testing.assert_allclose([s[1][1] for s in spikes],
                               SPIKE_HEIGHT * np.array([6, 3, 1]) / 6)


def test_forest_is_titled_with_its_model_and_cohort():
    table = pd.DataFrame({"factor": ["Age"], "level": ["<50"], "n": [20], "auc": [0.7],
                          "lower": [0.55], "upper": [0.85]})
    (ax,) = plot_forest(table, title="combined — validation").axes
    assert ax.get_title() == "combined — validation"
