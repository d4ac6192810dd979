"""Nomogram points as ``rms::nomogram`` scales them, as plain data the report can draw.

Harrell, rms 6.5 ``nomogram``: for each predictor v, ``Xbeta_v`` is its term's
contribution at each axis value (0 at the reference level, ``beta * x`` for a linear
continuous term). ``points = (Xbeta - min_v Xbeta) * sc`` with
``sc = maxscale / max_v (max Xbeta - min Xbeta)``; total points TP map to
``lp = intercept_info + TP / sc`` with ``intercept_info = beta0 + sum_v min_v Xbeta``,
and risk = ``plogis(lp)``.

Default axes, as rms chooses them with ``nint = 10``:

- a continuous predictor's ticks are ``pretty(range(x), nint)`` over its training values
  (``value.chk(..., type.range = "full")``), or its distinct values when it has at most
  10 (``datadist(n.unique = 10)`` keeps them as the predictor's values);
- ``lp.at = pretty(range(fitted linear predictors), nint)``;
- total points ``pretty(c(0, sum.max), nint)`` with ``sum.max = maxscale`` for a single
  predictor, else ``max(maxscale, sc * max(lp.at - intercept_info))``;
- risk ticks ``fun.at = pretty(plogis(range(lp.at)), nint)``, keeping those inside
  ``plogis(range(lp.at))`` (rms drops the others); each sits at the exact total points
  ``(qlogis(risk) - intercept_info) * sc`` (rms interpolates on a 1000-point lp grid).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, logit

from axilla.errors import InputError, ModelError
from axilla.models._rpretty import r_pretty
from axilla.models.design import DesignSpec, design_matrix
from axilla.models.logistic import LogisticFit

NINT = 10            # rms nomogram's nint: ticks per axis asked of pretty()
DATADIST_UNIQUE = 10  # datadist(n.unique = 10): up to this many distinct values are the ticks


@dataclass(frozen=True)
class NomogramAxis:
    """One predictor line: its tick values, the points each is worth, its printed label."""

    name: str
    values: list
    points: list[float]
    label: str | None = None    # the human label drawn for the axis (``name`` if None)


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


def _default_ticks(column, nint: int) -> list[float]:
    """rms' axis values of a continuous predictor (module docstring)."""
    given = np.asarray(column, dtype=float)
    observed = np.unique(given[~np.isnan(given)])
    if observed.size == 0:
        raise InputError(f"predictor '{column.name}' has no values in the training table",
                         fix="give its axis values or complete the column")
    if observed.size <= DATADIST_UNIQUE:
        return [float(v) for v in observed]
    return [float(v) for v in r_pretty(float(observed[0]), float(observed[-1]), n=nint)]


def _default_lp_at(fit: LogisticFit, spec: DesignSpec, data, nint: int) -> list[float]:
    """``pretty(range(linear predictors), nint)`` over the rows the model was fitted on."""
    complete = data[list(spec.terms)].dropna()
    lp = fit.linear_predictor(design_matrix(complete, spec))
    return [float(v) for v in r_pretty(float(lp.min()), float(lp.max()), n=nint)]


def build_nomogram(fit: LogisticFit, spec: DesignSpec, values: dict | None = None, *,
                   data=None, maxscale: float = 100.0, nint: int = NINT, risks=None,
                   lp_at=None, labels: dict | None = None) -> Nomogram:
    """Scale a fitted logistic model (main effects, linear or factor terms) into points.

    ``values`` gives continuous predictors' axis ticks, ``lp_at`` the linear-predictor
    ticks and ``risks`` the risk ticks; whatever is not given is chosen as rms chooses it
    (module docstring) from ``data``, the training table. ``labels`` maps a predictor to
    the label drawn for its axis (default: the predictor's name).
    """
    values, labels = dict(values or {}), dict(labels or {})
    if data is None and (lp_at is None or any(t not in values and t not in spec.levels
                                              for t in spec.terms)):
        raise InputError("the nomogram's default axes need the training table",
                         fix="pass data= (the training table), or values= for every "
                             "continuous predictor and lp_at=")
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
            values[term] = _default_ticks(data[term], nint)
        coefficients[term], ticks[term] = coef[term], [float(v) for v in values[term]]
        xbeta[term] = coef[term] * np.asarray(ticks[term], dtype=float)
    ranges = {t: float(x.max() - x.min()) for t, x in xbeta.items()}
    if not ranges or max(ranges.values()) <= 0:
        raise ModelError("every predictor contributes nothing to the model",
                         fix="fit the model with at least one informative predictor")
    sc = maxscale / max(ranges.values())
    minimum = {t: float(x.min()) for t, x in xbeta.items()}
    intercept = float(coef["(Intercept)"] + sum(minimum.values()))
    axes = [NomogramAxis(t, ticks[t], [float(v) for v in (xbeta[t] - minimum[t]) * sc],
                         labels.get(t, t)) for t in spec.terms]
    lp_at = [float(v) for v in (_default_lp_at(fit, spec, data, nint) if lp_at is None
                                else lp_at)]
    sum_max = maxscale if len(axes) == 1 else max(maxscale, sc * (max(lp_at) - intercept))
    total_ticks = [float(v) for v in r_pretty(0.0, sum_max, n=nint)]
    low, high = expit(min(lp_at)), expit(max(lp_at))
    if risks is None:
        risks = r_pretty(float(low), float(high), n=nint)
    risk_axis = [(float((logit(r) - intercept) * sc), float(r)) for r in risks
                 if low <= r <= high]
    lp_axis = [(float((lp - intercept) * sc), lp) for lp in lp_at]
    return Nomogram(axes, total_ticks, risk_axis, lp_axis, sc, intercept, coefficients, minimum)
