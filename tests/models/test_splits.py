"""Splits keep patients on one side and never put validation patients in training."""
import numpy as np
import pandas as pd
import pytest

from axilla.errors import InputError, SettingsError
from axilla.cohort.aggregate import aggregate_to_patient
from axilla.models.splits import (random_split, repeated_folds, split_by_column,
                                  stratified_split, temporal_split)


def test_stratified_split_keeps_the_ratio_and_is_seeded(seed):
    y = np.r_[np.ones(30), np.zeros(70)]
    train, test = stratified_split(y, test_size=0.3, random_state=seed)
    assert (len(train), len(test)) == (70, 30)
    assert y[test].sum() == 9 and y[train].sum() == 21          # 30 % of 30 positives
    again = stratified_split(y, test_size=0.3, random_state=seed)
    np.testing.assert_array_equal(train, again[0])
    assert set(train).isdisjoint(test)


def test_patient_groups_never_straddle(seed):
    groups = np.repeat([f"P{i}" for i in range(40)], 3)        # three images per patient
    y = np.repeat(np.r_[np.ones(15), np.zeros(25)], 3)
    train, test = stratified_split(y, test_size=0.25, random_state=seed, groups=groups)
    assert set(groups[train]).isdisjoint(groups[test])
    for fold_train, fold_test in repeated_folds(y, n_splits=4, n_repeats=2, random_state=seed,
                                                groups=groups):
        assert set(groups[fold_train]).isdisjoint(groups[fold_test])


def test_repeated_folds_cover_every_patient_once_per_repeat(seed):
    y = np.r_[np.ones(12), np.zeros(28)]
    folds = repeated_folds(y, n_splits=4, n_repeats=3, random_state=seed)
    assert len(folds) == 12
    for r in range(3):
        tested = np.concatenate([test for _, test in folds[4 * r:4 * r + 4]])
        np.testing.assert_array_equal(np.sort(tested), np.arange(40))
        assert all(y[test].sum() == 3 for _, test in folds[4 * r:4 * r + 4])


def test_random_temporal_and_column_splits():
    train, test = random_split(10, train_fraction=0.7, random_state=1)
    assert len(train) == 7 and len(test) == 3 and set(train).isdisjoint(test)
    dates = ["2018-03-01", "2019-06-01", "2017-01-15", "2020-02-02"]
    train, test = temporal_split(dates, cutoff="2019-01-01")
    np.testing.assert_array_equal(train, [0, 2])
    np.testing.assert_array_equal(test, [1, 3])
    train, test = temporal_split(dates, train_fraction=0.5)
    np.testing.assert_array_equal(train, [0, 2])
    centre = ["A", "B", "A", "C"]
    train, test = split_by_column(centre, ["A"])
    np.testing.assert_array_equal(train, [0, 2])
    np.testing.assert_array_equal(test, [1, 3])
    with pytest.raises(InputError, match="do not occur"):
        split_by_column(centre, ["Z"])
    with pytest.raises(SettingsError, match="exactly one"):
        temporal_split(dates)


def test_aggregate_images_to_patients():
    rows = pd.DataFrame({"patient": ["P1", "P1", "P2"], "volume": [2.0, 5.0, 1.0],
                         "f": [1.0, 3.0, 7.0]})
    assert aggregate_to_patient(rows, "patient", how="mean").loc["P1", "f"] == 2.0
    assert aggregate_to_patient(rows, "patient", how="max").loc["P1", "f"] == 3.0
    largest = aggregate_to_patient(rows, "patient", how="largest", size_column="volume")
    assert largest.loc["P1", "f"] == 3.0 and largest.loc["P2", "f"] == 7.0
