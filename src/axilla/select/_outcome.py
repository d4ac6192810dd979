"""The binary outcome check every selector and model shares."""
from __future__ import annotations

import numpy as np

from axilla.errors import ModelError


def check_binary_outcome(y, where: str = "the training data") -> np.ndarray:
    """Return ``y`` as floats 0/1; raise ModelError unless both classes are present."""
    values = np.asarray(y, dtype=float).ravel()
    if values.size == 0:
        raise ModelError(f"{where} has no patients", fix="check the cohort split")
    if not np.all(np.isin(values, (0.0, 1.0))):
        found = sorted(set(np.unique(values[~np.isin(values, (0.0, 1.0))]).tolist()))[:5]
        raise ModelError(f"the outcome must be coded 0/1; {where} has {found}",
                         fix="recode the outcome column to 0 (negative) and 1 (positive)")
    positives = int(values.sum())
    if positives == 0 or positives == values.size:
        which = "no positives" if positives == 0 else "no negatives"
        raise ModelError(f"{where} has {which} ({values.size} patients, {positives} positive)",
                         fix="both outcome classes are needed: use a stratified split or "
                             "fewer folds")
    return values
