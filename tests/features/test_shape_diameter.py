"""The pruned farthest-pair search equals the all-pairs maximum (numpy) exactly, overall
and within each plane."""
from __future__ import annotations

import numpy as np
import pytest

from axilla.features.shape import max_planar_squared_distance, max_squared_distance


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


def _all_pairs_in_planes(points: np.ndarray, axis: int) -> float:
    planes = [points[points[:, axis] == value] for value in np.unique(points[:, axis])]
    return max([_all_pairs(plane) for plane in planes if len(plane) > 1], default=0.0)


@pytest.mark.parametrize("k", range(10))
def test_planar_diameters_on_grid_clouds(k):
    # vertices on a half-voxel grid, as the mesh's: many points share each plane
    rng = np.random.default_rng([2027, k])
    points = rng.integers(0, 2 * int(rng.integers(1, 12)), (int(rng.integers(1, 400)), 3)) / 2
    points = points * rng.uniform(0.3, 5, 3)
    for axis in range(3):
        assert max_planar_squared_distance(points, axis) == _all_pairs_in_planes(points, axis)


def test_planar_diameters_of_lone_points_and_no_points():
    lone = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    assert [max_planar_squared_distance(lone, axis) for axis in range(3)] == [0.0, 0.0, 0.0]
    assert max_planar_squared_distance(np.zeros((0, 3)), 1) == 0.0
