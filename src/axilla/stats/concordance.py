"""Harrell's concordance of a risk score with survival times, with survival 3.x's counting
(``concordancefit``, timewt "n"): a pair is comparable when the shorter time is an event
(a censoring at the same time counts as later: events come first); two events at the same
time are not comparable (tied.y); higher risk with the shorter time is concordant; tied
risks count 1/2. Its SE is survival's infinitesimal-jackknife one: the square root of the
sum of squared per-patient influences on (concordant - discordant) / (2 x pairs)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Concordance:
    concordant: int
    discordant: int
    tied_risk: int
    tied_time: int
    value: float
    std: float


def concordance(time: np.ndarray, event: np.ndarray, risk: np.ndarray) -> Concordance:
    """(concordant + tied/2) / (concordant + discordant + tied); O(n²) time, O(n) memory."""
    n = time.size
    per_patient = np.zeros((3, n))            # concordant, discordant, tied-risk pairs of each patient
    tied_time = 0
    for i in np.flatnonzero(event == 1):
        later = (time > time[i]) | ((time == time[i]) & (event == 0))
        for row, kind in enumerate((risk < risk[i], risk > risk[i], risk == risk[i])):
            partners = later & kind
            per_patient[row, partners] += 1
            per_patient[row, i] += partners.sum()
        tied_time += int(np.sum((time == time[i]) & (event == 1))) - 1
    concordant, discordant, tied_risk = (int(v) for v in per_patient.sum(axis=1) / 2)
    pairs = concordant + discordant + tied_risk
    somers = (concordant - discordant) / pairs
    influence = ((per_patient[0] - per_patient[1]) - per_patient.sum(axis=0) * somers) / (2 * pairs)
    return Concordance(concordant, discordant, tied_risk, tied_time // 2, (somers + 1) / 2,
                       float(np.sqrt(np.sum(influence ** 2))))
