"""Neighbouring grey level dependence matrix (NGLDM) features, IBSI 1 manual section 3.11.

For each ROI voxel of level i, the dependence k = 1 + the number of ROI neighbours
(Chebyshev distance 1) whose level differs by at most the coarseness alpha; the 17
features are the shared emphasis formulas of ``axilla.features.ibsi.emphasis``
(PyRadiomics' GLDM with ``gldm_a`` = alpha is the same matrix).
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import neighbour_offsets, per_slice
from axilla.features.ibsi.emphasis import emphasis_family
from axilla.features.ibsi.matrices import dependence


def ngldm(grey: np.ndarray, n_levels: int, voxels: np.ndarray, by_slice: bool,
          alpha: int = 0) -> dict[str, float]:
    """``ngl_<feature>_<aggregation>`` (2D and 2.5D when ``by_slice``, else 3D)."""
    counts = dependence(grey, neighbour_offsets(by_slice), n_levels, alpha, by_slice)
    return emphasis_family("ngl", counts, voxels, per_slice, by_slice)
