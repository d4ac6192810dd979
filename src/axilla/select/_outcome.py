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


def encode_labels(y) -> tuple[np.ndarray, np.ndarray]:
    """The two outcome labels (sorted; the second is the event) and y coded 0/1."""
    classes, codes = np.unique(np.asarray(y).ravel(), return_inverse=True)
    if classes.size > 2:
        raise ModelError(f"the outcome has {classes.size} classes ({list(classes[:5])}); "
                         "Axilla models a binary outcome",
                         fix="recode the outcome to two classes (0 = negative, 1 = positive)")
    if classes.size < 2:
        if np.isin(classes, (0, 1)).all():
            check_binary_outcome(codes + classes[0])     # says "no positives/negatives"
        raise ModelError(f"the training data has one outcome class only ({list(classes)})",
                         fix="both outcome classes are needed: use a stratified split or "
                             "fewer folds")
    return classes, codes.astype(float)
