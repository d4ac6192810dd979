"""The report takes axilla.stats results as they come (the shapes the study step passes)."""
from __future__ import annotations

import re

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
    roc_curves = []
    for name, p in predictions.items():
        curve = stats.auc_ci(y, p).curve
        roc_curves.append(RocCurve(name, "Validation", 1 - curve.specificity, curve.sensitivity))
    hl = stats.hosmer_lemeshow(y, predictions["Combined"])
    grid = np.linspace(0.1, 0.9, 9)
    km = stats.kaplan_meier(rng.exponential(30, y.size), rng.integers(0, 2, y.size),
                            np.where(predictions["Combined"] > 0.5, "High risk", "Low risk"))
    subgroups = stats.subgroup_auc(y, predictions["Combined"], clinical_df["grade"])
    subgroups = subgroups.rename(columns={"group": "level"}).assign(factor="Grade")
    inputs = ReportInputs(
        table_one=stats.table_one(clinical_df, "aln", variables=["age", "grade"],
                                  categorical=["grade"], cohorts="cohort"),
        roc_curves=roc_curves,
        delong=stats.compare_models(y, predictions),
        calibration=[CalibrationCurve("Combined", "Validation", grid, grid, hl_p=hl.p_value)],
        decision_curves=stats.net_benefit(y, predictions),
        subgroups=subgroups,
        survival=km.table,
        logrank_p=stats.logrank(rng.exponential(30, y.size), rng.integers(0, 2, y.size),
                                rng.integers(0, 2, y.size)).p_value,
    )
    page = build_report(inputs, tmp_path).read_text()
    ids = re.findall(r'<section id="([^"]+)">', page)
    assert ids == ["summary", "table-one", "roc", "delong", "calibration", "decision-curves", "subgroups",
                   "survival", "checklists"]
    assert sorted(p.stem for p in (tmp_path / "figures").glob("*.svg")) == [
        "calibration", "decision_curves", "roc", "subgroups", "survival"]
