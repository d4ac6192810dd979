"""Delta-radiomics: the change of each feature between two time points of one patient.

For a feature value before (pre) and after (post) treatment:

- delta = post − pre, named ``delta_<feature>``;
- relative delta = (post − pre) / pre, named ``reldelta_<feature>`` (the usual
  delta-radiomics definition, e.g. Fave et al., Sci Rep 2017;7:588).

Where pre is 0 the relative delta is undefined: it is NaN and the patient and feature
are listed in the notes, never set to 0. Where either value is missing, both deltas are
NaN and noted too.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axilla.errors import InputError

DELTA_PREFIX = "delta_"
RELATIVE_PREFIX = "reldelta_"
NOTE_COLUMNS = ("patient_id", "feature", "note")


@dataclass(frozen=True)
class DeltaFeatures:
    """Delta and relative-delta features (one row per patient) and where they are NaN."""

    table: pd.DataFrame     # index patient_id; delta_* columns, then reldelta_* columns
    notes: pd.DataFrame     # patient_id, feature, note


def delta_features(pre: pd.DataFrame, post: pd.DataFrame) -> DeltaFeatures:
    """Delta and relative delta of every feature; ``pre`` and ``post`` have one row per
    patient (the same patients, index ``patient_id``) and the same feature columns."""
    missing = sorted(set(pre.columns) ^ set(post.columns))
    if missing:
        raise InputError(f"{len(missing)} feature(s) exist at one time point only, e.g. "
                         f"{missing[:3]}", fix="extract both time points with the same "
                         "settings, sequences and ROIs")
    if not pre.index.equals(post.index):
        raise InputError("the pre and post tables list different patients or a different "
                         "order", fix="align both tables on the patients with both time points")
    post = post[pre.columns]
    before, after = pre.to_numpy(float), post.to_numpy(float)
    delta = after - before
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(before == 0, np.nan, delta / before)
    table = pd.concat([
        pd.DataFrame(delta, index=pre.index, columns=[DELTA_PREFIX + c for c in pre.columns]),
        pd.DataFrame(relative, index=pre.index,
                     columns=[RELATIVE_PREFIX + c for c in pre.columns])], axis=1)
    table.index.name = "patient_id"
    return DeltaFeatures(table, _notes(pre.index, list(pre.columns), before, after))


def _notes(patients, features: list[str], before: np.ndarray, after: np.ndarray
           ) -> pd.DataFrame:
    rows = []
    for i, j in zip(*np.nonzero(~np.isfinite(before) | ~np.isfinite(after))):
        rows.append((patients[i], features[j], "missing at one time point: delta and "
                     "relative delta are NaN"))
    for i, j in zip(*np.nonzero(before == 0)):
        rows.append((patients[i], features[j], "pre value is 0: relative delta undefined "
                     "(NaN); delta kept"))
    return pd.DataFrame(rows, columns=list(NOTE_COLUMNS))
