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

import numpy as np
from threadpoolctl import ThreadpoolController

from axilla.features import _kernels
from axilla.features.matrices import cooccurrence_counts, pyradiomics_offsets
from axilla.features.matrices.roi import TextureROI, texture_roi
from axilla.features.registry import FeatureSpec
from axilla.features.texture_formulas import EPS, direction_lengths, mean_over_directions

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
    return _matrix_and_levels(texture_roi(grey, mask, settings), spacing, settings)[0]


def compute(grey: np.ndarray, mask: np.ndarray, spacing, settings: Mapping) -> dict[str, float]:
    """Every GLCM feature, keyed by PyRadiomics name (mean over directions)."""
    return compute_roi(texture_roi(grey, mask, settings), spacing, settings)


def compute_roi(roi: TextureROI, spacing, settings: Mapping) -> dict[str, float]:
    """``compute`` on a ``texture_roi`` made once and shared by the families."""
    p, levels, n_levels = _matrix_and_levels(roi, spacing, settings)
    levels = levels.astype(np.float64)
    values = dict(zip(_FORMULAS, mean_over_directions(_formulas(p, levels, n_levels)).tolist()))
    values.update({alias: values[name] for alias, name in _ALIASES.items()})
    px, py = p.sum(axis=1), p.sum(axis=0)
    values["MCC"] = _maximal_correlation(p, px, py)
    # PyRadiomics takes the plain mean here (no nanmean)
    values["JointAverage"] = float((px * levels[:, None]).sum(axis=0).mean()) if p.shape[2] else np.nan
    return {spec.name: values[spec.name] for spec in FEATURES}


def _matrix_and_levels(roi, spacing, settings):
    offsets = pyradiomics_offsets(roi.grey.shape, roi.distances, excluded_axis=roi.excluded_axis)
    counts = cooccurrence_counts(roi.ranked, roi.mask, offsets, len(roi.levels),
                                 walk=roi.walk(offsets, ranked=True))
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


_FORMULAS = (  # rows of _formulas' output; MCC and JointAverage are computed apart
    "Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast",
    "Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id",
    "Idm", "Idmn", "Idn", "Imc1", "Imc2", "InverseVariance", "JointEnergy", "JointEntropy",
    "MaximumProbability", "SumAverage", "SumEntropy", "SumSquares", "SumVariance",
)
_ALIASES = {"Dissimilarity": "DifferenceAverage", "Homogeneity1": "Id", "Homogeneity2": "Idm"}


def _formulas(p: np.ndarray, levels: np.ndarray, n_levels: int) -> np.ndarray:
    """PyRadiomics GLCM formulas 1-24 (docs "GLCM Features") per direction: one row per
    ``_FORMULAS`` entry (C kernel). ``p_{x+y}(k)`` and ``p_{x-y}(k)`` are indexed by the sum
    and the absolute difference of the grey levels present (``k = 2..2 Ng``, ``0..Ng-1``);
    a merged matrix without pairs is NaN and so are most values."""
    out = np.full((len(_FORMULAS), p.shape[2]), np.nan)
    _kernels.glcm_formulas(np.ascontiguousarray(p, dtype=np.float64), levels, int(n_levels), out)
    return out


def _maximal_correlation(p: np.ndarray, px: np.ndarray, py: np.ndarray) -> float:
    """Mean over directions of sqrt(second largest eigenvalue) of
    ``Q[i, j] = sum_k p(i,k) p(j,k) / (px(i) py(k) + eps)`` (PyRadiomics formula 16).
    As PyRadiomics: NaN for a matrix without pairs, 1 for a single grey level."""
    n_grey, _, n_dir = p.shape
    if n_dir == 1 and np.isnan(p[0, 0, 0]):
        return float("nan")
    if n_grey < 2:
        return 1.0
    scaled = p / (px[:, None, :] * py[None, :, :] + EPS)  # (i, k, a)
    q = np.matmul(scaled.transpose(2, 0, 1), p.transpose(2, 1, 0))  # (a, i, j)
    if n_grey < _THREADED_FROM:
        eigen = np.linalg.eigvals(q)
    else:
        with _BLAS.limit(limits=1, user_api="blas"):  # threads only contend here
            eigen = np.linalg.eigvals(q)
    eigen.sort(axis=-1)
    second = eigen[:, -2]
    if np.iscomplexobj(second):  # as PyRadiomics: a complex batch gives complex roots
        roots = np.sqrt(second)
    else:
        roots = np.sqrt(np.where(second < 0, np.nan, second))  # NaN for a negative residue
    return float(np.real(mean_over_directions(roots)))


_THREADED_FROM = 32  # matrices this large may start BLAS threads
#: threadpoolctl's view of numpy's BLAS, built once at import (it scans the loaded libraries)
_BLAS = ThreadpoolController()
