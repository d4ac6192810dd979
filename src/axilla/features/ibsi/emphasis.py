"""Formulas shared by the run-length, size-zone, distance-zone and dependence matrices.

Each is a matrix M(i, j) of counts with grey level i = 1..Ng and a second index
j = 1..Nj (run length, zone size, zone distance or dependence count). IBSI 1 manual,
sections 3.7 (GLRLM), 3.8 (GLSZM), 3.9 (GLDZM) and 3.11 (NGLDM) define the same
emphasis, non-uniformity, percentage, variance, entropy and energy formulas on it;
they are written once here under generic names that each family maps to its tags.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from axilla.features.ibsi.aggregation import tagged


GENERIC_NAMES = ("short", "long", "low_grey", "high_grey", "short_low", "short_high", "long_low",
                 "long_high", "grey_nonuniformity", "grey_nonuniformity_norm", "j_nonuniformity",
                 "j_nonuniformity_norm", "percentage", "grey_variance", "j_variance", "entropy",
                 "energy")


def emphasis_features(matrix: np.ndarray, n_voxels: float) -> dict[str, float]:
    """Generic features of M(i, j): ``short`` = sum M/j^2 / Ns, ``long`` = sum M j^2 / Ns, ...

    An empty matrix (no runs, zones or voxels) leaves every feature undefined: NaN.
    """
    total = matrix.sum()
    if total == 0:
        return dict.fromkeys(GENERIC_NAMES, float("nan"))
    p = matrix / total
    i = np.arange(1, matrix.shape[0] + 1, dtype=np.float64)[:, None]
    j = np.arange(1, matrix.shape[1] + 1, dtype=np.float64)[None, :]
    p_grey = p.sum(axis=1)
    p_j = p.sum(axis=0)
    mean_i = float((i * p).sum())
    mean_j = float((j * p).sum())
    nonzero = p[p > 0]
    return {
        "short": float((p / j**2).sum()),
        "long": float((p * j**2).sum()),
        "low_grey": float((p / i**2).sum()),
        "high_grey": float((p * i**2).sum()),
        "short_low": float((p / (i**2 * j**2)).sum()),
        "short_high": float((p * i**2 / j**2).sum()),
        "long_low": float((p * j**2 / i**2).sum()),
        "long_high": float((p * i**2 * j**2).sum()),
        "grey_nonuniformity": float((p_grey**2).sum() * total),
        "grey_nonuniformity_norm": float((p_grey**2).sum()),
        "j_nonuniformity": float((p_j**2).sum() * total),
        "j_nonuniformity_norm": float((p_j**2).sum()),
        "percentage": float(total / n_voxels),
        "grey_variance": float(((i - mean_i) ** 2 * p).sum()),
        "j_variance": float(((j - mean_j) ** 2 * p).sum()),
        "entropy": float(-(nonzero * np.log2(nonzero)).sum()),
        "energy": float((nonzero**2).sum()),
    }


def emphasis_family(prefix: str, counts: np.ndarray, voxels: np.ndarray, names: dict[str, str],
                    aggregate: Callable, by_slice: bool) -> dict[str, float]:
    """``<prefix>_<tag>_<aggregation>`` features of count matrices.

    ``names`` maps generic keys to the family's tag bases; ``aggregate`` is
    ``aggregation.directional`` (GLRLM) or ``aggregation.per_slice`` (zones, NGLDM).
    """
    def compute(matrix: np.ndarray, n_voxels: float) -> dict[str, float]:
        generic = emphasis_features(matrix, n_voxels)
        return {tag: generic[key] for key, tag in names.items()}

    return tagged(prefix, aggregate(counts, voxels, compute, by_slice))
