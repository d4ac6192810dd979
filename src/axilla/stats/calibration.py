"""Calibration of predicted probabilities: rms ``val.prob`` (Harrell, rms 6.5.0) with its 18
statistics, calibration-in-the-large and slope (Van Calster et al. 2016, J Clin Epidemiol
74:167), Brier and scaled Brier, Spiegelhalter's z (Stat Med 1986, 5:421), E/O, and the
smoothed-calibration errors ICI / E50 / E90 / Emax (Austin & Steyerberg 2019, Stat Med 38:4051)
from R's ``lowess(p, y, iter = 0)`` as val.prob uses it."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.special import logit

from axilla.stats._checks import binary_outcome, probabilities
from axilla.stats._logistic import binomial_deviance, fit_logistic
from axilla.stats.delong import placements
from axilla.stats.lowess import lowess

VAL_PROB_NAMES = ("Dxy", "C (ROC)", "R2", "D", "D:Chi-sq", "D:p", "U", "U:Chi-sq", "U:p", "Q",
                  "Brier", "Intercept", "Slope", "Emax", "E90", "Eavg", "S:z", "S:p")


@dataclass(frozen=True)
class CalibrationStats:
    """Calibration of one set of predictions; ``val_prob`` holds rms' 18 named statistics
    (with ``D:p`` computed as the chi-square(1) tail, where rms 6.5.0 prints NA)."""

    intercept: float
    intercept_se: float
    intercept_p: float
    slope: float
    slope_se: float
    slope_intercept: float
    brier: float
    scaled_brier: float
    spiegelhalter_z: float
    spiegelhalter_p: float
    expected_over_observed: float
    ici: float
    e50: float
    e90: float
    emax: float
    val_prob: dict


def smoothed_calibration_error(y: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """|p - lowess(p, y, iter=0)(p)| per patient, in input order (val.prob's ``er``)."""
    order = np.argsort(prob, kind="stable")
    _, fitted = lowess(prob, y, iterations=0)
    smooth = np.empty_like(prob)
    smooth[order] = fitted
    return np.abs(prob - smooth)


def spiegelhalter(y: np.ndarray, prob: np.ndarray) -> tuple[float, float]:
    """z = Σ(y - p)(1 - 2p) / sqrt(Σ(1 - 2p)² p(1 - p)) and its two-sided normal p."""
    z = np.sum((y - prob) * (1 - 2 * prob)) / np.sqrt(np.sum((1 - 2 * prob) ** 2 * prob * (1 - prob)))
    return float(z), float(2 * stats.norm.sf(abs(z)))


def val_prob(y, prob) -> dict:
    """The 18 statistics of rms 6.5.0 ``val.prob(p, y)``. D, R2 (Nagelkerke), C and Dxy
    belong to the fixed calibration (intercept 0, slope 1): LR = null deviance - deviance
    at p; C is computed, as rms' Fortran ``lrmfit`` does, on p binned to floor(5000 p).
    Intercept/Slope = recalibration ``y ~ logit(p)``; U = deviance at p - recalibrated
    deviance; Q = D - U; lowess errors; Spiegelhalter."""
    y = binary_outcome(y)
    prob = probabilities(prob, y.size, open_interval=True)
    n = y.size
    lp = logit(prob)
    fit = fit_logistic(np.column_stack([np.ones(n), lp]), y)
    at_prob = binomial_deviance(y, prob)
    lr = fit.null_deviance - at_prob
    unreliability = at_prob - fit.deviance
    auc = placements(y, np.floor(5000 * prob)).auc
    errors = smoothed_calibration_error(y, prob)
    z, z_p = spiegelhalter(y, prob)
    r2 = (1 - np.exp(-lr / n)) / (1 - np.exp(-fit.null_deviance / n))
    values = [2 * auc - 1, auc, r2, (lr - 1) / n, lr, stats.chi2.sf(lr, 1),
              (unreliability - 2) / n, unreliability, stats.chi2.sf(unreliability, 2),
              (lr - 1) / n - (unreliability - 2) / n, np.mean((prob - y) ** 2),
              fit.coef[0], fit.coef[1], errors.max(), np.quantile(errors, 0.9), errors.mean(), z, z_p]
    return {name: float(v) for name, v in zip(VAL_PROB_NAMES, values)}


def calibration_stats(y, prob) -> CalibrationStats:
    """All calibration statistics of ``prob`` against ``y`` (see the module docstring):
    intercept = glm(y ~ offset(logit p)), slope = glm(y ~ logit p), converged MLE."""
    y = binary_outcome(y)
    prob = probabilities(prob, y.size, open_interval=True)
    n = y.size
    lp = logit(prob)
    citl = fit_logistic(np.ones((n, 1)), y, offset=lp)
    slope_fit = fit_logistic(np.column_stack([np.ones(n), lp]), y)
    brier = float(np.mean((prob - y) ** 2))
    prevalence = y.mean()
    errors = smoothed_calibration_error(y, prob)
    z, z_p = spiegelhalter(y, prob)
    citl_z = citl.coef[0] / citl.se[0]
    return CalibrationStats(
        intercept=float(citl.coef[0]), intercept_se=float(citl.se[0]),
        intercept_p=float(2 * stats.norm.sf(abs(citl_z))),
        slope=float(slope_fit.coef[1]), slope_se=float(slope_fit.se[1]),
        slope_intercept=float(slope_fit.coef[0]),
        brier=brier, scaled_brier=float(1 - brier / (prevalence * (1 - prevalence))),
        spiegelhalter_z=z, spiegelhalter_p=z_p,
        expected_over_observed=float(prob.sum() / y.sum()),
        ici=float(errors.mean()), e50=float(np.median(errors)), e90=float(np.quantile(errors, 0.9)),
        emax=float(errors.max()), val_prob=val_prob(y, prob))
