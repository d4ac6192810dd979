"""Optimism-corrected performance by Efron's bootstrap (Efron 1983; Harrell, Lee & Mark
1996), as rms 6.5 ``validate.lrm(method = "boot")``: refit on each resample; "training" =
indexes of that fit on its resample, "test" = on the original data; optimism = mean of
(training - test); corrected = apparent - optimism. Indexes: Dxy (Somers), Nagelkerke R2,
calibration Intercept and Slope (refit of y on the linear predictor), Emax, discrimination
D, unreliability U, quality Q = D - U, Brier B, Gini mean differences g (logit) and gp
(probability)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, probabilities
from axilla.stats._logistic import binomial_deviance, fit_logistic
from axilla.stats.delong import placements

_CLIP = 1e-12
INDEXES = ("Dxy", "R2", "Intercept", "Slope", "Emax", "D", "U", "Q", "B", "g", "gp")


def gini_mean_difference(x: np.ndarray) -> float:
    """Mean |x_i - x_j| over pairs i != j (Hmisc ``GiniMd``), from the sorted values."""
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    return float(2 * np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / (n * (n - 1)))


def _indexes(y: np.ndarray, lp: np.ndarray, recalibrate: bool) -> np.ndarray:
    """rms ``discrim``: the apparent form (``recalibrate=False``: Intercept 0, Slope 1) or the
    test form (y refitted on lp)."""
    n = y.size
    p = expit(lp)
    null = binomial_deviance(y, np.full(n, y.mean()))
    dxy = 2 * placements(y, lp).auc - 1
    if recalibrate:
        fit = fit_logistic(np.column_stack([np.ones(n), lp]), y)
        intercept, slope = fit.coef
        lr = null - fit.deviance
        u = (binomial_deviance(y, p) - fit.deviance - 2) / n
        g, gp = gini_mean_difference(slope * lp), gini_mean_difference(expit(intercept + slope * lp))
    else:
        intercept, slope = 0.0, 1.0
        lr = null - binomial_deviance(y, p)
        u = -2 / n
        g, gp = gini_mean_difference(lp), gini_mean_difference(p)
    r2 = (1 - np.exp(-lr / n)) / (1 - np.exp(-null / n))
    d = (lr - 1) / n
    return np.array([dxy, r2, intercept, slope, np.nan, d, u, d - u, np.mean((y - p) ** 2), g, gp])


def _emax(intercept: float, slope: float) -> float:
    """max |p - plogis(a + b logit p)| over p in (0, 1) (rms: grid seq(0, 1, 0.0005))."""
    grid = np.arange(1, 2000) * 0.0005
    return float(np.max(np.abs(grid - expit(intercept + slope * logit(grid)))))


def validate_model(fit_fn: Callable, X, y, n_boot: int = 200, seed: int = 0) -> pd.DataFrame:
    """rms' validate table: rows ``INDEXES``, columns index.orig, training, test, optimism,
    index.corrected, n. ``fit_fn(X, y)`` returns ``predict(X) -> probabilities``; resamples
    with one outcome class are drawn again. A bootstrap fit near separation can predict
    probabilities that round to exactly 0 or 1; they are clipped to [1e-12, 1 - 1e-12] so
    the linear predictor stays finite (rms works on the linear predictor directly)."""
    y = binary_outcome(y)
    X = np.asarray(X)
    if X.shape[0] != y.size:
        raise StatsError(f"X has {X.shape[0]} rows but y has {y.size} values", fix="pass one row per patient")
    if n_boot < 1:
        raise StatsError(f"n_boot must be at least 1, got {n_boot}", fix="use e.g. n_boot=200")

    def linear_predictor(predict, rows) -> np.ndarray:
        prob = probabilities(predict(rows), rows.shape[0], "predicted probabilities")
        return logit(np.clip(prob, _CLIP, 1 - _CLIP))

    apparent = _indexes(y, linear_predictor(fit_fn(X, y), X), recalibrate=False)
    rng = np.random.default_rng(seed)
    training, test = [], []
    while len(training) < n_boot:
        idx = rng.integers(0, y.size, y.size)
        if y[idx].min() == y[idx].max():
            continue
        predict = fit_fn(X[idx], y[idx])
        training.append(_indexes(y[idx], linear_predictor(predict, X[idx]), recalibrate=False))
        test.append(_indexes(y, linear_predictor(predict, X), recalibrate=True))
    table = pd.DataFrame({"index.orig": apparent, "training": np.mean(training, axis=0),
                          "test": np.mean(test, axis=0)}, index=list(INDEXES))
    table["optimism"] = table["training"] - table["test"]
    table["index.corrected"] = table["index.orig"] - table["optimism"]
    emax = _emax(table.loc["Intercept", "index.corrected"], table.loc["Slope", "index.corrected"])
    table.loc["Emax"] = [0.0, 0.0, emax, emax, emax]
    table["n"] = n_boot
    return table


@dataclass(frozen=True)
class ValidatedC:
    """C index (= Dxy/2 + 1/2) apparent, optimism, corrected and the bootstrap means."""

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


def validate_c_index(fit_fn: Callable, X, y, n_boot: int = 200, seed: int = 0) -> ValidatedC:
    """The C-index row of ``validate_model`` (rms: ``v["Dxy", ] / 2 + 0.5``)."""
    row = validate_model(fit_fn, X, y, n_boot, seed).loc["Dxy"]
    return ValidatedC(row["index.orig"] / 2 + 0.5, row["optimism"] / 2, row["index.corrected"] / 2 + 0.5,
                      row["training"] / 2 + 0.5, row["test"] / 2 + 0.5, n_boot)
