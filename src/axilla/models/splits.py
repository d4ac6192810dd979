"""Training / validation splits and CV folds, by patient.

Every function returns positions (numpy integer arrays) into the rows given. A patient
with several images (rows) is always on one side: ``groups`` keeps a patient's rows
together (scikit-learn ``StratifiedGroupKFold`` / group-aware shuffling). External
cohorts are never split: ``split_by_column`` puts them in validation.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, train_test_split

from axilla.errors import InputError, ModelError, SettingsError
from axilla.select._outcome import check_binary_outcome


def _check_fraction(test_size: float) -> None:
    if not 0 < test_size < 1:
        raise SettingsError(f"test_size must be in (0, 1), got {test_size}",
                            fix="use e.g. 0.3 for a 7:3 split")


def stratified_split(y, *, test_size: float = 0.3, random_state: int,
                     groups=None) -> tuple[np.ndarray, np.ndarray]:
    """Random split keeping the outcome ratio; ``groups`` keeps each patient on one side."""
    _check_fraction(test_size)
    y = check_binary_outcome(y, where="the cohort to split")
    if groups is None:
        rows = np.arange(y.size)
        return tuple(np.sort(part) for part in train_test_split(
            rows, test_size=test_size, stratify=y, random_state=random_state))
    groups = np.asarray(groups)
    patients = np.unique(groups)
    patient_y = pd.Series(y).groupby(groups).max().loc[patients].to_numpy()
    train_p, _ = train_test_split(patients, test_size=test_size, stratify=patient_y,
                                  random_state=random_state)
    in_train = np.isin(groups, train_p)
    return np.flatnonzero(in_train), np.flatnonzero(~in_train)


def random_split(n: int, *, train_fraction: float, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    """Unstratified split of ``round(train_fraction * n)`` rows (like R ``sample``)."""
    _check_fraction(train_fraction)
    rng = np.random.default_rng(random_state)
    train = np.sort(rng.choice(n, size=int(round(train_fraction * n)), replace=False))
    return train, np.setdiff1d(np.arange(n), train)


def temporal_split(dates, *, cutoff=None, train_fraction: float | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Patients before ``cutoff`` train, the rest validate (or the earliest fraction)."""
    dates = pd.to_datetime(pd.Series(dates), errors="coerce")
    if dates.isna().any():
        raise InputError(f"{int(dates.isna().sum())} dates cannot be read",
                         fix="write dates as YYYY-MM-DD")
    if (cutoff is None) == (train_fraction is None):
        raise SettingsError("give exactly one of cutoff or train_fraction",
                            fix="e.g. cutoff='2019-01-01' or train_fraction=0.7")
    if cutoff is None:
        _check_fraction(train_fraction)
        cutoff = dates.sort_values().iloc[int(round(train_fraction * len(dates)))]
    in_train = (dates < pd.Timestamp(cutoff)).to_numpy()
    return np.flatnonzero(in_train), np.flatnonzero(~in_train)


def split_by_column(values, train_values) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose value (centre, cohort label) is in ``train_values`` train; the rest validate."""
    values = pd.Series(values).astype(str)
    train_values = {str(v) for v in np.atleast_1d(train_values)}
    unknown = train_values - set(values)
    if unknown:
        raise InputError(f"training value(s) {sorted(unknown)} do not occur in the column",
                         fix=f"values present: {sorted(set(values))}")
    in_train = values.isin(train_values).to_numpy()
    return np.flatnonzero(in_train), np.flatnonzero(~in_train)


def repeated_folds(y, *, n_splits: int = 5, n_repeats: int = 1, random_state: int,
                   groups=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Repeated stratified k-fold (group-aware when ``groups`` is given)."""
    y = check_binary_outcome(y, where="the training cohort")
    if min(int(y.sum()), int((1 - y).sum())) < n_splits:
        raise ModelError(f"{n_splits}-fold CV needs at least {n_splits} patients of each class",
                         fix="use fewer folds")
    folds = []
    for r in range(n_repeats):
        seed = np.random.SeedSequence([random_state, r]).generate_state(1)[0]
        if groups is None:
            splitter = StratifiedKFold(n_splits, shuffle=True, random_state=int(seed))
            folds += list(splitter.split(np.zeros(y.size), y))
        else:
            splitter = StratifiedGroupKFold(n_splits, shuffle=True, random_state=int(seed))
            folds += list(splitter.split(np.zeros(y.size), y, groups))
    return folds
