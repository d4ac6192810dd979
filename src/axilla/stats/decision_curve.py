"""Decision-curve analysis (Vickers & Elkin 2006, Med Decis Making 26:565): net benefit
NB = TP/n - FP/n x pt/(1 - pt), a patient treated iff p >= pt; treat-all = prevalence -
(1 - prevalence) x pt/(1 - pt); interventions avoided per 100 = (NB - NB_all) / (pt/(1-pt)) x 100."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, probabilities

DEFAULT_THRESHOLDS = np.round(np.arange(1, 100) / 100, 2)


def _counts(y: np.ndarray, prob: np.ndarray, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """TP and FP at each threshold (treated iff prob >= threshold), by sorting once."""
    order = np.argsort(prob)
    sorted_prob, sorted_y = prob[order], y[order]
    events_from = np.r_[np.cumsum(sorted_y[::-1])[::-1], 0]
    first = np.searchsorted(sorted_prob, thresholds, side="left")
    tp = events_from[first]
    fp = (prob.size - first) - tp
    return tp, fp


def net_benefit(y, prob_or_dict, thresholds=None, n_boot: int = 0, seed: int = 0,
                level: float = 0.95) -> pd.DataFrame:
    """Long table (threshold, model, net_benefit, tp, fp, avoided_per_100) for each model,
    ``treat_all`` and ``treat_none``; with ``n_boot`` > 0 adds percentile bootstrap bands
    (``lower``, ``upper``) from resampling patients with ``seed``."""
    y = binary_outcome(y)
    models = prob_or_dict if isinstance(prob_or_dict, dict) else {"model": prob_or_dict}
    models = {name: probabilities(p, y.size, f"predictions of {name!r}") for name, p in models.items()}
    pt = DEFAULT_THRESHOLDS if thresholds is None else np.asarray(thresholds, dtype=float)
    if pt.ndim != 1 or pt.size == 0 or pt.min() <= 0 or pt.max() >= 1:
        raise StatsError("decision-curve thresholds must be probabilities strictly between 0 and 1",
                         fix="use e.g. thresholds=np.arange(0.01, 1, 0.01)")
    table = _curves(y, models, pt)
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        draws = np.stack([_curves(y[i], {k: v[i] for k, v in models.items()}, pt)["net_benefit"].to_numpy()
                          for i in rng.integers(0, y.size, size=(n_boot, y.size))])
        table["lower"], table["upper"] = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return table


def _curves(y: np.ndarray, models: dict, pt: np.ndarray) -> pd.DataFrame:
    n = y.size
    odds = pt / (1 - pt)
    prevalence = y.mean()
    treat_all = prevalence - (1 - prevalence) * odds
    parts = [pd.DataFrame({"threshold": pt, "model": "treat_all", "net_benefit": treat_all,
                           "tp": int(y.sum()), "fp": int(n - y.sum()), "avoided_per_100": 0.0}),
             pd.DataFrame({"threshold": pt, "model": "treat_none", "net_benefit": 0.0,
                           "tp": 0, "fp": 0, "avoided_per_100": (0 - treat_all) / odds * 100})]
    for name, prob in models.items():
        tp, fp = _counts(y, prob, pt)
        nb = tp / n - fp / n * odds
        parts.append(pd.DataFrame({"threshold": pt, "model": name, "net_benefit": nb, "tp": tp,
                                   "fp": fp, "avoided_per_100": (nb - treat_all) / odds * 100}))
    return pd.concat(parts, ignore_index=True)
