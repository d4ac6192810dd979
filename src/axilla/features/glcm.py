"""Gray Level Co-occurrence Matrix features (PyRadiomics ``glcm``).

Matrix: PyRadiomics ``RadiomicsGLCM._calculateMatrix``: one matrix per direction at
``distances`` (13 in 3D for distance 1), symmetrised when ``symmetricalGLCM``, merged
with weights ``exp(-|d|^2)`` when ``weightingNorm`` is set, empty directions dropped,
each normalised to sum 1. Features: PyRadiomics docs "Gray Level Co-occurrence Matrix
(GLCM) Features" (formulas 1-24), IBSI 1 section 3.6, computed per direction and
averaged. The sums over ``i + j`` and ``|i - j|`` use the grey levels present, as
PyRadiomics does. Deprecated features (Dissimilarity, Homogeneity1, Homogeneity2,
SumVariance) get no value in PyRadiomics; Axilla computes their documented formulas and
leaves them off by default.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from axilla.features.matrices import cooccurrence_counts, pyradiomics_offsets
from axilla.features.matrices.roi import texture_roi
from axilla.features.registry import FeatureSpec
from axilla.features.texture_formulas import EPS, direction_lengths, entropy, mean_over_directions

FEATURES: tuple[FeatureSpec, ...] = tuple(
    FeatureSpec("glcm", name, ibsi, default, tag) for name, ibsi, tag, default in (
        ("Autocorrelation", "QWB0", "cm_auto_corr", True),
        ("ClusterProminence", "AE86", "cm_clust_prom", True),
        ("ClusterShade", "7NFM", "cm_clust_shade", True),
        ("ClusterTendency", "DG8W", "cm_clust_tend", True),
        ("Contrast", "ACUI", "cm_contrast", True),
        ("Correlation", "NI2N", "cm_corr", True),
        ("DifferenceAverage", "TF7R", "cm_diff_avg", True),
        ("DifferenceEntropy", "NTRS", "cm_diff_entr", True),
        ("DifferenceVariance", "D3YU", "cm_diff_var", True),
        ("Dissimilarity", "8S9J", "cm_dissimilarity", False),
        ("Homogeneity1", None, None, False),
        ("Homogeneity2", None, None, False),
        ("Id", "IB1Z", "cm_inv_diff", True),
        ("Idm", "WF0Z", "cm_inv_diff_mom", True),
        ("Idmn", "1QCO", "cm_inv_diff_mom_norm", True),
        ("Idn", "NDRX", "cm_inv_diff_norm", True),
        ("Imc1", "R8DG", "cm_info_corr1", True),
        ("Imc2", "JN9H", "cm_info_corr2", True),
        ("InverseVariance", "E8JP", "cm_inv_var", True),
        ("JointAverage", "60VM", "cm_joint_avg", True),
        ("JointEnergy", "8ZQL", "cm_energy", True),
        ("JointEntropy", "TU9B", "cm_joint_entr", True),
        ("MCC", None, None, True),
        ("MaximumProbability", "GYBY", "cm_joint_max", True),
        ("SumAverage", "ZGXS", "cm_sum_avg", True),
        ("SumEntropy", "P6QZ", "cm_sum_entr", True),
        ("SumSquares", "UR99", "cm_joint_var", True),
        ("SumVariance", "OEEB", "cm_sum_var", False),
    ))


def matrix(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> np.ndarray:
    """``(Ng, Ng, Na)`` probabilities as PyRadiomics holds them (absent levels and empty
    directions removed, each direction summing to 1; ``Na = 1`` with ``weightingNorm``)."""
    return _matrix_and_levels(grey, mask, spacing, settings)[0]


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every GLCM feature, keyed by PyRadiomics name (mean over directions)."""
    p, levels, n_levels = _matrix_and_levels(grey, mask, spacing, settings)
    per_direction, joint_average = _per_direction(p, levels.astype(np.float64), n_levels)
    mcc = per_direction.pop("MCC")
    means = mean_over_directions(np.array(list(per_direction.values())))
    values = dict(zip(per_direction, means.tolist()))
    values["MCC"] = float(np.real(mean_over_directions(mcc)))
    values["JointAverage"] = joint_average
    return {spec.name: values[spec.name] for spec in FEATURES}


def _matrix_and_levels(grey, mask, spacing, settings):
    roi = texture_roi(grey, mask, settings)
    offsets = pyradiomics_offsets(roi.grey.shape, roi.distances, excluded_axis=roi.excluded_axis)
    counts = cooccurrence_counts(roi.ranked(), roi.mask, offsets, len(roi.levels))
    if settings.get("symmetricalGLCM", True):
        counts = counts + counts.transpose(1, 0, 2)
    norm = settings.get("weightingNorm")
    if norm is not None:
        lengths = direction_lengths(offsets, spacing, norm)
        weights = np.ones(len(lengths)) if norm == "no_weighting" else np.exp(-lengths ** 2)
        counts = np.tensordot(counts, weights, axes=([2], [0]))[..., None]
    elif counts.shape[2] > 1:
        counts = counts[:, :, counts.sum(axis=(0, 1)) > 0]
    totals = counts.sum(axis=(0, 1))
    return counts / np.where(totals == 0, np.nan, totals), roi.levels, roi.n_levels


def _marginal_sums(p: np.ndarray, index: np.ndarray, length: int) -> np.ndarray:
    """``out[k, a] = sum of p[i, j, a] over index[i, j] == k`` (p_{x+y}, p_{x-y})."""
    n_dir = p.shape[2]
    bins = (index[:, :, None] * n_dir + np.arange(n_dir)).ravel()
    return np.bincount(bins, weights=p.ravel(), minlength=length * n_dir).reshape(length, n_dir)


