"""Texture-matrix builders (numba): counts per offset, unnormalised, for any (z, y, x) volume.

Each takes integer grey levels (1..n_levels inside the mask), a boolean mask of the same
shape and an ``(n, 3)`` array of offsets; a single slice is a ``(1, y, x)`` volume with
in-plane offsets. Symmetrising, merging, weighting and normalising are left to callers.
"""
from axilla.features.matrices.cooccurrence import cooccurrence_counts
from axilla.features.matrices.dependence import dependence_counts
from axilla.features.matrices.neighbourhood import grey_tone_differences
from axilla.features.matrices.offsets import pyradiomics_offsets
from axilla.features.matrices.run_length import run_length_counts
from axilla.features.matrices.size_zone import size_zone_counts

__all__ = ["cooccurrence_counts", "dependence_counts", "grey_tone_differences",
           "pyradiomics_offsets", "run_length_counts", "size_zone_counts"]
