"""LASSO logistic regression with cross-validated lambda, as R's ``glmnet::cv.glmnet``.

Definitions follow glmnet 4.1 (Friedman, Hastie, Tibshirani 2010, J Stat Softw 33(1);
the ``glmnet``/``cv.glmnet`` R documentation):

- x is standardised with the weighted mean and the population SD (divisor n); the
  penalty ``lambda * sum|beta|`` applies on that scale; coefficients are reported on
  the original scale.
- lambda path: ``lambda_max = max_j |x_j' (y - ybar)| / n`` (standardised x), then
  ``nlambda`` values down to ``lambda_max * lambda_min_ratio`` on a log scale, with
  ``lambda_min_ratio = 0.01`` if n < p else ``1e-4``; the path stops early by glmnet's
  rules (see ``_lognet``).
- CV: every fold builds its own lambda path (cv.glmnet does not pass the full-data
  path to the folds); its coefficients are read at the full-data lambdas by linear
  interpolation in lambda, clamped at the ends; held-out probabilities are clipped to [1e-5, 1 - 1e-5]; fold deviance = mean of ``-2 loglik``; ``cvm`` is the
  fold-size weighted mean, ``cvsd = sqrt(weighted var / (K - 1))``; ``lambda.min`` is the
  largest lambda with the smallest cvm, ``lambda.1se`` the largest lambda whose cvm is
  within one cvsd of it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from sklearn.utils.validation import validate_data

from axilla.errors import ModelError, SettingsError
from axilla.select._base import MaskSelector
from axilla.select._lognet import lognet_path
from axilla.select._outcome import check_binary_outcome, encode_labels

CV_PROB_MIN = 1e-5   # cv.glmnet clips held-out probabilities to [1e-5, 1 - 1e-5]
GLMNET_THRESH = 1e-7  # glmnet's default convergence threshold


@dataclass(frozen=True)
class LassoPath:
    """A glmnet path: one column of coefficients (original scale) per lambda."""

    lambdas: np.ndarray
    intercepts: np.ndarray
    coefs: np.ndarray          # (n_features, n_lambdas), original scale
    dev_ratio: np.ndarray
    means: np.ndarray          # standardisation used by the fit (population SD)
    scales: np.ndarray

    @property
    def nzero(self) -> np.ndarray:
        return (self.coefs != 0).sum(axis=0)

    def linear_predictor(self, X: np.ndarray) -> np.ndarray:
        """(n_samples, n_lambdas) linear predictors on new data."""
        return np.asarray(X, dtype=float) @ self.coefs + self.intercepts


@dataclass(frozen=True)
class LassoCVResult:
    """What ``cv.glmnet`` returns: the curve, its optimum and the full-data path."""

    path: LassoPath
    cvm: np.ndarray
    cvsd: np.ndarray
    index_min: int            # 0-based positions in ``path.lambdas``
    index_1se: int

    @property
    def lambdas(self) -> np.ndarray:
        return self.path.lambdas

    @property
    def lambda_min(self) -> float:
        return float(self.path.lambdas[self.index_min])

    @property
    def lambda_1se(self) -> float:
        return float(self.path.lambdas[self.index_1se])

    @property
    def cvup(self) -> np.ndarray:
        return self.cvm + self.cvsd

    @property
    def cvlo(self) -> np.ndarray:
        return self.cvm - self.cvsd


def _standardise(X: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    means = w @ X
    scales = np.sqrt(np.maximum(w @ (X * X) - means * means, 0.0))
    usable = scales > 0
    xs = np.zeros_like(X)
    xs[:, usable] = (X[:, usable] - means[usable]) / scales[usable]
    return xs, means, np.where(usable, scales, 1.0)


def lambda_sequence(X: np.ndarray, y: np.ndarray, nlambda: int = 100,
                    lambda_min_ratio: float | None = None) -> np.ndarray:
    """glmnet's default lambda path for a binomial lasso."""
    X = np.asarray(X, dtype=float)
    y = check_binary_outcome(y)
    n, p = X.shape
    w = np.full(n, 1.0 / n)
    xs, _, _ = _standardise(X, w)
    lambda_max = np.max(np.abs(xs.T @ (w * (y - y.mean()))))
    if lambda_min_ratio is None:
        lambda_min_ratio = 0.01 if n < p else 1e-4
    if not 0 < lambda_min_ratio < 1:
        raise SettingsError(f"lambda_min_ratio must be in (0, 1), got {lambda_min_ratio}",
                            fix="use a value such as 0.01 or 1e-4")
    return lambda_max * lambda_min_ratio ** (np.arange(nlambda) / (nlambda - 1))


