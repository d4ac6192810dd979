"""Net reclassification and integrated discrimination improvement (Pencina et al. 2008,
Stat Med 27:157; Pencina et al. 2011): category-free NRI and IDI as Hmisc::improveProb,
categorical NRI at risk cut-offs with Pencina's SE and the reclassification tables."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, probabilities


@dataclass(frozen=True)
class Estimate:
    """A difference with its SE, z, two-sided normal p and normal CI."""

    value: float
    se: float
    z: float
    p_value: float
    lower: float
    upper: float


def _estimate(value: float, se: float, level: float) -> Estimate:
    if se <= 0:
        raise StatsError("the standard error is zero (the two models classify identically)",
                         fix="compare models whose predictions differ")
    z = value / se
    half = stats.norm.ppf(0.5 + level / 2) * se
    return Estimate(float(value), float(se), float(z), float(2 * stats.norm.sf(abs(z))),
                    float(value - half), float(value + half))


@dataclass(frozen=True)
class CategoricalNri:
    cutoffs: tuple
    up_events: int
    down_events: int
    up_nonevents: int
    down_nonevents: int
    nri_events: float
    nri_nonevents: float
    nri: Estimate
    se_events: float
    se_nonevents: float
    events_table: pd.DataFrame
    nonevents_table: pd.DataFrame


@dataclass(frozen=True)
class NriIdi:
    """improveProb's fields: up/down proportions, NRI (total, events, non-events), IDI."""

    n_events: int
    n_nonevents: int
    p_up_events: float
    p_down_events: float
    p_up_nonevents: float
    p_down_nonevents: float
    nri: Estimate
    nri_events: Estimate
    nri_nonevents: Estimate
    idi: Estimate
    improve_sensitivity: float
    improve_specificity: float
    categorical: CategoricalNri | None


def _nri_part(up: float, down: float, n: int) -> tuple[float, float]:
    """(up - down, its variance (up + down)/n - (up - down)²/n)."""
    return up - down, (up + down) / n - (up - down) ** 2 / n


def nri_idi(y, p_old, p_new, cutoffs=None, level: float = 0.95) -> NriIdi:
    """Hmisc ``improveProb(x1 = p_old, x2 = p_new, y)``; with ``cutoffs`` also the
    categorical NRI (categories by R's ``findInterval``: a cut-off belongs to the upper class)."""
    y = binary_outcome(y)
    old = probabilities(p_old, y.size, "p_old")
    new = probabilities(p_new, y.size, "p_new")
    d = new - old
    event = y == 1
    na, nb = int(event.sum()), int((~event).sum())
    up_ev, down_ev = np.mean(d[event] > 0), np.mean(d[event] < 0)
    up_ne, down_ne = np.mean(d[~event] > 0), np.mean(d[~event] < 0)
    nri_ev, var_ev = _nri_part(up_ev, down_ev, na)
    nri_ne, var_ne = _nri_part(down_ne, up_ne, nb)
    idi = d[event].mean() - d[~event].mean()
    se_idi = np.sqrt(np.var(d[event], ddof=1) / na + np.var(d[~event], ddof=1) / nb)
    return NriIdi(na, nb, float(up_ev), float(down_ev), float(up_ne), float(down_ne),
                  _estimate(nri_ev + nri_ne, np.sqrt(var_ev + var_ne), level),
                  _estimate(nri_ev, np.sqrt(var_ev), level), _estimate(nri_ne, np.sqrt(var_ne), level),
                  _estimate(idi, se_idi, level), float(d[event].sum() / na), float(-d[~event].sum() / nb),
                  None if cutoffs is None else categorical_nri(y, old, new, cutoffs, level))


def categorical_nri(y, p_old, p_new, cutoffs, level: float = 0.95) -> CategoricalNri:
    """NRI over risk categories [0, c1), [c1, c2), ..., [ck, 1] (Pencina 2008 SE)."""
    y = binary_outcome(y)
    cuts = np.asarray(cutoffs, dtype=float)
    if cuts.ndim != 1 or cuts.size == 0 or np.any(np.diff(cuts) <= 0) or cuts[0] <= 0 or cuts[-1] >= 1:
        raise StatsError(f"cutoffs must increase strictly inside (0, 1), got {list(cuts)}",
                         fix="use e.g. cutoffs=[0.2, 0.4]")
    old = np.searchsorted(cuts, probabilities(p_old, y.size, "p_old"), side="right")
    new = np.searchsorted(cuts, probabilities(p_new, y.size, "p_new"), side="right")
    event = y == 1
    na, nb = int(event.sum()), int((~event).sum())
    counts = {name: (int(np.sum(new[m] > old[m])), int(np.sum(new[m] < old[m])))
              for name, m in (("ev", event), ("ne", ~event))}
    nri_ev, var_ev = _nri_part(counts["ev"][0] / na, counts["ev"][1] / na, na)
    nri_ne, var_ne = _nri_part(counts["ne"][1] / nb, counts["ne"][0] / nb, nb)
    k = cuts.size + 1
    tables = [pd.DataFrame(np.bincount(old[m] * k + new[m], minlength=k * k).reshape(k, k),
                           index=pd.Index(range(k), name="old_category"),
                           columns=pd.Index(range(k), name="new_category")) for m in (event, ~event)]
    return CategoricalNri(tuple(float(c) for c in cuts), *counts["ev"], *counts["ne"],
                          float(nri_ev), float(nri_ne),
                          _estimate(nri_ev + nri_ne, np.sqrt(var_ev + var_ne), level),
                          float(np.sqrt(var_ev)), float(np.sqrt(var_ne)), *tables)
