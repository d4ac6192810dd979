"""Rule-out threshold: the most specific cut-point with sensitivity at least the target."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.errors import StatsError
from axilla.stats import optimal_cutpoint

# 5 controls, 5 cases; pROC's thresholds are midpoints between the sorted values
Y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
SCORE = [0.1, 0.2, 0.3, 0.6, 0.65, 0.4, 0.7, 0.8, 0.9, 0.95]


@pytest.mark.parametrize("target, thresholds, sensitivity, specificity", [
    (1.0, [0.35], [1.0], [0.6]),        # every case >= 0.4; controls 0.1, 0.2, 0.3 below
    (0.8, [0.675], [0.8], [1.0]),       # cases 0.7-0.95 above, no control
    (0.5, [0.675, 0.75], [0.8, 0.6], [1.0, 1.0]),   # tied on specificity: both listed
])
def test_hand_computed(target, thresholds, sensitivity, specificity):
    cut = optimal_cutpoint(Y, SCORE, "sensitivity", target=target)
    np.testing.assert_allclose(cut.thresholds, thresholds, atol=1e-12)
    np.testing.assert_allclose(cut.sensitivity, sensitivity, atol=1e-12)
    np.testing.assert_allclose(cut.specificity, specificity, atol=1e-12)
    assert cut.threshold == thresholds[0]


def test_bad_target():
    with pytest.raises(StatsError, match="target sensitivity must be in"):
        optimal_cutpoint(Y, SCORE, "sensitivity", target=0)
