"""Table 1 in the journal layout: one row per variable or level, per cohort the outcome
groups and p side by side, training first, counts as integers, human labels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.errors import StatsError
from axilla.stats import table_one
from axilla.stats.table_one import BETWEEN, wide_table_one

GROUPS = {"1": "ALN+", "0": "ALN−"}


def _long():
    # validation rows come first in the table, and grade III never occurs in validation
    y = [0, 1] * 15
    df = pd.DataFrame({"aln": y, "cohort": ["validation"] * 10 + ["training"] * 20,
                       "age": np.r_[np.arange(40.0, 50.0), np.arange(30.0, 70.0, 2.0)],
                       "grade": ["I", "II"] * 5 + ["I", "III", "II", "III"] * 5})
    df.loc[3, "age"] = np.nan
    return table_one(df, "aln", ["age", "grade"], categorical=["grade"], cohorts="cohort")


def test_columns_put_training_first_with_groups_then_p():
    wide = wide_table_one(_long(), ["training", "validation"], GROUPS)
    assert list(wide.columns) == ["variable", "level", "training: ALN+", "training: ALN−",
                                  "training: p", "validation: ALN+", "validation: ALN−",
                                  "validation: p", BETWEEN, "test"]


def test_rows_are_variables_and_levels_with_integer_counts():
    wide = wide_table_one(_long(), ["training", "validation"], GROUPS, {"age": "Age (years)"})
    assert list(zip(wide["variable"], wide["level"])) == [
        ("n", ""), ("Age (years)", "mean ± SD"), ("Age (years)", "missing"),
        ("grade", "I"), ("grade", "II"), ("grade", "III")]
    n = wide.iloc[0]
    assert (n["training: ALN+"], n["training: ALN−"], n["validation: ALN+"],
            n["validation: ALN−"]) == ("10", "10", "5", "5")
    grade = wide.set_index("level")
    # training: grade I 5 of 10 non-events (rows 0, 4, 8, ... of the training block)
    assert grade.loc["I", "training: ALN−"] == "5 (50.0%)"
    assert grade.loc["III", "training: ALN+"] == "10 (100.0%)"
    assert grade.loc["III", "validation: ALN+"] == "0 (0.0%)"   # absent level: none there
    assert grade.loc["missing", "validation: ALN+"] == "1" and grade.loc["missing", "training: ALN+"] == "0"
    assert not any(".0" == cell[-2:] for cell in wide.filter(like=":").drop(
        columns=[c for c in wide.columns if c.endswith(": p")]).to_numpy().ravel())


def test_p_values_once_per_variable_from_the_right_block():
    long, wide = _long(), wide_table_one(_long(), ["training", "validation"], GROUPS)
    p = {(r.cohort, r.variable): r.p_value for r in long.dropna(subset=["p_value"]).itertuples()}
    age = wide[wide["level"] == "mean ± SD"].iloc[0]
    assert age["training: p"] == p[("training", "age")]
    assert age["validation: p"] == p[("validation", "age")]
    assert age[BETWEEN] == p[("across cohorts", "age")]
    grade = wide[wide["variable"] == "grade"]
    assert grade["training: p"].notna().tolist() == [True, False, False]


def test_unknown_cohort_is_named():
    with pytest.raises(StatsError, match="test set"):
        wide_table_one(_long(), ["training", "test set"], GROUPS)


def test_tests_named_once_or_per_cohort_when_they_differ():
    long = _long()
    wide = wide_table_one(long, ["training", "validation"], GROUPS)
    used = {(r.cohort, r.variable): r.test for r in long[long["test"].fillna("") != ""].itertuples()}
    for variable in ("age", "grade"):
        text = wide.loc[wide["variable"] == variable, "test"].iloc[0]
        training, validation = used[("training", variable)], used[("validation", variable)]
        assert text == (training if training == validation
                        else f"training: {training}; validation: {validation}")
