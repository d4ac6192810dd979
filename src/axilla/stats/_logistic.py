"""Maximum-likelihood logistic regression by Newton-Raphson (McCullagh & Nelder 1989, ch. 4),
converged to |Δdeviance| < 1e-12 relative as R's ``glm.control(epsilon=1e-12)`` -- the small
fitter that the calibration statistics and their bootstraps need."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from axilla.errors import StatsError


@dataclass(frozen=True)
class LogisticFit:
    coef: np.ndarray
    cov: np.ndarray
    deviance: float
    null_deviance: float

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))


def binomial_deviance(y: np.ndarray, p: np.ndarray) -> float:
    """-2 log-likelihood of 0/1 outcomes at probabilities ``p``."""
    with np.errstate(divide="ignore"):
        return float(-2 * np.sum(np.where(y == 1, np.log(p), np.log1p(-p))))


def fit_logistic(X: np.ndarray, y: np.ndarray, offset: np.ndarray | None = None,
                 max_iter: int = 100, tol: float = 1e-12) -> LogisticFit:
    """Fit ``logit P(y=1) = offset + X b`` (X includes the intercept column if wanted)."""
    X = np.asarray(X, dtype=float)
    offset = np.zeros(y.size) if offset is None else np.asarray(offset, dtype=float)
    beta = np.zeros(X.shape[1])
    deviance = np.inf
    for _ in range(max_iter):
        p = expit(offset + X @ beta)
        w = p * (1 - p)
        info = X.T @ (X * w[:, None])
        try:
            step = np.linalg.solve(info, X.T @ (y - p))
        except np.linalg.LinAlgError:
            raise StatsError("the logistic calibration model is singular (constant predictions?)",
                             fix="check that the predictions vary between patients") from None
        beta = beta + step
        new = binomial_deviance(y, expit(offset + X @ beta))
        if abs(new - deviance) < tol * (abs(new) + 0.1):
            deviance = new
            break
        deviance = new
    else:
        raise StatsError(f"the logistic calibration model did not converge in {max_iter} iterations",
                         fix="the predictions may separate the outcomes perfectly; check them")
    p = expit(offset + X @ beta)
    info = X.T @ (X * (p * (1 - p))[:, None])
    mean = y.mean()
    return LogisticFit(beta, np.linalg.inv(info), deviance,
                       binomial_deviance(y, np.full(y.size, mean)))
