"""DeLong's AUC variance and tests (DeLong, DeLong & Clarke-Pearson 1988), computed with the
midrank algorithm of Sun & Xu 2014 (IEEE Signal Process. Lett. 21:1389) in O(n log n); the
tests follow pROC's ``roc.test(method = "delong")`` (Robin et al. 2011)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import rankdata

from axilla.errors import StatsError
from axilla.stats._checks import binary_outcome, confidence_level, oriented, scores


@dataclass(frozen=True)
class Placements:
    """Structural components: ``cases[i]`` = P(control < case i) + 1/2 P(tie) (V10) and
    ``controls[j]`` = P(case > control j) + 1/2 P(tie) (V01); the AUC is their mean."""

    cases: np.ndarray
    controls: np.ndarray

    @property
    def auc(self) -> float:
        return float(self.cases.mean())


def placements(y: np.ndarray, score: np.ndarray) -> Placements:
    """Sun & Xu 2014: a case's placement is (midrank among all - midrank among cases) / n_controls."""
    case, control = score[y == 1], score[y == 0]
    m, n = case.size, control.size
    overall = rankdata(np.concatenate([case, control]))
    v10 = (overall[:m] - rankdata(case)) / n
    v01 = 1.0 - (overall[m:] - rankdata(control)) / m
    return Placements(v10, v01)


def delong_variance(p: Placements) -> float:
    """var(AUC) = s²(V10)/m + s²(V01)/n (sample variances, as pROC ``var(method="delong")``)."""
    return float(_sample_var(p.cases) / p.cases.size + _sample_var(p.controls) / p.controls.size)


def delong_covariance(p1: Placements, p2: Placements) -> float:
    """cov(AUC1, AUC2) of two scores on the same patients (pROC ``cov(method="delong")``)."""
    return float(_sample_cov(p1.cases, p2.cases) / p1.cases.size
                 + _sample_cov(p1.controls, p2.controls) / p1.controls.size)


def _sample_var(x: np.ndarray) -> float:
    return float(np.var(x, ddof=1)) if x.size > 1 else 0.0


def _sample_cov(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.cov(a, b, ddof=1)[0, 1]) if a.size > 1 else 0.0


@dataclass(frozen=True)
class PairedDelongTest:
    """pROC ``roc.test(roc1, roc2, method="delong", paired=TRUE)``."""

    auc1: float
    auc2: float
    difference: float
    covariance: float
    z: float
    p_value: float
    lower: float
    upper: float
    level: float


def delong_test(y, score1, score2, level: float = 0.95, direction: str = "<") -> PairedDelongTest:
    """Z = (AUC1 - AUC2) / sqrt(var1 + var2 - 2 cov), two-sided normal p, normal CI of the
    difference (pROC 1.18 ``roc.test``; DeLong et al. 1988)."""
    y = binary_outcome(y)
    p1 = placements(y, oriented(scores(score1, y.size, "score1"), direction))
    p2 = placements(y, oriented(scores(score2, y.size, "score2"), direction))
    level = confidence_level(level)
    cov = delong_covariance(p1, p2)
    var = delong_variance(p1) + delong_variance(p2) - 2 * cov
    diff = p1.auc - p2.auc
    if var <= 0:
        raise StatsError("the two scores rank every patient identically, so their AUC difference "
                         "has zero variance and DeLong's test is undefined",
                         fix="compare scores that differ in how they order the patients")
    se = np.sqrt(var)
    z = diff / se
    half = stats.norm.ppf(0.5 + level / 2) * se
    return PairedDelongTest(p1.auc, p2.auc, diff, cov, float(z), float(2 * stats.norm.sf(abs(z))),
                            float(diff - half), float(diff + half), level)


@dataclass(frozen=True)
class UnpairedDelongTest:
    """pROC ``roc.test(roc1, roc2, method="delong", paired=FALSE)``."""

    auc1: float
    auc2: float
    var1: float
    var2: float
    statistic: float
    df: float
    p_value: float


def delong_test_unpaired(y1, score1, y2, score2, direction: str = "<") -> UnpairedDelongTest:
    """D = (AUC1 - AUC2) / sqrt(var1 + var2); p from Student's t with Welch-Satterthwaite
    df = (var1 + var2)² / (var1²/(N1 - 1) + var2²/(N2 - 1)) (pROC 1.18 ``roc.test``)."""
    y1, y2 = binary_outcome(y1, "y1"), binary_outcome(y2, "y2")
    p1 = placements(y1, oriented(scores(score1, y1.size, "score1"), direction))
    p2 = placements(y2, oriented(scores(score2, y2.size, "score2"), direction))
    v1, v2 = delong_variance(p1), delong_variance(p2)
    if v1 + v2 <= 0:
        raise StatsError("both AUCs have zero DeLong variance, so the unpaired test is undefined",
                         fix="check that the scores are not constant or perfectly separating")
    d = (p1.auc - p2.auc) / np.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 ** 2 / (y1.size - 1) + v2 ** 2 / (y2.size - 1))
    return UnpairedDelongTest(p1.auc, p2.auc, v1, v2, float(d), float(df),
                              float(2 * stats.t.sf(abs(d), df)))


def compare_models(y, scores_by_model: dict, adjust: str | None = "holm",
                   level: float = 0.95, direction: str = "<") -> pd.DataFrame:
    """Pairwise paired DeLong tests of every pair of models; p-values Holm-adjusted
    (Holm 1979) when ``adjust="holm"``."""
    if adjust not in ("holm", None):
        raise StatsError(f"adjust must be 'holm' or None, got {adjust!r}", fix="use adjust='holm' or adjust=None")
    if len(scores_by_model) < 2:
        raise StatsError(f"compare_models needs at least two models, got {len(scores_by_model)}",
                         fix="pass a dict {name: scores} with two or more models")
    rows = []
    for a, b in combinations(scores_by_model, 2):
        t = delong_test(y, scores_by_model[a], scores_by_model[b], level, direction)
        rows.append({"model1": a, "model2": b, "auc1": t.auc1, "auc2": t.auc2,
                     "difference": t.difference, "lower": t.lower, "upper": t.upper,
                     "z": t.z, "p_value": t.p_value})
    table = pd.DataFrame(rows)
    if adjust == "holm":
        table["p_adjusted"] = holm(table["p_value"].to_numpy())
    return table


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values (R ``p.adjust(method = "holm")``)."""
    order = np.argsort(p, kind="stable")
    k = p.size
    stepped = np.maximum.accumulate((k - np.arange(k)) * p[order])
    adjusted = np.empty_like(p, dtype=float)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted
