"""Nomogram points as ``rms::nomogram`` scales them, as plain data the report can draw.

Harrell, rms 6.5 ``nomogram``: for each predictor v, ``Xbeta_v`` is its term's
contribution at each axis value (0 at the reference level, ``beta * x`` for a linear
continuous term). ``points = (Xbeta - min_v Xbeta) * sc`` with
``sc = maxscale / max_v (max Xbeta - min Xbeta)``; total points TP map to
``lp = intercept_info + TP / sc`` with ``intercept_info = beta0 + sum_v min_v Xbeta``,
and risk = ``plogis(lp)``. The total-points axis is ``pretty(c(0, max total), n = 10)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, logit

from axilla.errors import InputError, ModelError
from axilla.models._rpretty import r_pretty
from axilla.models.design import DesignSpec
from axilla.models.logistic import LogisticFit

DEFAULT_RISKS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class NomogramAxis:
    """One predictor line: its tick values and the points each is worth."""

    name: str
    values: list
    points: list[float]


@dataclass(frozen=True)
class Nomogram:
    """Everything needed to draw a nomogram and to score a patient with it."""

    axes: list[NomogramAxis]
    total_points: list[float]
    risk_axis: list[tuple[float, float]]        # (total points, risk)
    lp_axis: list[tuple[float, float]]          # (total points, linear predictor)
    points_per_unit: float                      # rms "sc": points per unit of Xbeta
    intercept: float                            # rms "intercept_info"
    coefficients: dict = field(default_factory=dict)   # term -> slope or {level: beta}
    minimum: dict = field(default_factory=dict)         # term -> min Xbeta over its axis

    def _xbeta(self, term: str, value) -> float:
        coef = self.coefficients[term]
        if isinstance(coef, dict):
            if str(value) not in coef:
                raise InputError(f"'{term}' = {value!r} is not a level of the nomogram",
                                 fix=f"use one of {list(coef)}")
            return coef[str(value)]
        return coef * float(value)

    def score(self, patient: dict) -> tuple[dict[str, float], float, float, float]:
        """Points per factor, total points, linear predictor and risk of one patient."""
        missing = [t for t in self.coefficients if t not in patient]
        if missing:
            raise InputError(f"the patient has no value for {missing}",
                             fix="give every predictor of the nomogram")
        points = {t: float((self._xbeta(t, patient[t]) - self.minimum[t]) * self.points_per_unit)
                  for t in self.coefficients}
        total = float(sum(points.values()))
        lp = self.intercept + total / self.points_per_unit
        return points, total, lp, float(expit(lp))


def build_nomogram(fit: LogisticFit, spec: DesignSpec, values: dict | None = None, *,
                   data=None, maxscale: float = 100.0, risks=DEFAULT_RISKS,
                   lp_at=None) -> Nomogram:
    """Scale a fitted logistic model (main effects, linear or factor terms) into points.

    ``values`` gives each continuous predictor's axis ticks; without them the ticks are
    ``pretty()`` over the predictor's range in ``data`` (the training table).
    """
    values = dict(values or {})
    coef = dict(zip(fit.names, fit.coef))
    coefficients, ticks, xbeta = {}, {}, {}
    for term in spec.terms:
        if term in spec.levels:
            levels = list(spec.levels[term])
            slopes = {levels[0]: 0.0} | {lv: coef[f"{term}{lv}"] for lv in levels[1:]}
            coefficients[term], ticks[term] = slopes, levels
            xbeta[term] = np.array([slopes[lv] for lv in levels])
            continue
        if term not in values:
            if data is None:
                raise InputError(f"no axis values for continuous predictor '{term}'",
                                 fix="pass values={term: [...]} or the training table as data")
            values[term] = list(r_pretty(float(np.min(data[term])), float(np.max(data[term]))))
        coefficients[term], ticks[term] = coef[term], [float(v) for v in values[term]]
        xbeta[term] = coef[term] * np.asarray(ticks[term], dtype=float)
    ranges = {t: float(x.max() - x.min()) for t, x in xbeta.items()}
    if not ranges or max(ranges.values()) <= 0:
        raise ModelError("every predictor contributes nothing to the model",
                         fix="fit the model with at least one informative predictor")
    sc = maxscale / max(ranges.values())
    minimum = {t: float(x.min()) for t, x in xbeta.items()}
    intercept = float(coef["(Intercept)"] + sum(minimum.values()))
    axes = [NomogramAxis(t, ticks[t], [float(v) for v in (xbeta[t] - minimum[t]) * sc])
            for t in spec.terms]
    max_total = sum(max(a.points) for a in axes)
    total_ticks = [float(v) for v in r_pretty(0.0, max_total, n=10)]
    risk_axis = [(float((logit(r) - intercept) * sc), float(r)) for r in risks]
    lp_axis = [] if lp_at is None else [(float((lp - intercept) * sc), float(lp)) for lp in lp_at]
    return Nomogram(axes, total_ticks, risk_axis, lp_axis, sc, intercept, coefficients, minimum)
