"""Table 1 descriptives and tests against base R t.test / wilcox.test / chisq.test /
fisher.test (table1.json)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.stats import describe, table_one
from axilla.stats.fisher import fisher_exact
from axilla.stats.group_tests import (chi_square, compare_categorical, looks_normal, student_t,
                                      welch_anova, welch_t, wilcoxon)
from tests.stats._reference import close, data, datasets_with, spec, topic

DATASETS = datasets_with("table1")


def _groups(name, var):
    d = data(name)
    y = d[spec(name)["outcome"]]
    return d.loc[y == 0, var].to_numpy(float), d.loc[y == 1, var].to_numpy(float)


@pytest.mark.parametrize("name", DATASETS)
def test_continuous_descriptives_and_tests_match_r(name):
    for var, r in topic(name, "table1")["continuous"].items():
        x0, x1 = _groups(name, var)
        for x, key in ((x0, "group0"), (x1, "group1")):
            got, ref = describe(x), r["descriptives"][key]
            close([got[k] for k in ref], list(ref.values()))
        for got, ref in ((welch_t(x0, x1), r["t_test_welch"]), (student_t(x0, x1), r["t_test_student"])):
            close([got.statistic, got.df, got.p_value], [ref["statistic"], ref["parameter"]["df"], ref["p_value"]])
        for got, ref in ((wilcoxon(x0, x1, exact=False, correct=True), r["wilcox_normal_cc"]),
                         (wilcoxon(x0, x1, exact=False, correct=False), r["wilcox_normal_nocc"]),
                         (wilcoxon(x0, x1), r["wilcox_default"])):
            close([got.statistic, got.p_value], [ref["statistic"], ref["p_value"]])


@pytest.mark.parametrize("name", DATASETS)
def test_categorical_tests_match_r(name):
    for var, r in topic(name, "table1")["categorical"].items():
        table = np.array(r["table"]["counts"])
        d = data(name)
        observed = pd.crosstab(d[var].astype(str), d[spec(name)["outcome"]]).reindex(r["table"]["levels"])
        np.testing.assert_array_equal(observed.to_numpy(), table)
        for correct, key in ((True, "chisq_yates"), (False, "chisq_no_correction")):
            got = chi_square(table, correct)
            close([got.statistic, got.p_value], [r[key]["statistic"], r[key]["p_value"]])
        close(fisher_exact(table), r["fisher"]["p_value"])


@pytest.mark.parametrize("name", DATASETS)
def test_table_one_reports_the_r_p_value_of_the_chosen_test(name):
    cfg, r = spec(name)["table1"], topic(name, "table1")
    d = data(name)
    table = table_one(d, spec(name)["outcome"], cfg["continuous"] + cfg["categorical"],
                      categorical=cfg["categorical"])
    first = table.drop_duplicates("variable").set_index("variable")
    for var in cfg["continuous"]:
        x0, x1 = _groups(name, var)
        key = "t_test_welch" if looks_normal([x0, x1]) else "wilcox_default"
        close(first.loc[var, "p_value"], r["continuous"][var][key]["p_value"])
    for var in cfg["categorical"]:
        counts = np.array(r["categorical"][var]["table"]["counts"])
        key = "fisher" if compare_categorical(counts).test.startswith("Fisher") else "chisq_yates"
        close(first.loc[var, "p_value"], r["categorical"][var][key]["p_value"])
    assert table.loc[0, "overall"] == str(len(d))


def test_exact_wilcoxon_on_a_hand_fixture():
    # complete separation of 5 vs 5: two-sided exact p = 2 / C(10, 5) = 2 / 252
    got = wilcoxon(np.arange(1.0, 6.0), np.arange(6.0, 11.0))
    assert got.p_value == pytest.approx(2 / 252, rel=1e-12)


def test_welch_anova_of_two_groups_is_welch_t_squared(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 1, 30), rng.normal(0.5, 2, 40)
    anova, t = welch_anova([a, b]), welch_t(a, b)
    close([anova.statistic, anova.df, anova.p_value], [t.statistic ** 2, t.df, t.p_value], rel=1e-10)


def test_per_cohort_and_across_cohorts_blocks(tmp_path):
    df = pd.DataFrame({"y": [0, 1] * 20, "cohort": ["train"] * 24 + ["test"] * 16,
                       "size": np.arange(40.0), "us": ["neg", "pos", "pos", "neg"] * 10})
    table = table_one(df, "y", ["size", "us"], cohorts="cohort")
    assert list(table["cohort"].unique()) == ["train", "test", "across cohorts"]
    table.to_excel(tmp_path / "t1.xlsx")
    assert (tmp_path / "t1.xlsx").stat().st_size > 0


def test_missing_values_are_counted_not_tested():
    df = pd.DataFrame({"y": [0, 1] * 10, "size": [np.nan, 2.0, np.nan] + list(np.arange(17.0))})
    table = table_one(df, "y", ["size"])
    missing = table[(table["variable"] == "size") & (table["level"] == "missing")].iloc[0]
    assert (missing["overall"], missing["0"], missing["1"]) == ("2", "2", "0")


def test_small_values_keep_significant_digits():
    df = pd.DataFrame({"y": [0, 1] * 10, "s100b": [0.04, 0.3] * 10})
    row = table_one(df, "y", ["s100b"]).iloc[1]
    assert row["0"] == "0.04 [0.04, 0.04]" and row["1"] == "0.3 [0.3, 0.3]"
