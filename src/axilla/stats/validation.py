"""Optimism-corrected discrimination by Efron's bootstrap (Efron 1983; Harrell, Lee & Mark
1996), as rms ``validate(method = "boot")``: refit on each resample, optimism = mean of
(C on the resample - C of that fit on the original data), corrected = apparent - optimism.
Dxy = 2 (C - 1/2)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome
from axilla.stats.delong import placements


@dataclass(frozen=True)
class ValidatedC:
    apparent: float
    optimism: float
    corrected: float
    training_mean: float
    test_mean: float
    n_boot: int

    @property
    def dxy(self) -> tuple[float, float, float]:
        """(apparent, optimism, corrected) Somers' Dxy."""
        return 2 * self.apparent - 1, 2 * self.optimism, 2 * self.corrected - 1


def _c_index(y: np.ndarray, prob) -> float:
    return placements(y, np.asarray(prob, dtype=float)).auc


def validate_c_index(fit_fn: Callable, X, y, n_boot: int = 200, seed: int = 0) -> ValidatedC:
    """``fit_fn(X, y)`` returns a ``predict(X) -> risk`` callable; resamples with a single
    outcome class are drawn again (rms refits only where the fit succeeds)."""
    y = binary_outcome(y)
    X = np.asarray(X)
    if X.shape[0] != y.size:
        raise StatsError(f"X has {X.shape[0]} rows but y has {y.size} values", fix="pass one row per patient")
    if n_boot < 1:
        raise StatsError(f"n_boot must be at least 1, got {n_boot}", fix="use e.g. n_boot=200")
    apparent = _c_index(y, fit_fn(X, y)(X))
    rng = np.random.default_rng(seed)
    training, test = [], []
    while len(training) < n_boot:
        idx = rng.integers(0, y.size, y.size)
        if y[idx].min() == y[idx].max():
            continue
        predict = fit_fn(X[idx], y[idx])
        training.append(_c_index(y[idx], predict(X[idx])))
        test.append(_c_index(y, predict(X)))
    optimism = float(np.mean(training) - np.mean(test))
    return ValidatedC(apparent, optimism, apparent - optimism, float(np.mean(training)),
                      float(np.mean(test)), n_boot)
