"""Neighbour offsets (directions) for the texture matrices, in PyRadiomics' order.

PyRadiomics ``cmatrices.c`` (``get_angle_count``/``build_angles``): every offset
``(dz, dy, dx)`` whose infinity norm is one of ``distances``, that stays inside an
image of ``shape`` (``|d| < size`` per axis) and, in 2D mode, does not move along the
excluded axis. Offsets are enumerated from ``(d, d, d)`` down to ``(-d, -d, -d)``; the
mono-directional set is the first half of that list (13 offsets for distance 1 in 3D).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import product

import numpy as np

from axilla.errors import SettingsError


def pyradiomics_offsets(shape: Sequence[int], distances: Sequence[int] = (1,), *,
                        excluded_axis: int | None = None,
                        bidirectional: bool = False) -> np.ndarray:
    """Offsets as an ``(n, 3)`` int64 array (z, y, x), in PyRadiomics' angle order.

    ``excluded_axis`` is ``force2Ddimension`` when ``force2D`` is on (else ``None``);
    ``bidirectional`` gives both ``a`` and ``-a`` (GLSZM, GLDM, NGTDM neighbourhoods).
    The array is shared between calls and read-only.
    """
    wanted = _checked_distances(distances)
    reach = max(wanted)  # sizes beyond reach + 1 allow every offset: one cache entry for them
    clipped = tuple(min(int(size), reach + 1) for size in shape)
    return _offsets(clipped, frozenset(wanted), excluded_axis, bidirectional)


@lru_cache(maxsize=256)
def _offsets(shape: tuple[int, ...], wanted: frozenset, excluded_axis: int | None,
             bidirectional: bool) -> np.ndarray:
    reach = max(wanted)
    steps = range(reach, -reach - 1, -1)
    valid = []
    for offset in product(steps, repeat=len(shape)):
        norm = max(abs(o) for o in offset)
        if norm not in wanted:
            continue
        if any(abs(o) >= size for o, size in zip(offset, shape)):
            continue
        if excluded_axis is not None and offset[excluded_axis] != 0:
            continue
        valid.append(offset)
    if not bidirectional:
        valid = valid[: len(valid) // 2]
    offsets = np.array(valid, dtype=np.int64).reshape(-1, len(shape))
    offsets.setflags(write=False)
    return offsets


def _checked_distances(distances: Sequence[int]) -> set[int]:
    wanted = set()
    for distance in distances:
        if int(distance) != distance or distance < 1:
            raise SettingsError(f"distances must hold positive integers, got {list(distances)}",
                                fix="set distances to e.g. [1] or [1, 2]")
        wanted.add(int(distance))
    if not wanted:
        raise SettingsError("distances is empty", fix="set distances to e.g. [1]")
    return wanted
