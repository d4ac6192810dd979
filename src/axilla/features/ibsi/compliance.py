"""The IBSI comparison rule: a value matches its reference within the tolerance.

Rule of MIRP's IBSI tests (documented in the shared IBSI data README): round the computed
value to 3 significant digits, then require |rounded - reference| <= tolerance, so a
tolerance of 0 means "equal at 3 significant digits". References that carry more than 3
significant digits (image and voxel counts of the compliance diagnostics, e.g. 125256) are
compared unrounded: |value - reference| <= tolerance.
"""
from __future__ import annotations

import math


def significant_digits(value: float) -> int:
    """Number of significant digits of a decimal number as printed (``3065`` -> 4)."""
    mantissa = f"{abs(value):.12g}".split("e")[0]
    return max(1, len(mantissa.replace(".", "").strip("0")))


def round_significant(value: float, digits: int = 3) -> float:
    """``value`` rounded to ``digits`` significant digits."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def matches_reference(value: float, reference: float, tolerance: float) -> bool:
    """True when ``value`` agrees with ``reference`` under the rule above."""
    if not math.isfinite(value):
        return False
    if significant_digits(reference) > 3:
        return abs(value - reference) <= tolerance
    return abs(round_significant(value) - reference) <= tolerance + 1e-12 * abs(reference)
