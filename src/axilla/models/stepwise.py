"""Stepwise term selection for logistic models with R's ``step`` semantics.

``stats::step`` (R 4.2): the criterion is ``deviance + k * (number of coefficients)``
(k = 2: AIC, k = log(n): BIC). At each step every allowed single-term drop (and, for
``both``/``forward``, add) is scored; the best is taken if it lowers the criterion (ties
keep the current model), otherwise the search stops. Factors enter and leave as whole terms.
Added terms go at the end of the model. ``criterion="lr"`` instead drops the term with
the largest likelihood-ratio p-value above ``alpha_remove`` and adds the term with the
smallest p-value below ``alpha_enter`` (the classical p-value stepwise rule).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from axilla.errors import SettingsError
from axilla.models.design import DesignSpec, design_matrix
from axilla.models.logistic import LogisticFit, fit_logistic, lr_test


@dataclass(frozen=True)
class StepRecord:
    """One accepted move: ``'+ term'`` or ``'- term'`` and the model after it."""

    move: str
    deviance: float
    criterion: float


@dataclass(frozen=True)
class StepResult:
    terms: tuple[str, ...]
    fit: LogisticFit
    spec: DesignSpec
    path: tuple[StepRecord, ...]


def _fit_terms(frame: pd.DataFrame, y, spec: DesignSpec, terms) -> tuple[LogisticFit, DesignSpec]:
    sub = spec.subset(terms)
    return fit_logistic(design_matrix(frame, sub), y, sub.columns), sub


def stepwise(frame: pd.DataFrame, y, spec: DesignSpec, *, direction: str = "backward",
             criterion: str = "aic", start=None, lower=(), alpha_enter: float = 0.05,
             alpha_remove: float = 0.10) -> StepResult:
    """Select terms of ``spec`` (the upper scope) for ``y``; ``lower`` terms always stay.

    ``start`` defaults to every term for ``backward``/``both`` and to ``lower`` for
    ``forward`` (R: ``step(fit_null, scope = ..., direction = "forward")``).
    """
    if direction not in ("backward", "forward", "both"):
        raise SettingsError(f"direction must be backward, forward or both, got {direction!r}",
                            fix="use one of: backward, forward, both")
    if criterion not in ("aic", "bic", "lr"):
        raise SettingsError(f"criterion must be aic, bic or lr, got {criterion!r}",
                            fix="use one of: aic, bic, lr")
    lower = tuple(lower)
    if start is None:
        start = lower if direction == "forward" else spec.terms
    current = list(start)
    fit, _ = _fit_terms(frame, y, spec, current)
    k = np.log(fit.n) if criterion == "bic" else 2.0

    def score(model: LogisticFit) -> float:
        return model.deviance + k * model.n_params

    path = [StepRecord("", fit.deviance, score(fit))]
    while True:
        drops = [t for t in current if t not in lower] if direction != "forward" else []
        adds = [t for t in spec.terms if t not in current] if direction != "backward" else []
        candidates = [(f"- {t}", [c for c in current if c != t]) for t in drops]
        candidates += [(f"+ {t}", current + [t]) for t in adds]
        if not candidates:
            break
        fits = [(move, terms, _fit_terms(frame, y, spec, terms)[0]) for move, terms in candidates]
        if criterion == "lr":
            chosen = _lr_choice(fit, fits, alpha_enter, alpha_remove)
        else:
            best = min(fits, key=lambda item: score(item[2]))
            chosen = best if score(best[2]) < score(fit) else None
        if chosen is None:
            break
        move, current, fit = chosen
        path.append(StepRecord(move, fit.deviance, score(fit)))
    final_fit, final_spec = _fit_terms(frame, y, spec, current)
    return StepResult(tuple(current), final_fit, final_spec, tuple(path))


def _lr_choice(fit, fits, alpha_enter, alpha_remove):
    """Drop the least significant term if p > alpha_remove, else add the most significant."""
    removals = [(lr_test(cand, fit)[2], move, terms, cand)
                for move, terms, cand in fits if move.startswith("-")]
    additions = [(lr_test(fit, cand)[2], move, terms, cand)
                 for move, terms, cand in fits if move.startswith("+")]
    if removals:
        p, move, terms, cand = max(removals, key=lambda item: item[0])
        if p > alpha_remove:
            return move, terms, cand
    if additions:
        p, move, terms, cand = min(additions, key=lambda item: item[0])
        if p < alpha_enter:
            return move, terms, cand
    return None
