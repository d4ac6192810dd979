"""Unpenalised logistic regression by maximum likelihood, as R's ``glm(family = binomial)``.

IRLS as ``glm.fit`` iterates it, to ``glm.control(epsilon = 1e-12)``; standard errors
from the inverse information at the last IRLS weights (``summary.glm``); Wald z and two-sided normal p-values (``summary.glm``); Wald CIs
``beta -+ qnorm((1 + level)/2) * SE`` (``confint.default``); profile-likelihood CIs as
MASS computes them (Venables & Ripley, MASS 4th ed., section 8.4;
``MASS::confint.glm``). AIC = deviance + 2k, BIC =
deviance + k log n for a 0/1 outcome (``stats::AIC``/``BIC``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from axilla.errors import ModelError
from axilla.models._rspline import r_approx, r_spline
from axilla.models._separation import is_separated
from axilla.select._base import binary_outcome_tags
from axilla.select._outcome import check_binary_outcome, encode_labels

SEPARATION_ETA = 30.0   # |linear predictor| beyond this means a fitted probability of 0 or 1
EPS = np.finfo(float).eps
R_LINKINV_ETA = -np.log(EPS)   # R clamps exp(eta) to [eps, 1/eps]
R_MU_ETA_ETA = 30.0            # and d mu / d eta to eps beyond |eta| = 30


@dataclass(frozen=True)
class LogisticFit:
    """A fitted logistic model: coefficients (intercept first) and their covariance."""

    names: tuple[str, ...]
    coef: np.ndarray
    cov: np.ndarray
    deviance: float
    null_deviance: float
    n: int

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    @property
    def z(self) -> np.ndarray:
        return self.coef / self.se

    @property
    def p_value(self) -> np.ndarray:
        return 2.0 * stats.norm.sf(np.abs(self.z))

    @property
    def n_params(self) -> int:
        return self.coef.size

    @property
    def loglik(self) -> float:
        return -0.5 * self.deviance

    @property
    def aic(self) -> float:
        return self.deviance + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        return self.deviance + np.log(self.n) * self.n_params

    def wald_ci(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        half = stats.norm.ppf(0.5 + level / 2.0) * self.se
        return self.coef - half, self.coef + half

    def linear_predictor(self, X) -> np.ndarray:
        """``intercept + X beta`` for design rows without the intercept column."""
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:                      # one predictor given as a vector
            X = X[:, None]
        return self.coef[0] + X @ self.coef[1:]

    def predict_proba(self, X) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.linear_predictor(X)))

    def table(self, level: float = 0.95):
        """Coefficients, SE, z, p, odds ratios and Wald CIs as a DataFrame."""
        lower, upper = self.wald_ci(level)
        return pd.DataFrame({"term": self.names, "estimate": self.coef, "std_error": self.se,
                             "z": self.z, "p_value": self.p_value,
                             "odds_ratio": np.exp(self.coef), "or_lower": np.exp(lower),
                             "or_upper": np.exp(upper)})


def _binomial_deviance(y: np.ndarray, eta: np.ndarray) -> float:
    # -2 loglik, written stably: log(1 + e^eta) - y eta
    return float(2.0 * np.sum(np.logaddexp(0.0, eta) - y * eta))


def _newton(Z: np.ndarray, y: np.ndarray, offset: np.ndarray, start=None, tol: float = 1e-12,
            maxit: int = 100) -> tuple[np.ndarray, np.ndarray, float]:
    """IRLS for ``y ~ Z + offset`` exactly as R's ``glm.fit`` iterates.

    Starts from ``mustart = (y + 0.5) / 2`` (or ``start``); stops when
    ``|dev - dev_old| / (|dev| + 0.1) < tol``; the returned information matrix uses the
    weights of the last iteration, as ``summary.glm`` does.
    """
    if start is None:
        eta = np.log((y + 0.5) / (1.5 - y))
    else:
        eta = offset + Z @ np.asarray(start, dtype=float)
    dev_old = _binomial_deviance(y, eta)
    for _ in range(maxit):
        # R's logit linkinv / mu.eta clamp at |eta| > 36.04 and 30 (family.c)
        mu = 1.0 / (1.0 + np.exp(-np.clip(eta, -R_LINKINV_ETA, R_LINKINV_ETA)))
        mu_eta = np.where(np.abs(eta) > R_MU_ETA_ETA, EPS, mu * (1.0 - mu))
        weight = mu_eta ** 2 / (mu * (1.0 - mu))
        working = eta - offset + (y - mu) / mu_eta
        info = Z.T @ (Z * weight[:, None])
        try:
            beta = np.linalg.solve(info, Z.T @ (weight * working))
        except np.linalg.LinAlgError:
            raise ModelError("the design matrix is singular (collinear or constant columns)",
                             fix="remove duplicated or constant predictors") from None
        eta = offset + Z @ beta
        dev = _binomial_deviance(y, eta)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            return beta, info, dev
        dev_old = dev
    raise ModelError(f"the logistic fit did not converge in {maxit} iterations (deviance "
                     f"{dev:.6g}): the outcome is (nearly) separated by the predictors",
                     fix="drop or merge the separating predictor, or use a penalised model")


def _check_separation(Z: np.ndarray, eta: np.ndarray, y: np.ndarray, names) -> None:
    """ModelError when fitted probabilities of 0/1 come from separated data (no MLE);
    an extreme but finite fit (R's warning only) is accepted."""
    extreme = (np.abs(eta) > SEPARATION_ETA) & ((eta > 0) == (y > 0.5))
    if np.any(extreme) and is_separated(Z, y):
        raise ModelError(
            f"perfect or quasi-complete separation: {int(extreme.sum())} patients get a fitted "
            f"probability of 0 or 1 from predictors {', '.join(names[1:]) or '(none)'}",
            fix="drop or merge the predictor (or factor level) that separates the outcome, or "
                "use a penalised model (LASSO)")


def fit_logistic(X, y, names=None, *, offset=None) -> LogisticFit:
    """Fit ``y ~ 1 + X`` by maximum likelihood (``glm(..., family = binomial)``)."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    y = check_binary_outcome(y)
    n, k = X.shape
    names = tuple(names) if names is not None else tuple(f"x{j}" for j in range(k))
    names = ("(Intercept)",) + names
    if k + 1 > n:
        raise ModelError(f"{k} predictors for {n} patients: more parameters than patients",
                         fix="select features first (e.g. LASSO) or use fewer predictors")
    if not np.all(np.isfinite(X)):
        raise ModelError("the predictors contain missing or infinite values",
                         fix="impute or drop incomplete rows first")
    offset = np.zeros(n) if offset is None else np.asarray(offset, dtype=float)
    Z = np.column_stack([np.ones(n), X])
    if np.linalg.matrix_rank(Z) < Z.shape[1]:
        raise ModelError("the design matrix is singular (collinear or constant columns)",
                         fix="remove duplicated or constant predictors")
    beta, info, dev = _newton(Z, y, offset)
    _check_separation(Z, offset + Z @ beta, y, names)
    _, _, null_dev = _newton(np.ones((n, 1)), y, offset)
    return LogisticFit(names, beta, np.linalg.inv(info), dev, null_dev, n)


def profile_ci(X, y, fit: LogisticFit, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Profile-likelihood CIs for every coefficient (intercept first), as MASS computes them.

    ``MASS::profile.glm`` with ``alpha = (1 - level)/4``: the signed root deviance
    ``z = sign(b - b_hat) sqrt(dev(b) - dev_hat)`` at ``b_hat +- k * (zmax/5) * SE``,
    k = 1..9, until ``|z| >= zmax = sqrt(qchisq(1 - alpha, 1))``; ``confint.profile.glm``
    then reads ``z = qnorm((1 -+ level)/2)`` off an FMM spline of z against b.
    """
    X = np.asarray(X, dtype=float).reshape(fit.n, -1)
    y = check_binary_outcome(y)
    Z = np.column_stack([np.ones(fit.n), X])
    zmax = np.sqrt(stats.chi2.ppf(1.0 - (1.0 - level) / 4.0, 1))
    step_size = zmax / 5.0
    cutoff = stats.norm.ppf([(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    bounds = np.empty((fit.n_params, 2))
    for j in range(fit.n_params):
        others = np.delete(Z, j, axis=1)
        values, roots = [fit.coef[j]], [0.0]
        for sign in (-1.0, 1.0):
            start, z, step = np.delete(fit.coef, j), 0.0, 0
            while (step := step + 1) < 10 and abs(z) < zmax:
                value = fit.coef[j] + sign * step * step_size * fit.se[j]
                start, _, dev = _newton(others, y, Z[:, j] * value, start=start)
                z = sign * np.sqrt(max(dev - fit.deviance, 0.0))
                values.append(value)
                roots.append(z)
        grid, spline_z = r_spline(values, roots)
        bounds[j] = r_approx(spline_z, grid, cutoff)
    if np.isnan(bounds).any():
        bad = [fit.names[j] for j in np.flatnonzero(np.isnan(bounds).any(axis=1))]
        raise ModelError(f"the profile likelihood of {bad} does not reach the CI level "
                         "(near separation)", fix="use Wald CIs or a penalised model")
    return bounds[:, 0], bounds[:, 1]


def lr_test(small: LogisticFit, large: LogisticFit) -> tuple[float, int, float]:
    """Likelihood-ratio chi-square, df and p of two nested fits (``anova(..., test="Chisq")``)."""
    chisq = small.deviance - large.deviance
    df = large.n_params - small.n_params
    return chisq, df, float(stats.chi2.sf(chisq, df))


class LogisticMLE(ClassifierMixin, BaseEstimator):
    """scikit-learn face of ``fit_logistic``: unpenalised, with ``fit_`` (LogisticFit).

    With zero input columns it fits the intercept-only model (a constant prediction).
    """

    def fit(self, X, y):
        X, y = validate_data(self, X, y, dtype=float, ensure_min_features=0)
        self.classes_, y = encode_labels(y)
        self.fit_ = fit_logistic(X, y, getattr(self, "feature_names_in_", None))
        self.coef_ = self.fit_.coef[1:].copy()
        self.intercept_ = float(self.fit_.coef[0])
        return self

    def __sklearn_tags__(self):
        return binary_outcome_tags(super().__sklearn_tags__())

    def decision_function(self, X):
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, dtype=float, reset=False, ensure_min_features=0)
        return self.intercept_ + X @ self.coef_

    def predict_proba(self, X):
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]
