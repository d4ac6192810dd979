"""Input checks shared by the figure functions: one message style, one fix per mistake."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from axilla.errors import InputError


def paired_arrays(x, y, what: str) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as finite 1-D float arrays of one length, or an InputError."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.size == 0 or x.size != y.size:
        raise InputError(f"{what}: x and y must be non-empty and of equal length "
                         f"(got {x.size} and {y.size})",
                         fix="pass the curve exactly as the statistics step returned it")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InputError(f"{what}: the curve holds NaN or infinite values",
                         fix="drop undefined points before drawing")
    return x, y


def require_columns(table, columns: Iterable[str], what: str) -> None:
    """Raise an InputError naming every column of ``columns`` missing from ``table``."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"{what}: missing column(s) {', '.join(missing)}",
                         fix=f"give a table with columns {', '.join(columns)}")
