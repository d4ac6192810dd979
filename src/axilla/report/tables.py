"""Each report table written twice: CSV (for analysis) and XLSX (for co-authors)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from axilla.errors import InputError


@dataclass(frozen=True)
class TableFiles:
    """Where one table was written, and the table as written (index as columns)."""

    name: str
    csv: Path
    xlsx: Path
    frame: pd.DataFrame


def as_flat_table(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """The table with a meaningful index turned into leading columns (a RangeIndex is dropped)."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in col if str(p)) for col in frame.columns]
    frame.columns = [str(c) for c in frame.columns]
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