def lasso_path(X, y, lambdas=None, *, nlambda: int = 100, lambda_min_ratio: float | None = None,
               thresh: float = GLMNET_THRESH, maxit: int = 100_000) -> LassoPath:
    """Fit the binomial lasso along ``lambdas`` (glmnet's own path when None)."""
    X = np.asarray(X, dtype=float)
    y = check_binary_outcome(y)
    if X.ndim != 2 or X.shape[0] != y.shape[0]:
        raise ModelError(f"X has shape {X.shape} but y has {y.shape[0]} values",
                         fix="give one row of X per outcome value")
    if not np.all(np.isfinite(X)):
        raise ModelError("the feature matrix contains missing or infinite values",
                         fix="impute or drop them before the LASSO")
    stop_early = lambdas is None
    if lambdas is None:
        lambdas = lambda_sequence(X, y, nlambda, lambda_min_ratio)
    lambdas = np.asarray(lambdas, dtype=float)
    if lambdas.ndim != 1 or np.any(lambdas < 0) or np.any(np.diff(lambdas) > 0):
        raise SettingsError("lambdas must be non-negative and decreasing",
                            fix="sort the lambda values from largest to smallest")
    n = X.shape[0]
    w = np.full(n, 1.0 / n)
    xs, means, scales = _standardise(X, w)
    varying = np.ptp(X, axis=0) > 0       # constant columns stay at 0 (glmnet's "ju")
    a0, beta, dev_ratio, fitted = lognet_path(np.asfortranarray(xs[:, varying]), y, w,
                                              lambdas, float(thresh), int(maxit), stop_early)
    coefs = np.zeros((X.shape[1], fitted))
    coefs[varying] = beta / scales[varying, None]
    intercepts = a0 - means @ coefs
    return LassoPath(lambdas[:fitted].copy(), intercepts, coefs, dev_ratio, means, scales)


