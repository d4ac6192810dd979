"""LASSO figures as glmnet draws them: CV deviance against log(λ), and the coefficient path.

Friedman, Hastie & Tibshirani 2010 (J Stat Softw 33:1), ``plot.cv.glmnet`` /
``plot.glmnet(xvar = "lambda")``. The input is duck-typed: any object with ``lambdas``,
``cvm``, ``cvsd``, ``lambda_min``, ``lambda_1se`` (CV panel) and ``coef_path``
(features x lambdas), ``feature_names`` (path panel).
"""
from __future__ import annotations

import numpy as np

from axilla.errors import InputError
from axilla.plots._checks import paired_arrays
from axilla.plots._style import INK, MID_GREY, axes_or_new, series_style, styled


def _mark_lambdas(ax, lasso) -> None:
    for value, style, name in ((lasso.lambda_min, "--", "λ.min"), (lasso.lambda_1se, ":", "λ.1se")):
        ax.axvline(np.log(value), color=INK, linestyle=style, linewidth=0.9, label=name)


@styled
def plot_lasso_cv(lasso, ax=None):
    """Mean CV binomial deviance ± 1 SE against log(λ), λ.min and λ.1se marked."""
    ax = axes_or_new(ax)
    log_lambda, cvm = paired_arrays(np.log(np.asarray(lasso.lambdas, dtype=float)),
                                    lasso.cvm, "LASSO CV curve")
    _, cvsd = paired_arrays(log_lambda, lasso.cvsd, "LASSO CV standard errors")
    ax.errorbar(log_lambda, cvm, yerr=cvsd, fmt="o", color=INK, ecolor=MID_GREY,
                elinewidth=0.6, capsize=1.5, markersize=2.5, label="CV deviance ± 1 SE")
    _mark_lambdas(ax, lasso)
    ax.set(xlabel="log(λ)", ylabel="Binomial deviance")
    ax.legend(loc="upper left")
    return ax.figure


@styled
def plot_lasso_path(lasso, ax=None, max_labels: int = 6):
    """Each feature's coefficient against log(λ); the ``max_labels`` largest at λ.min are
    named (six line styles: no two named lines look alike)."""
    ax = axes_or_new(ax)
    path = np.asarray(lasso.coef_path, dtype=float)
    log_lambda = np.log(np.asarray(lasso.lambdas, dtype=float))
    names = list(lasso.feature_names)
    if path.shape != (len(names), log_lambda.size):
        raise InputError(f"LASSO path has shape {path.shape}, expected "
                         f"({len(names)} features, {log_lambda.size} lambdas)",
                         fix="pass coef_path as features x lambdas, matching feature_names")
    at_min = int(np.argmin(np.abs(log_lambda - np.log(lasso.lambda_min))))
    kept = [i for i in np.argsort(-np.abs(path[:, at_min])) if path[i, at_min] != 0][:max_labels]
    for i in range(len(names)):
        ax.plot(log_lambda, path[i], color=MID_GREY, linewidth=0.6)
    for rank, i in enumerate(kept):
        style = series_style(rank)
        ax.plot(log_lambda, path[i], color=style["color"], linestyle=style["linestyle"],
                linewidth=1.1, label=names[i])
    ax.axhline(0, color=INK, linewidth=0.5)
    _mark_lambdas(ax, lasso)
    ax.set(xlabel="log(λ)", ylabel="Coefficient")
    if kept:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=6)
    return ax.figure
