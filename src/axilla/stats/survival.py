"""Survival statistics as R's survival 3.5 computes them: Kaplan-Meier with Greenwood
variance and log / log-log CIs (``survfit``; Kalbfleisch & Prentice 2002), the log-rank
test (``survdiff``; Mantel 1966), Cox regression with Efron or Breslow ties by Newton-
Raphson on the partial likelihood (``coxph``; Efron 1977) with LR, Wald and score tests,
and Harrell's concordance with survival's conventions (tied times not comparable, tied
predictions count 1/2)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import MIN_PATIENTS, confidence_level

_MEDIAN_TOLERANCE = np.sqrt(np.finfo(float).eps)  # survival's quantile.survfit tolerance


def _survival_data(time, event, minimum: int = MIN_PATIENTS) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(time, dtype=float)
    e = np.asarray(event, dtype=float)
    if t.ndim != 1 or t.shape != e.shape:
        raise StatsError(f"time and event must be 1-D of equal length, got {t.shape} and {e.shape}",
                         fix="pass one follow-up time and one event flag per patient")
    if not (np.isfinite(t).all() and np.isfinite(e).all()):
        raise StatsError("time or event has missing values", fix="drop or impute those patients first")
    if (t < 0).any():
        raise StatsError(f"{int((t < 0).sum())} negative follow-up time(s)", fix="times must be >= 0")
    if not np.isin(e, (0, 1)).all():
        raise StatsError("event must be coded 0 (censored) / 1 (event)", fix="recode the event column")
    if t.size < minimum:
        raise StatsError(f"{t.size} patients; at least {minimum} are needed", fix="use a larger sample")
    if e.sum() == 0:
        raise StatsError("no events: survival statistics are undefined", fix="check the event column")
    return t, e.astype(np.int64)


@dataclass(frozen=True)
class KaplanMeier:
    """``table``: every event time per stratum (R ``summary(fit)``); ``at``: the requested
    times (R ``summary(fit, times=)``); ``summary``: n, events, median with CI, rmean."""

    table: pd.DataFrame
    at: pd.DataFrame
    summary: pd.DataFrame
    conf_type: str
    level: float


def kaplan_meier(time, event, group=None, times=None, level: float = 0.95,
                 conf_type: str = "log") -> KaplanMeier:
    """Kaplan-Meier estimate overall or per ``group``; conf_type "log" (R's default) or "log-log"."""
    t, e = _survival_data(time, event)
    level = confidence_level(level)
    if conf_type not in ("log", "log-log"):
        raise StatsError(f"conf_type must be 'log' or 'log-log', got {conf_type!r}", fix="use 'log'")
    strata = np.full(t.size, "all", dtype=object) if group is None else np.asarray(group, dtype=object)
    tables, ats, summaries = [], [], []
    for name in _levels(strata):
        m = strata == name
        curve = _km_curve(t[m], e[m], level, conf_type)
        curve.insert(0, "strata", name)
        tables.append(curve[curve["n_event"] > 0].reset_index(drop=True))
        if times is not None:
            ats.append(_at_times(curve, t[m], np.asarray(times, dtype=float), name))
        summaries.append(_summary(curve, t[m], e[m], name, end=t.max()))
    at = pd.concat(ats, ignore_index=True) if ats else pd.DataFrame()
    return KaplanMeier(pd.concat(tables, ignore_index=True), at, pd.DataFrame(summaries), conf_type, level)


def _levels(values: np.ndarray) -> list:
    """Distinct values, sorted when they can be (order of appearance otherwise)."""
    unique = list(pd.unique(values))
    try:
        return sorted(unique)
    except TypeError:
        return unique


def _km_curve(t: np.ndarray, e: np.ndarray, level: float, conf_type: str) -> pd.DataFrame:
    """S(t) at every distinct time (events counted before censorings at the same time)."""
    times, inverse = np.unique(t, return_inverse=True)
    n_event = np.bincount(inverse, weights=e).astype(int)
    n_total = np.bincount(inverse)
    n_risk = t.size - np.r_[0, np.cumsum(n_total)[:-1]]
    surv = np.cumprod(1 - n_event / n_risk)
    # where S reaches 0 R reports std.err NaN and no CI; so do we (NaN), nowhere else
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(np.where(n_risk > n_event, n_event / (n_risk * (n_risk - n_event)), np.inf))
        se_log = np.sqrt(greenwood)
        z = stats.norm.ppf(0.5 + level / 2)
        if conf_type == "log":
            lower, upper = surv * np.exp(-z * se_log), np.minimum(surv * np.exp(z * se_log), 1.0)
        else:
            spread = z * se_log / np.abs(np.log(surv))
            lower, upper = surv ** np.exp(spread), surv ** np.exp(-spread)
        std_err = surv * se_log
    zero = surv == 0
    return pd.DataFrame({"time": times, "n_risk": n_risk, "n_event": n_event, "n_censor": n_total - n_event,
                         "surv": surv, "std_err": np.where(zero, np.nan, std_err),
                         "std_err_log_surv": np.where(zero, np.nan, se_log),
                         "lower": np.where(zero, np.nan, lower), "upper": np.where(zero, np.nan, upper)})


def _at_times(curve: pd.DataFrame, t: np.ndarray, times: np.ndarray, name) -> pd.DataFrame:
    """R ``summary(fit, times=)``: S at the last time <= t, at risk = #(time >= t), events since
    the previous requested time; times after the stratum's last follow-up are left out (R's
    default ``extend = FALSE``)."""
    times = times[times <= t.max()]
    index = np.searchsorted(curve["time"].to_numpy(), times, side="right") - 1
    rows = curve.iloc[np.clip(index, 0, None)].reset_index(drop=True)
    before = index < 0
    for col, value in (("surv", 1.0), ("std_err", 0.0), ("std_err_log_surv", 0.0), ("lower", 1.0), ("upper", 1.0)):
        rows.loc[before, col] = value
    cumulative_events = np.r_[0, np.cumsum(curve["n_event"].to_numpy())][index + 1]
    return pd.DataFrame({"strata": name, "time": times, "n_risk": (t[None, :] >= times[:, None]).sum(axis=1),
                         "n_event": np.diff(np.r_[0, cumulative_events]),
                         **{c: rows[c].to_numpy() for c in ("surv", "std_err", "std_err_log_surv", "lower", "upper")}})


def _first_below_half(times: np.ndarray, curve: np.ndarray) -> float | None:
    """survival's quantile rule: first time the curve is <= 0.5; the midpoint to the next
    time when it equals 0.5 there (to tolerance); None when never reached."""
    below = np.flatnonzero(curve <= 0.5 + _MEDIAN_TOLERANCE)
    if below.size == 0:
        return None
    i = below[0]
    if abs(curve[i] - 0.5) < _MEDIAN_TOLERANCE and i + 1 < times.size:
        return float((times[i] + times[i + 1]) / 2)
    return float(times[i])


def _summary(curve: pd.DataFrame, t: np.ndarray, e: np.ndarray, name, end: float) -> dict:
    """n, events, median and its CI (where the lower / upper band cross 0.5), and the mean
    survival restricted to ``end`` (the largest time of all strata: R's rmean "common") with
    its SE: sum over event times of (area after t)² d / (n (n - d)) (survival's survmean)."""
    events = curve[curve["n_event"] > 0]
    times = events["time"].to_numpy()
    steps = np.r_[curve["time"].to_numpy(), end]
    surv = curve["surv"].to_numpy()
    area_after = np.cumsum((np.diff(steps) * surv)[::-1])[::-1]
    n, d = curve["n_risk"].to_numpy(), curve["n_event"].to_numpy()
    hazard_var = np.where(n > d, d / (n * np.maximum(n - d, 1)), 0.0)
    rmean = float(steps[0] + area_after[0])
    return {"strata": name, "n": int(t.size), "events": int(e.sum()),
            "median": _first_below_half(times, events["surv"].to_numpy()),
            "median_lower": _first_below_half(times, events["lower"].fillna(0).to_numpy()),
            "median_upper": _first_below_half(times, events["upper"].fillna(0).to_numpy()),
            "rmean": rmean, "se_rmean": float(np.sqrt(np.sum(area_after ** 2 * hazard_var)))}


@dataclass(frozen=True)
class LogRank:
    """R ``survdiff``: chi-square, df, p and observed / expected events per group."""

    statistic: float
    df: int
    p_value: float
    table: pd.DataFrame


def logrank(time, event, group) -> LogRank:
    """Log-rank test of equal survival across the levels of ``group``."""
    t, e = _survival_data(time, event)
    g = np.asarray(group, dtype=object)
    levels = _levels(g)
    if len(levels) < 2:
        raise StatsError("the log-rank test needs at least two groups", fix="check the group column")
    member = np.column_stack([g == level for level in levels]).astype(float)
    times = np.unique(t[e == 1])
    at_risk = (t[None, :] >= times[:, None]).astype(float) @ member      # (times, groups)
    deaths = ((t[None, :] == times[:, None]) & (e[None, :] == 1)).astype(float) @ member
    n, d = at_risk.sum(axis=1), deaths.sum(axis=1)
    expected = (d / n)[:, None] * at_risk
    factor = np.where(n > 1, d * (n - d) / np.maximum(n - 1, 1), 0.0) / n
    share = at_risk / n[:, None]
    variance = np.einsum("t,tk,kl->kl", factor * n, share, np.eye(len(levels))) - \
        np.einsum("t,tk,tl->kl", factor * n, share, share)
    diff = deaths.sum(axis=0) - expected.sum(axis=0)
    k = len(levels) - 1
    statistic = float(diff[:k] @ np.linalg.solve(variance[:k, :k], diff[:k]))
    table = pd.DataFrame({"group": levels, "n": member.sum(axis=0).astype(int),
                          "observed": deaths.sum(axis=0), "expected": expected.sum(axis=0)})
    return LogRank(statistic, k, float(stats.chi2.sf(statistic, k)), table)
