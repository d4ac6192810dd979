"""Grey level co-occurrence matrix (GLCM) features, IBSI definitions.

IBSI 1 manual, section 3.6: symmetric matrix at Chebyshev distance 1, normalised to
probabilities p(i, j); marginals, diagonal (p_{x-y}) and cross-diagonal (p_{x+y})
probabilities; entropies in log2; normalised inverse differences divide by Ng, the number
of grey levels of the discretisation.
"""
from __future__ import annotations

import numpy as np

from axilla.features.ibsi.aggregation import direction_offsets, directional, tagged
from axilla.features.ibsi.matrices import cooccurrence


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


NAMES = ("joint_max", "joint_avg", "joint_var", "joint_entr", "diff_avg", "diff_var", "diff_entr",
         "sum_avg", "sum_var", "sum_entr", "energy", "contrast", "dissimilarity", "inv_diff",
         "inv_diff_norm", "inv_diff_mom", "inv_diff_mom_norm", "inv_var", "corr", "auto_corr",
         "clust_tend", "clust_shade", "clust_prom", "info_corr1", "info_corr2")


def glcm_features(counts: np.ndarray, n_levels: int) -> dict[str, float]:
    """The 25 IBSI GLCM features of one count matrix (tag bases without ``cm_``).

    An empty matrix (no voxel pairs) leaves them undefined (NaN). With one grey level the
    correlation is 1 and information correlation 1 is 0 (their denominators vanish).
    """
    if counts.sum() == 0:
        return dict.fromkeys(NAMES, float("nan"))
    p = counts / counts.sum()
    ng = counts.shape[0]
    i = np.arange(1, ng + 1, dtype=np.float64)[:, None]
    j = i.T
    p_i = p.sum(axis=1)
    levels = i[:, 0]
    mu = float((levels * p_i).sum())
    var_i = float(((levels - mu) ** 2 * p_i).sum())
    diff = np.abs(i - j).astype(np.int64)
    p_diff = np.bincount(diff.ravel(), weights=p.ravel(), minlength=ng)
    p_sum = np.bincount((i + j).astype(np.int64).ravel(), weights=p.ravel(), minlength=2 * ng + 1)
    k_diff = np.arange(p_diff.size, dtype=np.float64)
    k_sum = np.arange(p_sum.size, dtype=np.float64)
    diff_avg = float((k_diff * p_diff).sum())
    sum_avg = float((k_sum * p_sum).sum())
    centred = i + j - 2 * mu
    h_xy = _entropy(p)
    outer = p_i[:, None] * p_i[None, :]
    positive = outer > 0
    h_xy1 = float(-(p[positive] * np.log2(outer[positive])).sum())
    h_xy2 = _entropy(outer)
    h_x = _entropy(p_i)
    return {
        "joint_max": float(p.max()),
        "joint_avg": float((i * p).sum()),
        "joint_var": float(((i - mu) ** 2 * p).sum()),
        "joint_entr": h_xy,
        "diff_avg": diff_avg,
        "diff_var": float(((k_diff - diff_avg) ** 2 * p_diff).sum()),
        "diff_entr": _entropy(p_diff),
        "sum_avg": sum_avg,
        "sum_var": float(((k_sum - sum_avg) ** 2 * p_sum).sum()),
        "sum_entr": _entropy(p_sum),
        "energy": float((p**2).sum()),
        "contrast": float(((i - j) ** 2 * p).sum()),
        "dissimilarity": diff_avg,
        "inv_diff": float((p / (1 + diff)).sum()),
        "inv_diff_norm": float((p / (1 + diff / n_levels)).sum()),
        "inv_diff_mom": float((p / (1 + diff**2)).sum()),
        "inv_diff_mom_norm": float((p / (1 + diff**2 / n_levels**2)).sum()),
        "inv_var": float((p_diff[1:] / k_diff[1:] ** 2).sum()),
        "corr": float(((i - mu) * (j - mu) * p).sum() / var_i) if var_i > 0 else 1.0,
        "auto_corr": float((i * j * p).sum()),
        "clust_tend": float((centred**2 * p).sum()),
        "clust_shade": float((centred**3 * p).sum()),
        "clust_prom": float((centred**4 * p).sum()),
        "info_corr1": (h_xy - h_xy1) / h_x if h_x > 0 else 0.0,
        "info_corr2": float(np.sqrt(max(0.0, 1 - np.exp(-2 * (h_xy2 - h_xy))))),
    }


def glcm(grey: np.ndarray, n_levels: int, voxels: np.ndarray, by_slice: bool) -> dict[str, float]:
    """``cm_<feature>_<aggregation>`` for the aggregations of ``by_slice`` (2D/2.5D) or 3D."""
    counts = cooccurrence(grey, direction_offsets(by_slice), n_levels, by_slice)
    aggregated = directional(counts, voxels, lambda m, _: glcm_features(m, n_levels), by_slice)
    return tagged("cm", aggregated)
