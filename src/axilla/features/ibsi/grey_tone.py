"""Neighbourhood grey tone difference matrix (NGTDM) features, IBSI 1 manual section 3.10.

s_i = sum over voxels of level i of |i - mean of its ROI neighbours|, n_i their count,
p_i = n_i / N_vc (voxels with at least one neighbour); sums over grey levels run only over
levels with p_i > 0 (Ng,p of them).
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import neighbour_offsets, per_slice, tagged
from axilla.features.ibsi.matrices import grey_tone_sums


NAMES = ("coarseness", "contrast", "busyness", "complexity", "strength")


def ngtdm_features(sums: np.ndarray) -> dict[str, float]:
    """The 5 IBSI NGTDM features of s_i (``sums[0]``) and n_i (``sums[1]``).

    NaN when no voxel has a neighbour. A uniform neighbourhood (sum p_i s_i = 0) gives
    coarseness 10^6, the cap the IBSI manual suggests, and busyness/strength 0.
    """
    s_all, n_all = sums[0], sums[1]
    if n_all.sum() == 0:
        return dict.fromkeys(NAMES, float("nan"))
    present = n_all > 0
    s = s_all[present]
    p = n_all[present] / n_all.sum()
    i = np.arange(1, s_all.size + 1, dtype=np.float64)[present]
    n_present = i.size
    ps = p * s
    dist = np.abs(i[:, None] - i[None, :])
    weighted = np.abs((i * p)[:, None] - (i * p)[None, :]).sum()
    s_total = s.sum()
    contrast = 0.0
    if n_present > 1:
        contrast = float((p[:, None] * p[None, :] * dist**2).sum()
                         / (n_present * (n_present - 1)) * s_total / n_all.sum())
    return {
        "coarseness": float(1 / ps.sum()) if ps.sum() > 0 else 1e6,
        "contrast": contrast,
        "busyness": float(ps.sum() / weighted) if weighted > 0 else 0.0,
        "complexity": float((dist * (ps[:, None] + ps[None, :]) / (p[:, None] + p[None, :])).sum()
                            / n_all.sum()),
        "strength": float(((p[:, None] + p[None, :]) * dist**2).sum() / s_total)
        if s_total > 0 else 0.0,
    }


def ngtdm(grey: np.ndarray, n_levels: int, voxels: np.ndarray, by_slice: bool) -> dict[str, float]:
    """``ngt_<feature>_<aggregation>`` (2D and 2.5D when ``by_slice``, else 3D)."""
    sums = grey_tone_sums(grey, neighbour_offsets(by_slice), n_levels, by_slice)
    aggregated = per_slice(sums, voxels, lambda m, _: ngtdm_features(m), by_slice)
    return tagged("ngt", aggregated)