def interpolate_path(path: LassoPath, lambdas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intercepts and coefficients at ``lambdas``: linear in lambda between the path's
    fits and clamped at its ends (glmnet's ``lambda.interp`` behind ``predict(s=)``)."""
    grid = path.lambdas[::-1]
    table = np.vstack([path.intercepts, path.coefs])[:, ::-1]
    if grid.size == 1:
        values = np.repeat(table, lambdas.size, axis=1)
    else:
        values = np.vstack([np.interp(lambdas, grid, row) for row in table])
    return values[0], values[1:]


def _fold_deviance(path: LassoPath, lambdas: np.ndarray, X: np.ndarray,
                   y: np.ndarray) -> np.ndarray:
    """Mean held-out deviance of the fold's own path, read at the full-data lambdas."""
    intercepts, coefs = interpolate_path(path, lambdas)
    lp = X @ coefs + intercepts
    p = np.clip(expit(lp), CV_PROB_MIN, 1.0 - CV_PROB_MIN)
    dev = -2.0 * (y[:, None] * np.log(p) + (1.0 - y[:, None]) * np.log(1.0 - p))
    return dev.mean(axis=0)


def cv_lasso(X, y, foldid, *, nlambda: int = 100, lambda_min_ratio: float | None = None,
             thresh: float = GLMNET_THRESH) -> LassoCVResult:
    """``cv.glmnet(x, y, family = "binomial", type.measure = "deviance", foldid = foldid)``."""
    X = np.asarray(X, dtype=float)
    y = check_binary_outcome(y)
    foldid = np.asarray(foldid)
    folds = np.unique(foldid)
    if foldid.shape[0] != y.shape[0] or folds.size < 3:
        raise SettingsError(f"foldid must give one fold per patient and at least 3 folds "
                            f"(got {folds.size} folds for {y.shape[0]} patients)",
                            fix="use n_folds >= 3")
    path = lasso_path(X, y, nlambda=nlambda, lambda_min_ratio=lambda_min_ratio, thresh=thresh)
    fold_dev = np.empty((folds.size, path.lambdas.size))
    sizes = np.empty(folds.size)
    for k, fold in enumerate(folds):
        held = foldid == fold
        check_binary_outcome(y[~held], where=f"the training part of CV fold {fold}")
        fold_path = lasso_path(X[~held], y[~held], nlambda=nlambda,
                               lambda_min_ratio=lambda_min_ratio, thresh=thresh)
        fold_dev[k] = _fold_deviance(fold_path, path.lambdas, X[held], y[held])
        sizes[k] = held.sum()
    cvm = sizes @ fold_dev / sizes.sum()
    cvsd = np.sqrt((sizes @ (fold_dev - cvm) ** 2) / sizes.sum() / (folds.size - 1))
    index_min = int(np.flatnonzero(cvm <= cvm.min())[0])
    index_1se = int(np.flatnonzero(cvm <= cvm[index_min] + cvsd[index_min])[0])
    return LassoCVResult(path, cvm, cvsd, index_min, index_1se)


def make_foldid(y, n_folds: int, random_state) -> np.ndarray:
    """Fold numbers 1..K in random order, as ``sample(rep(seq(K), length = n))``."""
    n = np.asarray(y).shape[0]
    rng = np.random.default_rng(random_state)
    return rng.permutation(np.resize(np.arange(1, n_folds + 1), n))


class LassoSettings:
    """The cross-validated LASSO's settings, shared by LassoSelector and RadScore."""

    def __init__(self, *, lambda_rule: str = "1se", n_folds: int = 10, nlambda: int = 100,
                 lambda_min_ratio: float | None = None, thresh: float = GLMNET_THRESH,
                 random_state=None):
        self.lambda_rule = lambda_rule
        self.n_folds = n_folds
        self.nlambda = nlambda
        self.lambda_min_ratio = lambda_min_ratio
        self.thresh = thresh
        self.random_state = random_state


class LassoSelector(LassoSettings, MaskSelector):
    """Keep the features with a nonzero coefficient at ``lambda.min`` or ``lambda.1se``.

    Fitted attributes: ``cv_`` (LassoCVResult), ``lambda_``, ``coef_`` and
    ``intercept_`` (original scale, all input features), ``mean_`` and ``scale_``
    (the population-SD standardisation the fit used).
    """

    def fit(self, X, y, foldid=None):
        if self.lambda_rule not in ("min", "1se"):
            raise SettingsError(f"lambda_rule must be 'min' or '1se', got {self.lambda_rule!r}",
                                fix="use lambda_rule='1se' (sparser) or 'min'")
        X, y = validate_data(self, X, y, dtype=float)
        _, y = encode_labels(y)
        if foldid is None:
            foldid = make_foldid(y, self.n_folds, self.random_state)
        self.cv_ = cv_lasso(X, y, foldid, nlambda=self.nlambda,
                            lambda_min_ratio=self.lambda_min_ratio, thresh=self.thresh)
        index = self.cv_.index_min if self.lambda_rule == "min" else self.cv_.index_1se
        self.lambda_ = float(self.cv_.lambdas[index])
        self.coef_ = self.cv_.path.coefs[:, index].copy()
        self.intercept_ = float(self.cv_.path.intercepts[index])
        self.mean_ = self.cv_.path.means.copy()
        self.scale_ = self.cv_.path.scales.copy()
        self.support_ = self.coef_ != 0
        return self
