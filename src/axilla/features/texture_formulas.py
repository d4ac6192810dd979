"""Formulas shared by the texture families, written once.

GLRLM, GLSZM and GLDM features are the same functions of a count matrix ``P[i, j]``
(grey level ``i``, run length / zone size / dependence ``j``): PyRadiomics docs
"Radiomic Features" (GLRLM, GLSZM, GLDM sections) and IBSI 1 manual sections 3.7, 3.8
and 3.11. PyRadiomics computes them per direction and averages the directions with
``nanmean``; a direction without counts is NaN and left out of the mean.
"""
from __future__ import annotations

import numpy as np
from numba import njit, types

from axilla.errors import SettingsError
from axilla.features.matrices._layout import read_only

EPS = np.spacing(1)  # PyRadiomics' epsilon inside log2 (about 2.2e-16)


def mean_over_directions(values: np.ndarray) -> np.ndarray:
    """Mean over the last axis ignoring NaN, NaN when nothing is left (``numpy.nanmean``
    without its warning)."""
    kept = ~np.isnan(values)
    count = kept.sum(axis=-1)
    total = np.where(kept, values, 0).sum(axis=-1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


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
    """
    values = _zone_formulas(np.ascontiguousarray(counts, dtype=np.float64),
                            grey_levels.astype(np.float64), sizes.astype(np.float64))
    return dict(zip(ZONE_FORMULAS, values))


@njit((read_only(types.float64, 3), read_only(types.float64, 1, "A"),
       read_only(types.float64, 1, "A")), cache=True, nogil=True)
def _zone_formulas(counts, i, j):
    """One row per ``ZONE_FORMULAS`` entry, one column per direction. With ``N`` the
    number of runs/zones/voxels, ``p(i) = sum_j P(i, j)``, ``p(j) = sum_i P(i, j)``:
    emphases ``sum w P / N``; non-uniformities ``sum p^2 / N`` (``/ N^2`` normalised);
    percentage ``N / sum_j j p(j)``; variances of ``p / N``; entropy of ``P / N``."""
    n_grey, n_size, n_dir = counts.shape
    out = np.full((len(ZONE_FORMULAS), n_dir), np.nan)
    for a in range(n_dir):
        by_grey = np.zeros(n_grey)
        by_size = np.zeros(n_size)
        mixed = np.zeros(4)  # small-low, small-high, large-low, large-high
        for g in range(n_grey):
            i2 = i[g] * i[g]
            for s in range(n_size):
                c = counts[g, s, a]
                j2 = j[s] * j[s]
                by_grey[g] += c
                by_size[s] += c
                mixed[0] += c / (i2 * j2)
                mixed[1] += c * i2 / j2
                mixed[2] += c * j2 / i2
                mixed[3] += c * i2 * j2
        total = by_grey.sum()
        if total == 0:  # NaN, but sums over no sizes at all are 0 (PyRadiomics' empty sums)
            if n_size == 0:
                out[14, a] = out[15, a] = 0.0
            continue
        grey_share, size_share = by_grey / total, by_size / total
        grey_mean, size_mean = (grey_share * i).sum(), (size_share * j).sum()
        out[0, a] = (by_size / j ** 2).sum() / total
        out[1, a] = (by_size * j ** 2).sum() / total
        out[2, a] = (by_grey / i ** 2).sum() / total
        out[3, a] = (by_grey * i ** 2).sum() / total
        out[4:8, a] = mixed / total
        out[8, a] = (by_grey ** 2).sum() / total
        out[9, a] = (by_grey ** 2).sum() / total ** 2
        out[10, a] = (by_size ** 2).sum() / total
        out[11, a] = (by_size ** 2).sum() / total ** 2
        out[12, a] = total / (by_size * j).sum()
        out[13, a] = (grey_share * (i - grey_mean) ** 2).sum()
        out[14, a] = (size_share * (j - size_mean) ** 2).sum()
        share = counts[:, :, a] / total
        out[15, a] = -(share * np.log2(share + EPS)).sum()
    return out


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
