"""Bad input: a StatsError that names the problem, or the value R defines -- never a NaN."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.errors import StatsError
from axilla.stats import auc_ci, calibration_stats, cox, delong_test, hosmer_lemeshow, net_benefit, nri_idi

Y = np.array([0, 1] * 10)
P = np.linspace(0.05, 0.95, 20)


def test_one_class_only():
    with pytest.raises(StatsError, match="only one class"):
        auc_ci(np.zeros(20), P)


def test_constant_score_gives_auc_one_half_as_proc():
    got = auc_ci(Y, np.full(20, 0.3))
    assert (got.auc, got.lower, got.upper) == (0.5, 0.5, 0.5)


def test_identical_scores_cannot_be_compared():
    with pytest.raises(StatsError, match="zero variance"):
        delong_test(Y, P, 2 * P)


def test_missing_values():
    with pytest.raises(StatsError, match="missing"):
        calibration_stats(Y, np.r_[P[:-1], np.nan])
    with pytest.raises(StatsError, match="missing"):
        auc_ci(np.r_[Y[:-1], np.nan], P)


def test_probabilities_outside_zero_one():
    with pytest.raises(StatsError, match=r"must lie in \[0, 1\]"):
        hosmer_lemeshow(Y, P * 2)
    with pytest.raises(StatsError, match=r"must lie in \(0, 1\)"):
        calibration_stats(Y, np.r_[0.0, P[1:]])


def test_too_few_patients():
    with pytest.raises(StatsError, match="at least 10"):
        nri_idi(Y[:8], P[:8], P[:8])


def test_outcome_not_coded_zero_one():
    with pytest.raises(StatsError, match="coded 0/1"):
        net_benefit(Y + 1, P)


def test_error_says_what_to_do():
    with pytest.raises(StatsError) as info:
        auc_ci(Y, P, method="magic")
    assert "use method='delong'" in str(info.value)


def test_cox_with_a_text_column_says_to_encode_it():
    X = pd.DataFrame({"subtype": ["LumA", "TN"] * 6})
    with pytest.raises(StatsError, match="non-numeric"):
        cox(np.arange(1.0, 13.0), np.ones(12), X)
