"""Grey level run length matrix (GLRLM) features, IBSI 1 manual section 3.7.

Runs of one grey level along each direction; the 16 features are the shared emphasis
formulas (``emphasis.py``); run percentage divides by the voxels (times the directions
merged into the matrix).
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import direction_offsets, directional
from axilla.features.ibsi.emphasis import emphasis_family
from axilla.features.ibsi.matrices import run_lengths


def glrlm(grey: np.ndarray, n_levels: int, voxels: np.ndarray, by_slice: bool) -> dict[str, float]:
    """``rlm_<feature>_<aggregation>`` for the aggregations of ``by_slice`` or 3D."""
    counts = run_lengths(grey, direction_offsets(by_slice), n_levels, by_slice)
    return emphasis_family("rlm", counts, voxels, directional, by_slice)
