"""Each report table written twice: CSV (for analysis) and XLSX (for co-authors)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from axilla.errors import InputError


@dataclass(frozen=True)
class TableFiles:
    """Where one table was written, and the table as written (index as columns)."""

    name: str
    csv: Path
    xlsx: Path
    frame: pd.DataFrame


#: Column names that hold counts: ``n``, ``n_<what>``, ``<what>_n``, the confusion-matrix
#: cells, ``events``, ``df`` / ``<test>_df``.
COUNT_NAMES = ("n", "tp", "fp", "tn", "fn", "events", "df")


def is_count_column(name: str) -> bool:
    name = str(name)
    return name in COUNT_NAMES or name.startswith("n_") or name.endswith(("_n", "_df"))


def as_flat_table(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """The table with a meaningful index turned into leading columns (a RangeIndex is
    dropped), and count columns as integers: a float count column (one with a missing
    value is float in pandas) whose values are all whole becomes nullable ``Int64``, so
    files and page show ``12``, not ``12.0``, and the missing cell stays empty."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    else:
        frame = frame.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in col if str(p)) for col in frame.columns]
    frame.columns = [str(c) for c in frame.columns]
    for column in frame.columns:
        values = frame[column]
        if is_count_column(column) and pd.api.types.is_float_dtype(values):
            present = values.dropna()
            if np.array_equal(present, np.round(present)):
                frame[column] = values.astype("Int64")
    return frame


def write_table(table: pd.DataFrame | pd.Series, directory: str | Path, name: str) -> TableFiles:
    """Write ``name.csv`` and ``name.xlsx`` under ``directory``; returns their paths."""
    if not name or any(ch in name for ch in "/\\ "):
        raise InputError(f"table name {name!r} is not a plain file stem",
                         fix="use letters, digits, '-' and '_' only")
    frame = as_flat_table(table)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = TableFiles(name, directory / f"{name}.csv", directory / f"{name}.xlsx", frame)
    frame.to_csv(files.csv, index=False)
    with pd.ExcelWriter(files.xlsx, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=name[:31], index=False)
    return files
