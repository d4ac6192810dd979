"""Leak detection for region growing: a grown region that is not a plausible lesion.

Growing leaks when the lesion's intensity range also covers what surrounds it; the
region then runs on until a fence stops it. The fence is the searched domain: a box
drawn around the lesion, or the whole image when none was drawn. A lesion lies inside
the domain, clear of its sides, and fills less than half of it; a leaked region presses
against the fence. So a region leaked when it

* reaches at least half of the domain's sides (3 of the 6 faces of a box; axes along
  which the domain is one voxel thick, as in a 2D box, are not counted), or
* fills more than half of the domain's voxels.

A box drawn tight to the lesion also trips the first rule: draw the box with a margin
of a few voxels. A free-hand ROI drawn around the lesion is a fence by design (growing
refines the drawn outline), so there the region leaked only when it fills every ROI
voxel: the threshold then separated nothing.
"""
from __future__ import annotations

import numpy as np

from axilla.errors import InputError

LEAK_FIX = ("draw a box around the lesion with a margin of a few voxels (--box, or a "
            "box-shaped --roi) and let the threshold be chosen automatically (no --lower, "
            "--upper or --multiplier); or narrow the thresholds or lower the multiplier")


def _bounds(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    where = np.nonzero(array)
    return np.array([w.min() for w in where]), np.array([w.max() for w in where])


def sides_reached(region: np.ndarray, domain: np.ndarray) -> tuple[int, int]:
    """(sides of the domain's bounding box the region reaches, sides counted); an axis
    along which the domain is one voxel thick is not counted."""
    domain_low, domain_high = _bounds(domain)
    low, high = _bounds(region)
    counted = domain_high > domain_low
    reached = (low == domain_low) & counted, (high == domain_high) & counted
    return int(reached[0].sum() + reached[1].sum()), 2 * int(counted.sum())


def leak_problem(region: np.ndarray, domain: np.ndarray, *, free_hand: bool, where: str) -> str | None:
    """Why ``region`` (bool, non-empty) is not a plausible lesion inside ``domain``
    (``where`` names it: "the box", "the image"), or None when it is plausible."""
    fraction = region.sum() / domain.sum()
    if free_hand:
        if region.sum() == domain.sum():
            return f"the grown region fills every voxel of {where}"
        return None
    reached, counted = sides_reached(region, domain)
    if 2 * reached >= counted or fraction > 0.5:
        return (f"the grown region reaches {reached} of the {counted} sides of {where} and "
                f"fills {100 * fraction:.1f}% of it")
    return None


def check_leak(region: np.ndarray, domain: np.ndarray, *, free_hand: bool, where: str) -> None:
    """Raise an InputError naming the leak (see the module docstring) when there is one."""
    problem = leak_problem(region, domain, free_hand=free_hand, where=where)
    if problem is not None:
        raise InputError(f"segmentation leaked: {problem}", fix=LEAK_FIX)
