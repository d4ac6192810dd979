"""The study's evaluation hands the report what a journal asks for: threshold metrics
with their bootstrap CIs, odds ratios with profile-likelihood CIs, calibration groups and
risks, subgroup tables that name their model and cohort, human labels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla import stats
from axilla.models.clinical import fit_clinical_model
from axilla.report.inputs import PERFORMANCE_COLUMNS
from axilla.study import evaluate
from axilla.study.data import StudyData
from tests.models.rdata import BINARY, manifest, results, table, terms_of


def _study(seed=5, n=120):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    frame = pd.DataFrame({"aln": y, "cohort": np.repeat(["training", "validation"], n // 2),
                          "grade": rng.choice(["I", "II"], n)},
                         index=pd.Index([f"P{i:03d}" for i in range(n)], name="patient_id"))
    data = StudyData(frame, [], "aln", "training", pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    prob = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * (y - 0.5))))
    return data, pd.DataFrame({"combined": prob}, index=frame.index)


def test_performance_rows_carry_each_threshold_metric_with_its_bootstrap_ci():
    data, predictions = _study()
    table, _ = evaluate.performance(predictions, data, {"combined": 0.5}, seed=3)
    assert list(table.columns) == list(PERFORMANCE_COLUMNS)
    members = data.cohort == "validation"
    expected = stats.threshold_metrics(data.y[members], predictions.loc[members, "combined"], 0.5,
                                       seed=3)
    row = table[table["cohort"] == "validation"].iloc[0]
    for metric in ("sensitivity", "specificity", "accuracy", "ppv", "npv"):
        p = getattr(expected, metric)
        assert (row[metric], row[f"{metric}_lower"], row[f"{metric}_upper"]) == \
            (p.estimate, p.boot_lower, p.boot_upper)
        assert row[f"{metric}_lower"] < row[metric] < row[f"{metric}_upper"]
    assert (row["f1_lower"], row["f1_upper"]) == (expected.f1_lower, expected.f1_upper)


def test_calibration_curves_carry_decile_groups_and_the_risks():
    data, predictions = _study()
    curves, _ = evaluate.calibration(predictions, data, ["combined"])
    curve = curves[1]
    members = (data.cohort == "validation").to_numpy()
    prob = predictions["combined"].to_numpy()[members]
    np.testing.assert_array_equal(curve.risks, prob)
    pd.testing.assert_frame_equal(curve.groups, stats.grouped_calibration(data.y[members], prob))
    assert len(curve.groups) == 10


def test_subgroup_table_names_model_cohort_and_labelled_factor():
    data, predictions = _study()
    table = evaluate.subgroups(predictions, data, "combined", ["grade"], {"grade": "Histological grade"})
    assert set(table["model"]) == {"combined"} and set(table["cohort"]) == {"validation"}
    assert set(table["factor"]) == {"Histological grade"}
    assert list(table.columns[:3]) == ["model", "cohort", "factor"]


@pytest.mark.parametrize("dataset", BINARY or [pytest.param(None, marks=pytest.mark.skip(
    reason="../shared/data/stats is absent"))])
def test_odds_ratio_table_has_mass_profile_cis_and_labels(dataset):
    info = manifest(dataset)
    frame = table(dataset)
    model = fit_clinical_model(frame, info["outcome"], terms_of(info["models"]["full"]),
                               screen_p=None, direction=None, levels=info["factors"])
    ref = results(dataset, "logistic")["glm_full"]["odds_ratios_profile_ci"]
    factor = next(iter(info["factors"]))
    labels = {factor: factor.upper()}
    got = evaluate.odds_ratios({"clinical": model}, frame, labels)
    assert list(got.columns) == list(evaluate.ODDS_RATIO_COLUMNS)
    assert "(Intercept)" not in set(got["term"])
    expected = dict(zip(ref["term"], zip(ref["lower"], ref["upper"])))
    for row in got.itertuples():
        # MASS::confint.glm, numerical: ~1e-4 relative (shared/data/stats/README.md)
        assert (row.or_lower, row.or_upper) == pytest.approx(expected[row.term], rel=1e-4)
        assert row.odds_ratio == pytest.approx(np.exp(row.estimate), rel=1e-12)
        assert row.ci_method == "profile likelihood"
    levels = info["factors"][factor]
    dummy = got[got["term"] == f"{factor}{levels[1]}"].iloc[0]
    assert dummy.variable == f"{factor.upper()}: {levels[1]} vs {levels[0]}"


def test_odds_ratios_fall_back_to_wald_and_say_so_when_a_profile_fails():
    data, _ = _study()
    frame = data.table
    model = fit_clinical_model(frame, "aln", ["grade"], screen_p=None, direction=None)

    class NoProfile:            # a model whose profile likelihood cannot reach the CI level
        spec, fit = model.spec, model.fit

        def odds_ratios(self, frame, level=0.95):
            from axilla.errors import ModelError
            raise ModelError("the profile likelihood of ['gradeII'] does not reach the CI level")

    got = evaluate.odds_ratios({"clinical": NoProfile()}, frame)
    wald = model.fit.table()
    assert got["or_lower"].tolist() == wald.loc[wald["term"] == "gradeII", "or_lower"].tolist()
    assert got["ci_method"].iloc[0].startswith("Wald (profile likelihood: the profile likelihood")


@pytest.mark.slow
def test_a_study_run_writes_journal_tables_with_its_labels(tmp_path):
    import yaml

    from axilla.demo.studies import prepare_demo
    from axilla.study.run import run_study

    study_file = prepare_demo(tmp_path, "001_dce_mri", n=160, seed=7)
    study = yaml.safe_load(study_file.read_text(encoding="utf-8"))
    study["data"]["labels"] = {"age": "Age (years)", "grade": "Histological grade",
                               "radscore": "Rad-score", "aln_status": "LNM"}
    study_file.write_text(yaml.safe_dump(study), encoding="utf-8")
    tables = run_study(study_file, tmp_path / "run", progress=False).run_dir / "tables"
    table_one = pd.read_csv(tables / "table_one.csv", keep_default_na=False)
    assert list(table_one.columns[:8]) == ["variable", "level", "training: LNM+", "training: LNM−",
                                           "training: p", "validation: LNM+", "validation: LNM−",
                                           "validation: p"]
    assert {"Age (years)", "Histological grade"} <= set(table_one["variable"])
    assert table_one.iloc[0]["training: LNM+"] == "32"            # the n row, an integer
    odds = pd.read_csv(tables / "odds_ratios.csv")
    assert {"clinical", "combined"} == set(odds["model"])
    assert "Rad-score" in set(odds["variable"]) and set(odds["ci_method"]) == {"profile likelihood"}
    assert any(v.startswith("Histological grade: ") for v in odds["variable"])
    performance = pd.read_csv(tables / "performance.csv").dropna(subset=["threshold"])
    assert (performance["sensitivity_lower"] <= performance["sensitivity"]).all()
    assert (performance["sensitivity"] <= performance["sensitivity_upper"]).all()
    flow = (tables / "cohort_flow.csv").read_text(encoding="utf-8")
    assert ".0" not in flow
