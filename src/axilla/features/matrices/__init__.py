"""Texture-matrix builders (C kernels, ``axilla.features._kernels``): counts per offset, unnormalised, for any (z, y, x) volume.

Each takes integer grey levels (1..n_levels inside the mask), a boolean mask of the same
shape and an ``(n, 3)`` array of offsets; a single slice is a ``(1, y, x)`` volume with
in-plane offsets. Symmetrising, merging, weighting and normalising are left to callers.
An optional ``walk`` (``TextureROI.walk``) lets the families of one ROI pad it once.

Each builder's module is imported on first use (PEP 562 ``__getattr__``).
"""
from __future__ import annotations

from axilla._lazy import lazy_names

#: builder -> its module in this package
_SOURCES = {
    "cooccurrence_counts": "cooccurrence",
    "dependence_counts": "dependence",
    "grey_tone_differences": "neighbourhood",
    "pyradiomics_offsets": "offsets",
    "run_length_counts": "run_length",
    "size_zone_counts": "size_zone",
}

__all__ = list(_SOURCES)

__getattr__, __dir__ = lazy_names(__name__, _SOURCES)
