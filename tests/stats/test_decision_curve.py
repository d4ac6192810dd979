"""Net benefit against the base-R decision curve (decision_curve.json)."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.stats import net_benefit
from tests.stats._reference import ABS_ZERO, close, datasets_with, predictions, topic

DATASETS = datasets_with("predictions")
MODELS = {"model_full": "p_full", "model_base": "p_base", "model_full_loo": "p_loo"}


@pytest.mark.parametrize("name", DATASETS)
def test_net_benefit_matches_r(name):
    pr, r = predictions(name), topic(name, "decision_curve")
    table = net_benefit(pr["y"], {key: pr[col] for key, col in MODELS.items()}, r["threshold"])
    for model in ("treat_all", "treat_none", *MODELS):
        rows = table[table["model"] == model]
        close(rows["threshold"], r["threshold"])
        close(rows["net_benefit"], r[model]["net_benefit"], abs_=ABS_ZERO)
        if model in MODELS:
            np.testing.assert_array_equal(rows["tp"], r[model]["tp"])
            np.testing.assert_array_equal(rows["fp"], r[model]["fp"])


def test_avoided_interventions_and_bands_on_a_hand_fixture():
    y = np.array([1, 1, 0, 0, 1, 0, 0, 0, 1, 0])
    p = np.array([0.9, 0.8, 0.7, 0.1, 0.6, 0.2, 0.3, 0.1, 0.4, 0.05])
    table = net_benefit(y, p, [0.5], n_boot=200, seed=3)
    row = table[table["model"] == "model"].iloc[0]
    # treated: 0.9 0.8 0.7 0.6 -> TP 3, FP 1; NB = 0.3 - 0.1 = 0.2; treat-all = 0.4 - 0.6 = -0.2
    assert (row["tp"], row["fp"]) == (3, 1)
    assert row["net_benefit"] == pytest.approx(0.2)
    assert row["avoided_per_100"] == pytest.approx(40.0)
    assert row["lower"] <= row["net_benefit"] <= row["upper"]
