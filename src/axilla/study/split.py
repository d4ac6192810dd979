"""Assign every patient to a cohort as the study's ``split`` says."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.models.splits import split_by_column, stratified_split, temporal_split
from axilla.study.config import SplitConfig


def assign_cohorts(clinical: pd.DataFrame, split: SplitConfig, outcome: str,
                   seed: int) -> pd.Series:
    """A cohort name per patient (index of ``clinical``).

    ``column``: the named column; ``random``: stratified ``ratio`` to training, the rest
    validation; ``temporal``: the earliest ``ratio`` by date to training; ``centre``:
    ``external_centres`` become "external", the other centres split at random.
    """
    cohort = pd.Series("validation", index=clinical.index, dtype=object)
    if split.method == "column":
        return clinical[split.column].astype(str)
    if split.method == "temporal":
        train, _ = temporal_split(clinical[split.date_column], train_fraction=split.ratio)
        cohort.iloc[train] = split.training
        return cohort
    internal = np.ones(len(clinical), bool)
    if split.method == "centre":
        centres = clinical[split.centre_column].astype(str)
        split_by_column(centres, split.external_centres)  # every named centre must exist
        internal = ~centres.isin(split.external_centres).to_numpy()
        cohort[~internal] = "external"
    rows = np.flatnonzero(internal)
    train, _ = stratified_split(clinical[outcome].to_numpy()[rows], test_size=1 - split.ratio,
                                random_state=seed)
    cohort.iloc[rows[train]] = split.training
    return cohort
