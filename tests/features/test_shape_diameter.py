"""The pruned farthest-pair search equals the all-pairs maximum (numpy) exactly."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.features.shape import max_squared_distance


def _all_pairs(points: np.ndarray) -> float:
    diff = points[:, None, :] - points[None, :, :]
    return float((diff ** 2).sum(axis=-1).max())


@pytest.mark.parametrize("k", range(20))
def test_random_clouds(k):
    rng = np.random.default_rng([2026, k])
    points = rng.normal(size=(int(rng.integers(2, 300)), 3)) * rng.uniform(0.1, 50, 3)
    assert max_squared_distance(points) == _all_pairs(points)


def test_points_on_a_sphere_and_duplicates():
    angles = np.linspace(0, 2 * np.pi, 181)[:-1]
    circle = np.column_stack([np.cos(angles), np.sin(angles), np.zeros_like(angles)]) * 7.5
    assert max_squared_distance(circle) == _all_pairs(circle)
    repeated = np.repeat(circle[:5], 3, axis=0)
    assert max_squared_distance(repeated) == _all_pairs(repeated)