def _per_direction(p: np.ndarray, levels: np.ndarray, n_levels: int):
    """Each feature as an ``(Na,)`` array (PyRadiomics formulas 1-24), and JointAverage."""
    n_dir = p.shape[2]
    i = levels[:, None]
    px, py = p.sum(axis=1), p.sum(axis=0)  # (Ng, Na): rows i, columns j
    ux, uy = (px * i).sum(axis=0), (py * i).sum(axis=0)
    k_sum = np.arange(2, 2 * n_levels + 1, dtype=np.float64)[:, None]
    k_diff = np.arange(n_levels, dtype=np.float64)[:, None]
    level_index = levels.astype(np.int64)
    p_sum = _marginal_sums(p, level_index[:, None] + level_index[None, :] - 2, 2 * n_levels - 1)
    p_diff = _marginal_sums(p, np.abs(level_index[:, None] - level_index[None, :]), n_levels)

    sum_average = (k_sum * p_sum).sum(axis=0)
    centred_sum = k_sum - ux - uy
    diff_average = (k_diff * p_diff).sum(axis=0)
    var_x = (px * (i - ux) ** 2).sum(axis=0)
    var_y = (py * (i - uy) ** 2).sum(axis=0)
    covariance = ((p * (i - uy)[None, :, :]).sum(axis=1) * (i - ux)).sum(axis=0)
    spread = np.sqrt(var_x) * np.sqrt(var_y)
    correlation = np.where(spread == 0, 1.0, covariance / (spread + EPS))

    joint_entropy = entropy(p, axis=(0, 1))
    px_py = px[:, None, :] * py[None, :, :]
    log_px_py = np.log2(px_py + EPS)
    hx, hy = entropy(px, axis=0), entropy(py, axis=0)
    hxy1 = -(p * log_px_py).sum(axis=(0, 1))
    hxy2 = -(px_py * log_px_py).sum(axis=(0, 1))
    larger = np.fmax(hx, hy)
    imc1 = np.where(larger == 0, 0.0, (joint_entropy - hxy1) / np.where(larger == 0, 1, larger))
    with np.errstate(invalid="ignore"):  # PyRadiomics: NaN where HXY > HXY2 by rounding
        imc2 = np.sqrt(1 - np.exp(-2 * (hxy2 - joint_entropy)))
    imc2 = np.where(hxy2 == joint_entropy, 0.0, imc2)

    inverse_difference = (p_diff / (1 + k_diff)).sum(axis=0)
    inverse_difference_moment = (p_diff / (1 + k_diff ** 2)).sum(axis=0)
    values = {
        "Autocorrelation": np.tensordot(levels[:, None] * levels[None, :], p, axes=([0, 1], [0, 1])),
        "ClusterProminence": (p_sum * centred_sum ** 4).sum(axis=0),
        "ClusterShade": (p_sum * centred_sum ** 3).sum(axis=0),
        "ClusterTendency": (p_sum * centred_sum ** 2).sum(axis=0),
        "Contrast": (p_diff * k_diff ** 2).sum(axis=0),
        "Correlation": correlation,
        "DifferenceAverage": diff_average,
        "DifferenceEntropy": entropy(p_diff, axis=0),
        "DifferenceVariance": (p_diff * (k_diff - diff_average) ** 2).sum(axis=0),
        "Dissimilarity": diff_average,
        "JointEnergy": (p ** 2).sum(axis=(0, 1)),
        "JointEntropy": joint_entropy,
        "Homogeneity1": inverse_difference,
        "Homogeneity2": inverse_difference_moment,
        "Imc1": imc1,
        "Imc2": imc2,
        "Idm": inverse_difference_moment,
        "MCC": _maximal_correlation(p, px, py),
        "Idmn": (p_diff / (1 + k_diff ** 2 / n_levels ** 2)).sum(axis=0),
        "Id": inverse_difference,
        "Idn": (p_diff / (1 + k_diff / n_levels)).sum(axis=0),
        "InverseVariance": (p_diff[1:] / k_diff[1:] ** 2).sum(axis=0),
        "MaximumProbability": p.max(axis=(0, 1)) if n_dir else np.zeros(0),
        "SumAverage": sum_average,
        "SumVariance": (p_sum * (k_sum - sum_average) ** 2).sum(axis=0),
        "SumEntropy": entropy(p_sum, axis=0),
        "SumSquares": var_x,
    }
    joint_average = float(ux.mean()) if n_dir else float("nan")
    return values, joint_average


def _maximal_correlation(p: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """sqrt of the second largest eigenvalue of ``Q[i, j] = sum_k p(i,k) p(j,k) / (px(i) py(k))``
    per direction (PyRadiomics formula 16, with its epsilon; 1 for a single grey level)."""
    if p.shape[0] < 2:
        return np.ones(p.shape[2])
    if np.isnan(p).any():  # a merged matrix without pairs: PyRadiomics' NaN
        return np.full(p.shape[2], np.nan)
    scaled = p / (px[:, None, :] * py[None, :, :] + EPS)  # (i, k, a)
    with _blas().limit(limits=1, user_api="blas"):  # threads only contend on Ng x Ng matrices
        eigen = np.linalg.eigvals(np.matmul(scaled.transpose(2, 0, 1), p.transpose(2, 1, 0)))
    eigen.sort(axis=-1)
    with np.errstate(invalid="ignore"):  # PyRadiomics: NaN for a negative rounding residue
        return np.sqrt(eigen[:, -2])


@lru_cache(maxsize=1)
def _blas():
    """threadpoolctl's view of the loaded BLAS (comes with scikit-learn); built once."""
    from threadpoolctl import ThreadpoolController
    return ThreadpoolController()
