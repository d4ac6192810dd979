"""Texture aggregation methods and neighbourhood offsets.

IBSI 1 manual, section 3.1.2 "Aggregating features" (figure 3.2): for GLCM/GLRLM, 2D
averaged (features per slice and direction, averaged), 2D slice-merged (directions merged
per slice, features averaged over slices), 2.5D direction-merged (slices merged per
direction, features averaged over directions), 2.5D merged (one matrix), 3D averaged
(features per 3D direction, averaged) and 3D merged (one matrix); for GLSZM, GLDZM, NGTDM
and NGLDM, 2D (per slice, averaged), 2.5D (slices merged) and 3D. Merging sums counts and
the voxel totals they refer to; offsets are Chebyshev distance 1 (8 / 26 neighbours).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

FeatureFunction = Callable[[np.ndarray, float], dict[str, float]]


def neighbour_offsets(by_slice: bool) -> np.ndarray:
    """All offsets at Chebyshev distance 1: 8 in the axial plane or 26 in 3D, as (dz, dy, dx)."""
    steps = [(0,) if by_slice else (-1, 0, 1), (-1, 0, 1), (-1, 0, 1)]
    return np.array([o for o in itertools.product(*steps) if any(o)], dtype=np.int64)


def direction_offsets(by_slice: bool) -> np.ndarray:
    """One offset per unordered direction: 4 in-plane or 13 in 3D."""
    offsets = neighbour_offsets(by_slice)
    return np.array([o for o in offsets if tuple(o) > (0, 0, 0)], dtype=np.int64)


def _average(pairs: list[tuple[np.ndarray, float]], compute: FeatureFunction) -> dict[str, float]:
    """Feature means over the non-empty matrices of ``pairs`` (matrix, voxels); when all are
    empty, the features of an empty matrix (NaN: undefined)."""
    filled = [compute(m, n) for m, n in pairs if m.sum() > 0]
    if not filled:
        return compute(*pairs[0])
    return {key: float(np.mean([d[key] for d in filled])) for key in filled[0]}


def directional(counts: np.ndarray, voxels: np.ndarray, compute: FeatureFunction,
                by_slice: bool) -> dict[str, dict[str, float]]:
    """GLCM/GLRLM aggregations from counts (slices, directions, ...) and ROI voxels per slice.

    Returns ``{"2D_avg": ..., "2D_comb": ..., "2_5D_avg": ..., "2_5D_comb": ...}`` when
    ``by_slice`` (counts per slice), else ``{"3D_avg": ..., "3D_comb": ...}``.
    """
    slices, directions = counts.shape[:2]
    total = float(voxels.sum())
    merged = counts.sum(axis=0)
    over_directions = _average([(merged[d], total) for d in range(directions)], compute)
    all_merged = compute(merged.sum(axis=0), total * directions)
    if not by_slice:
        return {"3D_avg": over_directions, "3D_comb": all_merged}
    return {
        "2D_avg": _average([(counts[s, d], float(voxels[s]))
                            for s in range(slices) for d in range(directions)], compute),
        "2D_comb": _average([(counts[s].sum(axis=0), float(voxels[s]) * directions)
                             for s in range(slices)], compute),
        "2_5D_avg": over_directions,
        "2_5D_comb": all_merged,
    }


def per_slice(counts: np.ndarray, voxels: np.ndarray, compute: FeatureFunction,
              by_slice: bool) -> dict[str, dict[str, float]]:
    """GLSZM/GLDZM/NGTDM/NGLDM aggregations from counts per z index (slices, ...).

    ``{"2D": ..., "2_5D": ...}`` when ``by_slice``, else ``{"3D": ...}`` (slices summed).
    """
    merged = compute(counts.sum(axis=0), float(voxels.sum()))
    if not by_slice:
        return {"3D": merged}
    return {"2D": _average([(counts[s], float(voxels[s])) for s in range(counts.shape[0])], compute),
            "2_5D": merged}


def tagged(prefix: str, aggregated: dict[str, dict[str, float]]) -> dict[str, float]:
    """Flatten ``{aggregation: {feature: value}}`` to ``{prefix_feature_aggregation: value}``."""
    return {f"{prefix}_{name}_{agg}": value for agg, values in aggregated.items()
            for name, value in values.items()}
