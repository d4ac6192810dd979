"""The report takes axilla.stats results as they come (the shapes the study step passes)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from axilla.report import CalibrationCurve, ReportInputs, RocCurve, build_report
from tests.helpers import SEED

stats = pytest.importorskip("axilla.stats", reason="axilla.stats is not available")


@pytest.fixture(scope="module")
def results():
    rng = np.random.default_rng(SEED)
    n = 120
    y = rng.integers(0, 2, n)
    clinical = 1 / (1 + np.exp(-(rng.normal(size=n) + 0.8 * (y - 0.5))))
    combined = 1 / (1 + np.exp(-(rng.normal(size=n) + 2.0 * (y - 0.5))))
    clinical_df = pd.DataFrame({"aln": y, "age": rng.normal(52, 10, n),
                                "grade": rng.choice(["I", "II", "III"], n),
                                "cohort": np.repeat(["Training", "Validation"], n // 2)})
    return y, {"Clinical": clinical, "Combined": combined}, clinical_df, rng


def test_report_from_stats_outputs(results, tmp_path):
    y, predictions, clinical_df, rng = results
    roc_curves = [RocCurve.from_auc_ci(name, "Validation", stats.auc_ci(y, p))
                  for name, p in predictions.items()]
    combined = predictions["Combined"]
    calibration = CalibrationCurve.from_stats(
        "Combined", "Validation", SimpleNamespace(predicted=[0.2, 0.8], apparent=[0.25, 0.7]),
        stats.hosmer_lemeshow(y, combined), stats.calibration_stats(y, combined))
    km = stats.kaplan_meier(rng.exponential(30, y.size), rng.integers(0, 2, y.size),
                            np.where(predictions["Combined"] > 0.5, "High risk", "Low risk"))
    subgroups = stats.subgroup_auc(y, predictions["Combined"], clinical_df["grade"])
    subgroups = subgroups.rename(columns={"group": "level"}).assign(factor="Grade")
    inputs = ReportInputs(
        table_one=stats.table_one(clinical_df, "aln", variables=["age", "grade"],
                                  categorical=["grade"], cohorts="cohort"),
        roc_curves=roc_curves,
        delong=stats.compare_models(y, predictions),
        calibration=[calibration],
        decision_curves=stats.net_benefit(y, predictions),
        subgroups=subgroups,
        survival=km.table,
        logrank_p=stats.logrank(rng.exponential(30, y.size), rng.integers(0, 2, y.size),
                                rng.integers(0, 2, y.size)).p_value,
    )
    page = build_report(inputs, tmp_path).read_text(encoding="utf-8")
    ids = re.findall(r'<section id="([^"]+)">', page)
    assert ids == ["summary", "table-one", "roc", "delong", "calibration", "decision-curves", "subgroups",
                   "survival", "checklists"]
    assert sorted(p.stem for p in (tmp_path / "figures").glob("*.svg")) == [
        "calibration", "decision_curves", "roc", "subgroups", "survival"]


def test_adapters_copy_what_stats_computed(results):
    y, predictions, _, _ = results
    result = stats.auc_ci(y, predictions["Combined"])
    curve = RocCurve.from_auc_ci("Combined", "Validation", result)
    np.testing.assert_array_equal(curve.fpr, 1 - result.curve.specificity)
    np.testing.assert_array_equal(curve.tpr, result.curve.sensitivity)
    hl = stats.hosmer_lemeshow(y, predictions["Combined"])
    cal = stats.calibration_stats(y, predictions["Combined"])
    made = CalibrationCurve.from_stats("Combined", "Validation",
                                       SimpleNamespace(predicted=[0.5], apparent=[0.5]), hl, cal)
    assert (made.hl_p, made.slope, made.intercept, made.corrected) == (
        hl.p_value, cal.slope, cal.intercept, None)
