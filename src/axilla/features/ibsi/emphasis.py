"""Formulas shared by the run-length, size-zone, distance-zone and dependence matrices.

Each is a matrix M(i, j) of counts with grey level i = 1..Ng and a second index
j = 1..Nj (run length, zone size, zone distance or dependence count). IBSI 1 manual,
sections 3.7 (GLRLM), 3.8 (GLSZM), 3.9 (GLDZM) and 3.11 (NGLDM) define the same
emphasis, non-uniformity, percentage, variance, entropy and energy formulas on it;
those of ``axilla.features.texture_formulas`` serve here too, and one table maps them to
each family's tags.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from axilla.features.ibsi.aggregation import tagged
from axilla.features.texture_formulas import zone_features

SHARED_NAMES = ("small_emphasis", "large_emphasis", "low_grey_emphasis", "high_grey_emphasis",
                "small_low_grey_emphasis", "small_high_grey_emphasis", "large_low_grey_emphasis",
                "large_high_grey_emphasis", "grey_non_uniformity", "grey_non_uniformity_normalised",
                "size_non_uniformity", "size_non_uniformity_normalised", "percentage",
                "grey_variance", "size_variance", "entropy", "energy")


# IBSI tag bases of each family, in the order of SHARED_NAMES (GLRLM, GLSZM and GLDZM have
# no energy). IBSI 1 manual sections 3.7, 3.8, 3.9, 3.11.
FAMILY_TAGS = {
    "rlm": ("sre", "lre", "lgre", "hgre", "srlge", "srhge", "lrlge", "lrhge", "glnu", "glnu_norm",
            "rlnu", "rlnu_norm", "r_perc", "gl_var", "rl_var", "rl_entr"),
    "szm": ("sze", "lze", "lgze", "hgze", "szlge", "szhge", "lzlge", "lzhge", "glnu", "glnu_norm",
            "zsnu", "zsnu_norm", "z_perc", "gl_var", "zs_var", "zs_entr"),
    "dzm": ("sde", "lde", "lgze", "hgze", "sdlge", "sdhge", "ldlge", "ldhge", "glnu", "glnu_norm",
            "zdnu", "zdnu_norm", "z_perc", "gl_var", "zd_var", "zd_entr"),
    "ngl": ("lde", "hde", "lgce", "hgce", "ldlge", "ldhge", "hdlge", "hdhge", "glnu", "glnu_norm",
            "dcnu", "dcnu_norm", "dc_perc", "gl_var", "dc_var", "dc_entr", "dc_energy"),
}


def emphasis_features(matrix: np.ndarray, n_voxels: float) -> dict[str, float]:
    """Shared features of M(i, j), named as in ``texture_formulas.zone_features``.

    IBSI differs from PyRadiomics only in the percentage, N_s / N_v with N_v the ROI voxels
    the matrix counts (times the directions merged into it), and adds the energy
    sum p(i, j)^2 (NGLDM). An empty matrix leaves every feature undefined: NaN.
    """
    total = matrix.sum()
    if total == 0:
        return dict.fromkeys(SHARED_NAMES, float("nan"))
    levels = np.arange(1, matrix.shape[0] + 1)
    sizes = np.arange(1, matrix.shape[1] + 1)
    shared = {name: float(value[0])
              for name, value in zone_features(matrix[:, :, None], levels, sizes).items()}
    shared["percentage"] = float(total / n_voxels)
    shared["energy"] = float(((matrix / total) ** 2).sum())
    return shared


def emphasis_family(prefix: str, counts: np.ndarray, voxels: np.ndarray, aggregate: Callable,
                    by_slice: bool) -> dict[str, float]:
    """``<prefix>_<tag>_<aggregation>`` features of count matrices (``prefix`` a key of
    FAMILY_TAGS); ``aggregate`` is ``aggregation.directional`` (GLRLM) or
    ``aggregation.per_slice`` (zones, NGLDM)."""
    tags = FAMILY_TAGS[prefix]

    def compute(matrix: np.ndarray, n_voxels: float) -> dict[str, float]:
        shared = emphasis_features(matrix, n_voxels)
        return {tag: shared[name] for name, tag in zip(SHARED_NAMES, tags)}

    return tagged(prefix, aggregate(counts, voxels, compute, by_slice))
