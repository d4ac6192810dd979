"""Formulas shared by the texture families, written once.

GLRLM, GLSZM and GLDM features are the same functions of a count matrix ``P[i, j]``
(grey level ``i``, run length / zone size / dependence ``j``): PyRadiomics docs
"Radiomic Features" (GLRLM, GLSZM, GLDM sections) and IBSI 1 manual sections 3.7, 3.8
and 3.11. PyRadiomics computes them per direction and averages the directions with
``nanmean``; a direction without counts is NaN and left out of the mean.
"""
from __future__ import annotations

import numpy as np

from axilla.errors import SettingsError

EPS = np.spacing(1)  # PyRadiomics' epsilon inside log2 (about 2.2e-16)


def entropy(p: np.ndarray, axis) -> np.ndarray:
    """``-sum(p log2(p + eps))`` over ``axis`` (PyRadiomics' entropy with its epsilon)."""
    return -np.sum(p * np.log2(p + EPS), axis=axis)


def mean_over_directions(values: np.ndarray) -> np.ndarray:
    """Mean over the last axis ignoring NaN, NaN when nothing is left (``numpy.nanmean``
    without its warning)."""
    kept = ~np.isnan(values)
    count = kept.sum(axis=-1)
    total = np.where(kept, values, 0).sum(axis=-1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def zone_features(counts: np.ndarray, grey_levels: np.ndarray, sizes: np.ndarray
                  ) -> dict[str, np.ndarray]:
    """Per-direction values of every shared feature, by formula name.

    counts: ``(Ng, Nj, Na)`` (a single matrix as ``Na = 1``); grey_levels: ``(Ng,)``;
    sizes: ``(Nj,)`` run lengths, zone sizes or dependences (1-based). Returns arrays
    of shape ``(Na,)``; a direction with no counts gives NaN.
    """
    total = counts.sum(axis=(0, 1))
    total = np.where(total == 0, np.nan, total)
    by_grey = counts.sum(axis=1)
    by_size = counts.sum(axis=0)
    i = grey_levels.astype(np.float64)[:, None]
    j = sizes.astype(np.float64)[:, None]
    i2, j2 = i ** 2, j ** 2
    grey_share, size_share = by_grey / total, by_size / total
    grey_mean = np.sum(grey_share * i, axis=0)
    size_mean = np.sum(size_share * j, axis=0)

    def weighted(weights: np.ndarray) -> np.ndarray:
        return np.tensordot(weights, counts, axes=([0, 1], [0, 1])) / total

    return {
        "small_emphasis": np.sum(by_size / j2, axis=0) / total,
        "large_emphasis": np.sum(by_size * j2, axis=0) / total,
        "low_grey_emphasis": np.sum(by_grey / i2, axis=0) / total,
        "high_grey_emphasis": np.sum(by_grey * i2, axis=0) / total,
        "small_low_grey_emphasis": weighted(1.0 / (i2 * j2.T)),
        "small_high_grey_emphasis": weighted(i2 / j2.T),
        "large_low_grey_emphasis": weighted(j2.T / i2),
        "large_high_grey_emphasis": weighted(i2 * j2.T),
        "grey_non_uniformity": np.sum(by_grey ** 2, axis=0) / total,
        "grey_non_uniformity_normalised": np.sum(by_grey ** 2, axis=0) / total ** 2,
        "size_non_uniformity": np.sum(by_size ** 2, axis=0) / total,
        "size_non_uniformity_normalised": np.sum(by_size ** 2, axis=0) / total ** 2,
        "percentage": total / np.sum(by_size * j, axis=0),
        "grey_variance": np.sum(grey_share * (i - grey_mean) ** 2, axis=0),
        "size_variance": np.sum(size_share * (j - size_mean) ** 2, axis=0),
        "entropy": entropy(counts / total, axis=(0, 1)),
    }


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
