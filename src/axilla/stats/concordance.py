"""Harrell's concordance of a risk score with survival times, with survival 3.x's counting
(``concordancefit``, timewt "n"): a pair is comparable when the shorter time is an event
(a censoring at the same time counts as later: events come first); two events at the same
time are not comparable (tied.y); higher risk with the shorter time is concordant; tied
risks count 1/2."""
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


def concordance(time: np.ndarray, event: np.ndarray, risk: np.ndarray) -> Concordance:
    """(concordant + tied/2) / (concordant + discordant + tied); O(n²) time, O(n) memory."""
    concordant = discordant = tied_risk = tied_time = 0
    for i in np.flatnonzero(event == 1):
        later = (time > time[i]) | ((time == time[i]) & (event == 0))
        concordant += int(np.sum(risk[later] < risk[i]))
        discordant += int(np.sum(risk[later] > risk[i]))
        tied_risk += int(np.sum(risk[later] == risk[i]))
        same = (time == time[i]) & (event == 1)
        tied_time += int(same.sum()) - 1
    total = concordant + discordant + tied_risk
    return Concordance(concordant, discordant, tied_risk, tied_time // 2,
                       (concordant + tied_risk / 2) / total)
