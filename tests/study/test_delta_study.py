"""Delta-radiomics and radiogenomics end to end: the seed study 003 demo from the CLI.

`axilla demo --study 003_multicentre_mri` on a small cohort writes the paired-test table,
the radiogenomics table and both heatmaps into its report; the numbers are checked
against scipy/statsmodels on the run's own files; the delta signature study it writes
runs with `axilla run`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from axilla.cli import main
from axilla.stats.omics_correlation import OMICS_COLUMNS
from axilla.stats.paired import PAIRED_COLUMNS

N_PATIENTS = 150   # as tests/study/test_studies.py: large enough for LASSO to keep features


def _cli(argv: list[str]) -> None:
    try:
        main(argv)
    except SystemExit as exc:       # main exits only on error
        assert exc.code in (0, None), f"axilla {' '.join(argv)} exited {exc.code}"


def _read(path) -> pd.DataFrame:
    """A CSV the run wrote, its floats parsed exactly (pandas' default parser may be off
    by one unit in the last place)."""
    return pd.read_csv(path, dtype={"patient_id": str}, float_precision="round_trip")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo003")
    _cli(["demo", "--study", "003_multicentre_mri", "--n", str(N_PATIENTS), "--seed", "7",
          "-o", str(folder)])
    return folder


@pytest.mark.slow
def test_paired_tests_table_is_the_scipy_statsmodels_answer(demo):
    clinical = pd.read_csv(demo / "cohort" / "clinical.csv", dtype={"patient_id": str})
    paired = _read(demo / "tables" / "delta_paired_tests.csv")
    assert list(paired.columns) == list(PAIRED_COLUMNS)
    # features: selected -> the rad-score's features, in its order
    terms = pd.read_csv(demo / "tables" / "radscore_formula.csv")["term"]
    assert list(paired["feature"]) == [t for t in terms if t != "(Intercept)"]
    delta = _read(demo / "delta" / "delta_features.csv")
    assert set(delta["patient_id"]) == set(clinical.loc[clinical.nac == 1, "patient_id"])
    assert (paired["n"] == len(delta)).all()
    for row in paired.itertuples():
        d = delta[f"delta_{row.feature}"].to_numpy()
        # ttest_rel(post, pre) is the one-sample t-test of d = post − pre (the CSV keeps
        # float64 exactly); 1e-12 (relative) allows only for scipy's order of summation
        np.testing.assert_allclose(row.p_ttest, sps.ttest_1samp(d, 0.0).pvalue, rtol=1e-12)
        np.testing.assert_allclose(row.p_wilcoxon, sps.wilcoxon(d).pvalue, rtol=1e-12)
        assert row.direction == ("up" if d.mean() > 0 else "down")
    np.testing.assert_array_equal(paired["p_ttest_fdr"],
                                  multipletests(paired["p_ttest"], method="fdr_bh")[1])
    np.testing.assert_array_equal(paired["p_wilcoxon_fdr"],
                                  multipletests(paired["p_wilcoxon"], method="fdr_bh")[1])
    # the demo's treatment effect (smaller, less enhancing lesions) is found after FDR
    assert (paired["p_ttest_fdr"] < 0.05).any()


@pytest.mark.slow
def test_radiogenomics_table_is_the_scipy_statsmodels_answer(demo):
    table = _read(demo / "tables" / "radiogenomics_spearman.csv")
    assert list(table.columns) == list(OMICS_COLUMNS)
    omics = _read(demo / "cohort" / "omics.csv").set_index("patient_id")
    features = pd.read_parquet(demo / "features.parquet").astype({"patient_id": str}) \
        .set_index("patient_id")
    assert set(table["variable"]) == set(omics.columns)
    patients = features.index.intersection(omics.index)
    for row in table.itertuples():
        expected = sps.spearmanr(features.loc[patients, row.feature],
                                 omics.loc[patients, row.variable])
        assert row.n == len(patients)
        np.testing.assert_allclose([row.rho, row.p_value],
                                   [expected.statistic, expected.pvalue], rtol=1e-12)
    np.testing.assert_array_equal(table["p_fdr"],
                                  multipletests(table["p_value"], method="fdr_bh")[1])


@pytest.mark.slow
def test_report_shows_both_tables_and_heatmaps(demo):
    report = (demo / "report.html").read_text(encoding="utf-8")
    assert "Delta-radiomics and radiogenomics" in report
    for name in ("delta_heatmap", "radiogenomics_heatmap"):
        assert f'id="fig-{name}"' in report and (demo / "figures" / f"{name}.png").exists()
    assert "paired t-test and Wilcoxon" in report and "Spearman correlation" in report


@pytest.mark.slow
def test_the_delta_signature_runs_like_any_study(demo):
    study = demo / "delta" / "study.yaml"
    _cli(["run", str(study), "-o", str(demo / "delta" / "run")])
    performance = pd.read_csv(demo / "delta" / "run" / "tables" / "performance.csv")
    scored = performance.dropna(subset=["auc"])
    assert "radiomics" in set(scored["model"]) and scored["auc"].between(0, 1).all()
    features = pd.read_csv(demo / "delta" / "signature_features.csv")
    assert np.isfinite(features.drop(columns="patient_id").to_numpy()).all()
