"""Grey level distance zone matrix (GLDZM) features, IBSI 1 manual section 3.9.

Zones as for the GLSZM, counted by grey level and distance to the ROI edge (the zone's
smallest city-block distance, 1 at the edge); the 16 features are the shared emphasis
formulas of ``axilla.features.ibsi.emphasis``. PyRadiomics has no GLDZM.
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import per_slice
from axilla.features.ibsi.emphasis import emphasis_family
from axilla.features.ibsi.size_zone import zone_matrix
from axilla.features.ibsi.zones import Zones


def gldzm(zones: Zones, n_levels: int, voxels: np.ndarray, by_slice: bool) -> dict[str, float]:
    """``dzm_<feature>_<aggregation>`` (2D and 2.5D when ``by_slice``, else 3D)."""
    counts = zone_matrix(zones, zones.distances, n_levels, voxels.size)
    return emphasis_family("dzm", counts, voxels, per_slice, by_slice)
