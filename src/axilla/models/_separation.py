"""Does the maximum-likelihood estimate exist? A linear-programming check for separation.

Albert & Anderson (1984) Biometrika 71:1: the logistic MLE exists iff the outcome classes
are not (quasi-)completely separated, i.e. no beta != 0 has ``(2y - 1) * x_i' beta >= 0``
for every patient. As in Konis (2007, DPhil thesis; R ``safeBinaryRegression``) and
Kosmidis & Schumacher (R ``detectseparation``), maximise ``sum_i (2y_i - 1) x_i' beta``
under those constraints with ``|beta_j| <= 1``: the optimum is 0 unless data separate.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

LP_TOLERANCE = 1e-6   # per patient: HiGHS' feasibility tolerance is 1e-7


def is_separated(Z: np.ndarray, y: np.ndarray) -> bool:
    """True when the rows of ``Z`` (intercept column included) separate y = 0 from y = 1."""
    scale = np.max(np.abs(Z), axis=0)
    scale[scale == 0] = 1.0
    signed = (2.0 * y - 1.0)[:, None] * (Z / scale)
    result = linprog(-signed.sum(axis=0), A_ub=-signed, b_ub=np.zeros(len(y)),
                     bounds=[(-1.0, 1.0)] * Z.shape[1], method="highs")
    return bool(result.status == 0 and -result.fun > LP_TOLERANCE * len(y))
