"""Grey level size zone matrix (GLSZM) features, IBSI 1 manual section 3.8.

Counts of zones by grey level and size (8-connected per slice, 26-connected in 3D); the
16 features are the shared emphasis formulas (``emphasis.py``).
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import per_slice
from axilla.features.ibsi.emphasis import emphasis_family
from axilla.features.ibsi.zones import Zones


def zone_matrix(zones: Zones, second: np.ndarray, n_levels: int, n_slices: int) -> np.ndarray:
    """Counts per z index of (grey level, ``second`` index), shape (slices, Ng, max second)."""
    counts = np.zeros((n_slices, n_levels, int(second.max())))
    np.add.at(counts, (zones.slices, zones.levels - 1, second - 1), 1.0)
    return counts


def glszm(zones: Zones, n_levels: int, voxels: np.ndarray, by_slice: bool) -> dict[str, float]:
    """``szm_<feature>_<aggregation>`` (2D and 2.5D when ``by_slice``, else 3D)."""
    counts = zone_matrix(zones, zones.sizes, n_levels, voxels.size)
    return emphasis_family("szm", counts, voxels, per_slice, by_slice)
