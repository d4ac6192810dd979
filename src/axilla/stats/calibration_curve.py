"""Bootstrap bias-corrected calibration curve, as rms ``calibrate(method = "boot")``
(Harrell, Regression Modeling Strategies 2015, sec. 10.11): a lowess(p, y, iter = 0) curve
read on a 50-point grid of predicted risk, minus its mean bootstrap optimism."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, probabilities
from axilla.stats.lowess import lowess

GRID_POINTS = 50


@dataclass(frozen=True)
class CalibrationCurve:
    """``predicted`` grid; ``apparent`` and ``corrected`` observed risk on it (``ideal`` =
    the grid); ``n`` bootstrap curves that covered each grid point; error summaries of the
    patients' predictions against each curve (rms print.calibrate)."""

    predicted: np.ndarray
    apparent: np.ndarray
    corrected: np.ndarray
    optimism: np.ndarray
    n: np.ndarray
    error_apparent: dict
    error_corrected: dict
    n_boot: int

    @property
    def ideal(self) -> np.ndarray:
        return self.predicted


def smoothed_at(prob: np.ndarray, y: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """lowess(prob, y, iter=0) interpolated at ``grid`` (R ``approx``, first of tied x, NaN
    outside the data)."""
    xs, fitted = lowess(prob, y, iterations=0)
    knots, first = np.unique(xs, return_index=True)
    return np.interp(grid, knots, fitted[first], left=np.nan, right=np.nan)


def _errors(prob: np.ndarray, grid: np.ndarray, curve: np.ndarray) -> dict:
    """Mean |error|, mean squared error and 0.9 quantile of |error| of the patients'
    predictions against ``curve`` (interpolated; patients outside the grid left out)."""
    ok = ~np.isnan(curve)
    if not ok.any():   # e.g. every bootstrap refit predicts other values than the grid's
        raise StatsError("no bootstrap calibration curve reaches the grid of predicted risks "
                         "(the predictions take too few distinct values)",
                         fix="a calibration curve needs predictions that vary")
    err = prob - np.interp(prob, grid[ok], curve[ok], left=np.nan, right=np.nan)
    err = np.abs(err[~np.isnan(err)])
    return {"mean_abs": float(err.mean()), "mean_sq": float(np.mean(err ** 2)),
            "q90_abs": float(np.quantile(err, 0.9))}


def calibration_curve(fit_fn: Callable, X, y, n_boot: int = 1000, seed: int = 0) -> CalibrationCurve:
    """``fit_fn(X, y)`` returns ``predict(X) -> probabilities``; grid = 50 points from the 5th
    smallest to the 5th largest apparent prediction (rms' ``predy``)."""
    y = binary_outcome(y)
    X = np.asarray(X)
    if X.shape[0] != y.size:
        raise StatsError(f"X has {X.shape[0]} rows but y has {y.size} values", fix="pass one row per patient")
    prob = probabilities(fit_fn(X, y)(X), y.size, "fitted probabilities")
    ordered = np.sort(prob)
    grid = np.linspace(ordered[4], ordered[-5], GRID_POINTS)
    apparent = smoothed_at(prob, y, grid)
    rng = np.random.default_rng(seed)
    gaps = np.full((n_boot, GRID_POINTS), np.nan)
    done = 0
    while done < n_boot:
        idx = rng.integers(0, y.size, y.size)
        if y[idx].min() == y[idx].max():
            continue
        predict = fit_fn(X[idx], y[idx])
        training = smoothed_at(np.asarray(predict(X[idx]), dtype=float), y[idx], grid)
        test = smoothed_at(np.asarray(predict(X), dtype=float), y, grid)
        gaps[done] = training - test
        done += 1
    n = np.sum(~np.isnan(gaps), axis=0)
    with np.errstate(invalid="ignore"):
        optimism = np.where(n > 0, np.nansum(gaps, axis=0) / np.maximum(n, 1), np.nan)
    corrected = apparent - optimism
    return CalibrationCurve(grid, apparent, corrected, optimism, n, _errors(prob, grid, apparent),
                            _errors(prob, grid, corrected), n_boot)
