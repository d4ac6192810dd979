"""The assembled report: sections, figure and table files, self-containment."""
from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from axilla.errors import InputError
from axilla.report import PERFORMANCE_COLUMNS, ReportInputs, build_report
from axilla.report.html import CHECKLISTS
from axilla.report.sections import SECTIONS

FIGURES = ("lasso", "coefficients", "correlation", "radscore_waterfall", "radscore_by_outcome",
           "roc", "nomogram", "calibration", "decision_curves", "subgroups", "survival",
           "qc_segmentation")
TABLES = ("versions", "cohort_flow", "exclusions", "table_one", "feature_counts", "failures",
          "coefficients", "radscores", "performance", "delong", "odds_ratios", "nomogram_points",
          "calibration_summary",
          "reclassification", "subgroups", "delta_paired_tests", "leakage_audit", "checklists")


@pytest.fixture(scope="module")
def page(built_report):
    path, _ = built_report
    return path.read_text(encoding="utf-8")


def test_every_section_present_in_order(page):
    ids = re.findall(r'<section id="([^"]+)">', page)
    assert ids == [sid for sid, _, _ in SECTIONS] + [CHECKLISTS[0]]


def test_every_figure_written_as_png_300_dpi_and_svg(built_report):
    _, run_dir = built_report
    assert sorted(p.stem for p in (run_dir / "figures").glob("*.png")) == sorted(FIGURES)
    assert sorted(p.stem for p in (run_dir / "figures").glob("*.svg")) == sorted(FIGURES)
    for name in FIGURES:
        with Image.open(run_dir / "figures" / f"{name}.png") as png:
            assert png.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert (run_dir / "figures" / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_every_table_written_as_csv_and_identical_xlsx(built_report):
    _, run_dir = built_report
    assert sorted(p.stem for p in (run_dir / "tables").glob("*.csv")) == sorted(TABLES)
    for name in TABLES:
        csv = pd.read_csv(run_dir / "tables" / f"{name}.csv", keep_default_na=False)
        xlsx = pd.read_excel(run_dir / "tables" / f"{name}.xlsx", keep_default_na=False)
        assert list(csv.columns) == list(xlsx.columns), name
        assert len(csv) == len(xlsx), name


def test_performance_csv_has_exactly_the_columns(built_report, synthetic_inputs):
    _, run_dir = built_report
    table = pd.read_csv(run_dir / "tables" / "performance.csv")
    assert tuple(table.columns) == PERFORMANCE_COLUMNS
    expected = synthetic_inputs.performance
    np.testing.assert_allclose(table["auc"], expected["auc"], rtol=1e-12)
    assert list(table["model"]) == list(expected["model"])


def test_no_network_references(page):
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    assert not re.search(r"@import|url\(|<link[^>]+stylesheet", page)


def test_every_image_is_inline_and_is_the_written_png(page, built_report):
    _, run_dir = built_report
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', page)
    assert len(sources) == len(FIGURES)
    figure_ids = re.findall(r'<figure id="fig-([^"]+)"><img', page)
    for name, source in zip(figure_ids, sources):
        assert source.startswith("data:image/png;base64,")
        data = base64.b64decode(source.split(",", 1)[1])
        assert data == (run_dir / "figures" / f"{name}.png").read_bytes()


def test_figure_captions_numbered_in_order_and_name_their_files(page):
    assert "figures/roc.png, figures/roc.svg" in page
    numbers = [int(n) for n in re.findall(r"<b>Figure S(\d+)\.</b>", page)]
    assert numbers == list(range(1, len(FIGURES) + 1))


def test_p_values_printed_as_journals_do(page):
    # table_one p = 0.0004 in the synthetic inputs
    assert "<td>&lt;0.001</td>" in page


def test_minimal_inputs_give_summary_methods_and_checklists_only(tmp_path):
    path = build_report(ReportInputs(name="Empty", versions={"axilla": "0.1.0"}), tmp_path)
    ids = re.findall(r'<section id="([^"]+)">', path.read_text(encoding="utf-8"))
    assert ids == ["summary", "methods", "checklists"]
    assert not (tmp_path / "figures").exists()
    checklist = pd.read_csv(tmp_path / "tables" / "checklists.csv")
    reported = checklist[checklist["status"] == "Reported"]
    cited = {name for where in reported["where"] for name in where[len("See: "):].split(", ")}
    assert cited == {"Study summary", "Methods"}


def test_performance_without_a_required_column_is_an_input_error(tmp_path, synthetic_inputs):
    inputs = ReportInputs(performance=synthetic_inputs.performance.drop(columns="npv"))
    with pytest.raises(InputError, match="npv"):
        build_report(inputs, tmp_path)


def test_html_escapes_user_text(tmp_path):
    path = build_report(ReportInputs(name="<b>x</b> & y"), tmp_path)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in path.read_text(encoding="utf-8")


def test_radscores_without_cohort_column_is_an_input_error(tmp_path):
    scores = pd.DataFrame({"patient": ["P1", "P2"], "score": [0.1, 0.2], "outcome": [0, 1]})
    with pytest.raises(InputError, match="cohort"):
        build_report(ReportInputs(radscores=scores), tmp_path)


def test_config_with_paths_and_numpy_values_is_shown(tmp_path):
    from pathlib import Path

    config = {"data": {"manifest": Path("/data/manifest.csv")}, "split": {"seed": np.int64(7)}}
    page = build_report(ReportInputs(config=config), tmp_path).read_text(encoding="utf-8")
    assert "manifest: /data/manifest.csv" in page and "seed: 7" in page


def test_same_inputs_give_byte_identical_files(tmp_path, synthetic_inputs):
    inputs = ReportInputs(name="Twice", roc_curves=synthetic_inputs.roc_curves,
                          nomogram=synthetic_inputs.nomogram,
                          performance=synthetic_inputs.performance)
    first, second = build_report(inputs, tmp_path / "a"), build_report(inputs, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    for name in ("roc.svg", "nomogram.svg", "nomogram.png"):
        assert (tmp_path / "a" / "figures" / name).read_bytes() == \
            (tmp_path / "b" / "figures" / name).read_bytes()


def test_performance_shows_each_threshold_metric_with_its_bootstrap_ci(page, built_report):
    _, run_dir = built_report
    table = pd.read_csv(run_dir / "tables" / "performance.csv")
    assert table.loc[0, ["sensitivity", "sensitivity_lower", "sensitivity_upper"]].tolist() == \
        pytest.approx([0.8, 0.7, 0.88])
    section = page[page.index('<section id="performance">'):page.index('<section id="roc">')]
    assert "<th>Sensitivity (95% CI)</th>" in section and "<th>NPV (95% CI)</th>" in section
    assert "<td>0.800 (0.700–0.880)</td>" in section
    assert "stratified percentile bootstrap (2000 replicates, as pROC ci.coords)" in section


def test_odds_ratio_table_names_its_ci_kind_and_is_written(page, built_report):
    _, run_dir = built_report
    table = pd.read_csv(run_dir / "tables" / "odds_ratios.csv")
    assert list(table["model"]) == ["clinical", "combined", "combined"]
    section = page[page.index('<section id="odds-ratios">'):page.index('<section id="nomogram">')]
    assert "<th>OR (95% CI)</th>" in section
    assert "<td>Rad-score</td><td>4.95 (2.75–8.90)</td>" in section
    assert "<td>profile likelihood</td>" in section


def test_counts_in_the_cohort_flow_are_integers(page, built_report):
    _, run_dir = built_report
    assert (run_dir / "tables" / "cohort_flow.csv").read_text(encoding="utf-8").splitlines()[1:] \
        == ["Training,40,20", "Validation,40,20", "excluded,1,"]
    section = page[page.index('<section id="cohorts">'):page.index('<section id="table-one">')]
    assert "<td>20</td>" in section and "20.0" not in section


def test_figures_carry_band_histogram_legend_and_forest_titles(built_report):
    _, run_dir = built_report
    calibration = (run_dir / "figures" / "calibration.svg").read_text(encoding="utf-8")
    assert 'id="calibration-ci-band' in calibration and 'id="risk-histogram' in calibration
    forest = (run_dir / "figures" / "subgroups.svg").read_text(encoding="utf-8")
    assert "Nomogram — Validation" in forest


def test_roc_legends_under_the_axes_do_not_run_into_the_next_row(tmp_path):
    from axilla.report.assets import Assets
    from axilla.report.sections import roc
    from axilla.report.inputs import RocCurve

    class Kept(Assets):
        def figure(self, fig, name, caption):
            self.kept = fig
            return ""

    grid = np.linspace(0, 1, 5)
    curves = [RocCurve(m, c, grid, np.sqrt(grid)) for m in ("clinical", "radiomics", "logistic",
                                                            "combined")
              for c in ("training", "validation", "external A", "external B")]
    assets = Kept(tmp_path)
    roc(ReportInputs(roc_curves=curves), assets)
    fig = assets.kept
    fig.draw_without_rendering()
    first_row, second_row = fig.axes[:3], fig.axes[3]
    second_top = second_row.get_tightbbox().y1          # with its title and panel letter
    for ax in first_row:
        assert ax.get_legend().get_window_extent().y0 > second_top


def test_a_study_with_one_model_says_why_there_is_no_delong_test(tmp_path, synthetic_inputs):
    """A delta signature has the rad-score only: no empty table (an unreadable, header-less
    tables/delong.csv) but a sentence."""
    inputs = ReportInputs(name="One model", performance=synthetic_inputs.performance,
                          delong=pd.DataFrame(columns=["cohort", "model_1", "model_2", "p"]))
    page = build_report(inputs, tmp_path).read_text(encoding="utf-8")
    assert "No paired DeLong test: it needs two models" in page
    assert not (tmp_path / "tables" / "delong.csv").exists()
