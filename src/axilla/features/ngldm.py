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

NAMES = {"small_emphasis": "lde", "large_emphasis": "hde", "low_grey_emphasis": "lgce",
         "high_grey_emphasis": "hgce", "small_low_grey_emphasis": "ldlge",
         "small_high_grey_emphasis": "ldhge", "large_low_grey_emphasis": "hdlge",
         "large_high_grey_emphasis": "hdhge", "grey_non_uniformity": "glnu",
         "grey_non_uniformity_normalised": "glnu_norm", "size_non_uniformity": "dcnu",
         "size_non_uniformity_normalised": "dcnu_norm", "percentage": "dc_perc",
         "grey_variance": "gl_var", "size_variance": "dc_var", "entropy": "dc_entr",
         "energy": "dc_energy"}


def ngldm(grey: np.ndarray, n_levels: int, voxels: np.ndarray, by_slice: bool,
          alpha: int = 0) -> dict[str, float]:
    """``ngl_<feature>_<aggregation>`` (2D and 2.5D when ``by_slice``, else 3D)."""
    counts = dependence(grey, neighbour_offsets(by_slice), n_levels, alpha, by_slice)
    return emphasis_family("ngl", counts, voxels, NAMES, per_slice, by_slice)
