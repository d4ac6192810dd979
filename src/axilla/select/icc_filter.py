"""Keep features that are reproducible: ICC at or above a threshold in a robustness table.

The ICC table (feature name -> ICC, e.g. ICC(2,1) or ICC(3,1) from a test-retest or
inter-reader study; Koo & Li 2016, J Chiropr Med 15:155, call 0.75 "good") is an input:
it is measured on separate data, so using it inside CV does not leak outcome labels.
"""
from __future__ import annotations

import numpy as np
from sklearn.utils.validation import validate_data

from axilla.errors import InputError, SettingsError
from axilla.select._base import MaskSelector

MISSING_POLICIES = ("error", "keep", "drop")


class ICCFilter(MaskSelector):
    """Keep features with ``icc[name] >= threshold``; ``missing`` decides absent names."""

    def __init__(self, *, icc=None, threshold: float = 0.75, missing: str = "error"):
        self.icc = icc
        self.threshold = threshold
        self.missing = missing

    def fit(self, X, y=None):
        if self.missing not in MISSING_POLICIES:
            raise SettingsError(f"missing must be one of {MISSING_POLICIES}, got {self.missing!r}",
                                fix="use 'error', 'keep' or 'drop'")
        X = validate_data(self, X, dtype=float)
        names = getattr(self, "feature_names_in_", [f"x{j}" for j in range(X.shape[1])])
        table = dict(self.icc or {})
        absent = [n for n in names if n not in table]
        if absent and self.missing == "error":
            raise InputError(f"{len(absent)} features have no ICC (e.g. {absent[:3]})",
                             fix="add them to the ICC table or set missing='keep' or 'drop'")
        default = np.inf if self.missing == "keep" else -np.inf
        self.icc_values_ = np.array([float(table.get(n, default)) for n in names])
        self.support_ = self.icc_values_ >= self.threshold
        return self
