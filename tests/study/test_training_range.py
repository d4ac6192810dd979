"""The rule that says a value is far from training: outside [min, max] and over 4 training
SDs from the training mean (both), on hand-made distributions."""
from __future__ import annotations

import math

import pytest

from axilla.study import predict
from axilla.study.training_range import Z_BOUND, far_outside, outside, training_z

TRAIN = {"min": -1.0, "max": 1.0, "mean": 0.0, "sd": 0.5}
HEAVY_TAILED = {"min": -10.0, "max": 10.0, "mean": 0.0, "sd": 1.0}   # a training value 10 SD out
CONSTANT = {"min": 2.0, "max": 2.0, "mean": 2.0, "sd": 0.0}


@pytest.mark.parametrize("train, value, z, is_outside, is_far", [
    (TRAIN, 0.25, 0.5, False, False),
    (TRAIN, 1.0, 2.0, False, False),           # the training maximum itself
    (TRAIN, 1.5, 3.0, True, False),            # outside the range, 3 SD: a note, not far
    (TRAIN, 2.0, 4.0, True, False),            # exactly 4 SD is not over 4
    (TRAIN, 2.25, 4.5, True, True),
    (TRAIN, -2.25, -4.5, True, True),
    (TRAIN, 42.0, 84.0, True, True),           # 42 typed for 0.42
    (HEAVY_TAILED, 9.0, 9.0, False, False),    # 9 SD out but inside what training had
    (HEAVY_TAILED, 10.5, 10.5, True, True),
    (CONSTANT, 2.0, 0.0, False, False),
    (CONSTANT, 2.1, math.inf, True, True),
    (CONSTANT, 1.9, -math.inf, True, True),
])
def test_rule(train, value, z, is_outside, is_far):
    assert training_z(value, train) == z
    assert outside(value, train) is is_outside
    assert far_outside(value, train) is is_far


def test_bound_is_predicts_feature_bound():
    """Until predict's feature note calls this module, both must say 4 SD."""
    assert Z_BOUND == predict.FEATURE_Z_BOUND == 4.0
