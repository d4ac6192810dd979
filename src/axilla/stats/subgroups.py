"""AUC with its DeLong CI in each level of a grouping variable: the rows of a subgroup
forest plot (pROC ``ci.auc`` per subgroup, Robin et al. 2011)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.stats._checks import binary_outcome, scores
from axilla.stats.roc import auc_ci


def subgroup_auc(y, score, groups, level: float = 0.95, direction: str = "<") -> pd.DataFrame:
    """One row per level: group, n, events, auc, lower, upper; a level with a single outcome
    class or fewer than 10 patients gets no AUC and says why in ``note``."""
    y = binary_outcome(y)
    score = scores(score, y.size)
    groups = np.asarray(groups, dtype=object)
    rows = []
    for level_value in pd.unique(groups):
        m = groups == level_value
        row = {"group": level_value, "n": int(m.sum()), "events": int(y[m].sum()),
               "auc": None, "lower": None, "upper": None, "note": ""}
        if 0 < row["events"] < row["n"] and row["n"] >= 10:
            ci = auc_ci(y[m], score[m], level=level, direction=direction)
            row.update(auc=ci.auc, lower=ci.lower, upper=ci.upper)
        else:
            row["note"] = "fewer than 10 patients" if row["n"] < 10 else "only one outcome class"
        rows.append(row)
    return pd.DataFrame(rows)
