"""Delta and relative-delta features (axilla.cohort.delta) and the delta step's choices."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.cohort.delta import delta_features
from axilla.errors import InputError


def _tables():
    index = pd.Index(["P1", "P2", "P3"], name="patient_id")
    pre = pd.DataFrame({"volume": [100.0, 50.0, 0.0], "mean": [20.0, 0.0, 4.0]}, index=index)
    post = pd.DataFrame({"mean": [10.0, 3.0, 5.0], "volume": [60.0, 50.0, 7.0]}, index=index)
    return pre, post


def test_delta_is_post_minus_pre_and_relative_delta_divides_by_pre():
    pre, post = _tables()
    got = delta_features(pre, post)
    assert list(got.table.columns) == ["delta_volume", "delta_mean", "reldelta_volume",
                                       "reldelta_mean"]
    np.testing.assert_array_equal(got.table["delta_volume"], [-40.0, 0.0, 7.0])
    np.testing.assert_array_equal(got.table["delta_mean"], [-10.0, 3.0, 1.0])
    np.testing.assert_array_equal(got.table["reldelta_volume"].iloc[:2], [-0.4, 0.0])
    np.testing.assert_array_equal(got.table["reldelta_mean"].iloc[[0, 2]], [-0.5, 0.25])


def test_zero_pre_gives_nan_relative_delta_with_a_note_never_zero():
    pre, post = _tables()
    got = delta_features(pre, post)
    assert np.isnan(got.table.at["P3", "reldelta_volume"])
    assert np.isnan(got.table.at["P2", "reldelta_mean"])
    assert got.table.at["P3", "delta_volume"] == 7.0           # the delta itself is defined
    notes = got.notes.set_index(["patient_id", "feature"])["note"]
    assert set(notes.index) == {("P3", "volume"), ("P2", "mean")}
    assert notes.str.contains("pre value is 0").all()


def test_a_missing_value_is_noted():
    pre, post = _tables()
    post.loc["P1", "mean"] = np.nan
    got = delta_features(pre, post)
    assert np.isnan(got.table.at["P1", "delta_mean"])
    assert ("P1", "mean") in set(zip(got.notes.patient_id, got.notes.feature))


def test_mismatched_tables_are_refused():
    pre, post = _tables()
    with pytest.raises(InputError, match="one time point only"):
        delta_features(pre, post.drop(columns="mean"))
    with pytest.raises(InputError, match="different patients"):
        delta_features(pre, post.iloc[::-1])
