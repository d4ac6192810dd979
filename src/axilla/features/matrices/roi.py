"""The ROI every texture family starts from: cropped levels and PyRadiomics geometry settings."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from axilla.errors import InputError, SettingsError
from axilla.features.imageops import bounding_box
from axilla.features.matrices._layout import Walk, pad_walk, reach


@dataclass(frozen=True)
class TextureROI:
    """Discretised ROI cropped to the mask's bounding box (PyRadiomics ``cropToTumorMask``).

    levels: the grey levels present, ascending; n_levels: the largest (PyRadiomics ``Ng``);
    excluded_axis: ``force2Ddimension`` when ``force2D`` is on, else ``None``.
    """

    grey: np.ndarray
    mask: np.ndarray
    levels: np.ndarray
    n_levels: int
    excluded_axis: int | None
    distances: tuple[int, ...]
    _walks: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def ranked(self) -> np.ndarray:
        """Levels renumbered 1..len(levels) in ascending order, 0 outside the mask. For
        matrices that only test levels for equality (GLCM, GLRLM, GLSZM) the rows are then
        the present levels only, as PyRadiomics keeps them, without the absent ones."""
        lookup = np.zeros(self.n_levels + 1, dtype=np.int32)
        lookup[self.levels] = np.arange(1, len(self.levels) + 1, dtype=np.int32)
        return lookup[np.where(self.mask, self.grey, 0)]

    def walk(self, offsets: np.ndarray, ranked: bool) -> Walk:
        """The padded ``ranked`` (else plain) levels for ``offsets``, made once per ROI and
        border width and shared by the families (a builder's ``walk``)."""
        key = (ranked, reach(offsets))
        if key not in self._walks:
            grey, top = (self.ranked, len(self.levels)) if ranked else (self.grey, self.n_levels)
            self._walks[key] = pad_walk(grey, self.mask, key[1], top)
        return self._walks[key]


def texture_roi(grey: np.ndarray, mask: np.ndarray, settings: Mapping) -> TextureROI:
    """Crop ``grey``/``mask`` to the mask and read ``force2D``, ``force2Ddimension``, ``distances``."""
    grey = np.asarray(grey)
    mask = np.asarray(mask, dtype=bool)
    if grey.ndim != 3 or grey.shape != mask.shape:
        raise InputError(f"grey levels {grey.shape} and mask {mask.shape} must be 3D arrays of "
                         "one shape", fix="pass (z, y, x) arrays; a slice as (1, y, x)")
    if not np.issubdtype(grey.dtype, np.integer):
        raise InputError(f"grey levels must be integers, got {grey.dtype}",
                         fix="discretise the image first (axilla.features.discretize)")
    if not mask.any():
        raise InputError("the mask is empty", fix="check the mask label and the ROI")
    low, high = bounding_box(mask)
    if low != (0, 0, 0) or high != tuple(n - 1 for n in mask.shape):
        box = tuple(slice(a, b + 1) for a, b in zip(low, high))
        grey, mask = grey[box], mask[box]
    grey, mask = np.ascontiguousarray(grey, dtype=np.int32), np.ascontiguousarray(mask)
    inside = grey[mask]
    if inside.min() < 1:
        raise InputError(f"grey level {inside.min()} inside the mask is outside 1..Ng",
                         fix="discretise the image first (axilla.features.discretize)")
    levels = np.flatnonzero(np.bincount(inside))
    return TextureROI(grey, mask, levels, int(levels[-1]), _excluded_axis(settings),
                      tuple(settings.get("distances", [1])))


def _excluded_axis(settings: Mapping) -> int | None:
    if not settings.get("force2D", False):
        return None
    axis = settings.get("force2Ddimension", 0)
    if axis not in (0, 1, 2):
        raise SettingsError(f"force2Ddimension must be 0, 1 or 2, got {axis!r}",
                            fix="use 0 for axial slices (z), 1 for coronal, 2 for sagittal")
    return int(axis)
