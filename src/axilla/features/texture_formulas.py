"""Formulas shared by the texture families, written once.

GLRLM, GLSZM and GLDM features are the same functions of a count matrix ``P[i, j]``
(grey level ``i``, run length / zone size / dependence ``j``): PyRadiomics docs
"Radiomic Features" (GLRLM, GLSZM, GLDM sections) and IBSI 1 manual sections 3.7, 3.8
and 3.11. PyRadiomics computes them per direction and averages the directions with
``nanmean``; a direction without counts is NaN and left out of the mean.
"""
from __future__ import annotations

import math

import numpy as np

from axilla.errors import SettingsError
from axilla.features import _kernels

EPS = np.spacing(1)  # PyRadiomics' epsilon inside log2 (about 2.2e-16)


def mean_over_directions(values: np.ndarray) -> np.ndarray:
    """Mean over the last axis ignoring NaN, NaN when nothing is left (``numpy.nanmean``
    without its warning; real values in C, ``direction_means``, with numpy's sums)."""
    values = np.asarray(values)
    if np.iscomplexobj(values):  # MCC's roots of a complex eigenvalue batch
        kept = ~np.isnan(values)
        count = kept.sum(axis=-1)
        total = np.where(kept, values, 0).sum(axis=-1)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)
    rows = np.ascontiguousarray(values, dtype=np.float64).reshape(
        math.prod(values.shape[:-1]), values.shape[-1])
    means = np.empty(rows.shape[0])
    _kernels.direction_means(rows, means)
    return means.reshape(values.shape[:-1])


ZONE_FORMULAS = (
    "small_emphasis", "large_emphasis", "low_grey_emphasis", "high_grey_emphasis",
    "small_low_grey_emphasis", "small_high_grey_emphasis", "large_low_grey_emphasis",
    "large_high_grey_emphasis", "grey_non_uniformity", "grey_non_uniformity_normalised",
    "size_non_uniformity", "size_non_uniformity_normalised", "percentage", "grey_variance",
    "size_variance", "entropy",
)


def zone_features(counts: np.ndarray, grey_levels: np.ndarray, sizes: np.ndarray
                  ) -> dict[str, np.ndarray]:
    """Per-direction values of every shared feature, by formula name (``ZONE_FORMULAS``).

    counts: ``(Ng, Nj, Na)`` (a single matrix as ``Na = 1``); grey_levels: ``(Ng,)``;
    sizes: ``(Nj,)`` run lengths, zone sizes or dependences (1-based). Returns arrays
    of shape ``(Na,)``; a direction with no counts gives NaN.

    In the C kernel, with ``N`` the number of runs/zones/voxels, ``p(i) = sum_j P(i, j)``,
    ``p(j) = sum_i P(i, j)``: emphases ``sum w P / N``; non-uniformities ``sum p^2 / N``
    (``/ N^2`` normalised); percentage ``N / sum_j j p(j)``; variances of ``p / N``;
    entropy of ``P / N``.
    """
    return dict(zip(ZONE_FORMULAS, _zone_table(counts, grey_levels, sizes)))


def zone_means(counts: np.ndarray, grey_levels: np.ndarray, sizes: np.ndarray
               ) -> dict[str, float]:
    """``zone_features`` averaged over directions (``mean_over_directions``), as floats."""
    means = mean_over_directions(_zone_table(counts, grey_levels, sizes))
    return dict(zip(ZONE_FORMULAS, means.tolist()))


def _zone_table(counts, grey_levels, sizes) -> np.ndarray:
    counts = np.ascontiguousarray(counts, dtype=np.float64)
    values = np.full((len(ZONE_FORMULAS), counts.shape[2]), np.nan)
    _kernels.zone_formulas(counts, np.ascontiguousarray(grey_levels, dtype=np.float64),
                           np.ascontiguousarray(sizes, dtype=np.float64), values)
    return values


_NORMS = {  # PyRadiomics weightingNorm: the length of an offset given in mm per axis
    "manhattan": lambda steps: steps.sum(axis=1),
    "euclidean": lambda steps: np.sqrt((steps ** 2).sum(axis=1)),
    "infinity": lambda steps: steps.max(axis=1),
    "no_weighting": lambda steps: np.ones(len(steps)),
}


def direction_lengths(offsets: np.ndarray, spacing, norm: str) -> np.ndarray:
    """Length in mm of each offset under ``weightingNorm`` (PyRadiomics GLCM and GLRLM
    ``_calculateMatrix``); ``no_weighting`` gives 1 for every offset."""
    if norm not in _NORMS:
        raise SettingsError(f"weightingNorm {norm!r} is not known",
                            fix=f"use one of {sorted(_NORMS)} or leave it unset")
    return _NORMS[norm](np.abs(offsets) * np.asarray(spacing, dtype=np.float64))


def drop_empty_columns(counts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Remove sizes (axis 1) that no direction counts, as PyRadiomics does before its features."""
    used = counts.sum(axis=(0, 2)) > 0 if counts.ndim == 3 else counts.sum(axis=0) > 0
    return counts[:, used], sizes[used]
