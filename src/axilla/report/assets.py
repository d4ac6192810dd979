"""Figures and tables of one report: written to RUN_DIR and rendered as inline HTML.

Each figure is saved as PNG (300 dpi) and SVG under ``figures/`` and embedded as a
base64 PNG; each table is saved as CSV and XLSX under ``tables/`` and rendered as an
HTML table. Nothing refers to a network resource.
"""
from __future__ import annotations

import base64
import html
import numbers
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from axilla.plots import PNG_DPI, FigureFiles, format_p, save_figure
from axilla.report.tables import TableFiles, write_table

MAX_HTML_ROWS = 200
SCREEN_PX_PER_INCH = 130  # figures show at 1.35x their printed size (96 px per inch): 8 pt reads well
P_COLUMNS = ("p", "p_value", "pvalue", "p.value", "P", "p_adjusted", "hl_p")


def is_p_column(column: str) -> bool:
    """A column of p-values: ``p``, ``p_value``, ``p_<what>``, ``<what>_p``, and Table 1's
    ``<cohort>: p`` and ``p (between cohorts)``."""
    return (column in P_COLUMNS or column.startswith(("p_", "p (")) or column.endswith("_p")
            or column.endswith(": p"))


def format_cell(value, column: str = "") -> str:
    """One table cell as text: p-values as journals print them, floats to 3 decimals."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        if is_p_column(column):
            if 0.0 <= float(value) <= 1.0:
                return format_p(float(value))
        return f"{float(value):.3f}"
    return str(value)


def table_html(frame: pd.DataFrame, caption: str, note: str = "", folded: bool = False) -> str:
    """An HTML table with a numbered caption; rows beyond MAX_HTML_ROWS are left to the files.

    ``folded`` puts the rows in a <details> element (closed) under the visible caption.
    """
    shown = frame.head(MAX_HTML_ROWS)
    head = "".join(f"<th>{html.escape(str(c).replace('_', ' '))}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(format_cell(v, str(c)))}</td>"
                         for c, v in zip(shown.columns, row)) + "</tr>"
        for row in shown.itertuples(index=False))
    if len(frame) > MAX_HTML_ROWS:
        note = f"{note} First {MAX_HTML_ROWS} of {len(frame)} rows shown.".strip()
    foot = f'<p class="note">{html.escape(note)}</p>' if note else ""
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if folded:
        table = f"<details><summary>Show the {len(frame)} rows</summary>{table}</details>"
    return (f'<div class="table-wrap"><p class="caption">{html.escape(caption)}</p>'
            f"{table}{foot}</div>")


@dataclass
class Assets:
    """Writes a report's figures and tables and numbers their captions (S1, S2, ...)."""

    run_dir: Path
    figures: list[FigureFiles] = field(default_factory=list)
    tables: list[TableFiles] = field(default_factory=list)

    def figure(self, fig, name: str, caption: str) -> str:
        """Save ``fig`` and return its <figure> element with the PNG inline."""
        files = save_figure(fig, self.run_dir / "figures", name)
        self.figures.append(files)
        png = files.png.read_bytes()
        width, height = (round(v * SCREEN_PX_PER_INCH / PNG_DPI)
                         for v in struct.unpack(">II", png[16:24]))  # PNG IHDR size
        data = base64.b64encode(png).decode("ascii")
        label = f"Figure S{len(self.figures)}."
        return (f'<figure id="fig-{name}"><img src="data:image/png;base64,{data}" '
                f'width="{width}" height="{height}" alt="{html.escape(caption)}">'
                f"<figcaption><b>{label}</b> {html.escape(caption)} "
                f'<span class="files">figures/{name}.png, figures/{name}.svg</span>'
                f"</figcaption></figure>")

    def table(self, frame: pd.DataFrame | pd.Series, name: str, caption: str,
              note: str = "", folded: bool = False, shown: pd.DataFrame | None = None) -> str:
        """Write ``frame`` as CSV and XLSX and return its HTML table (``folded``: closed);
        ``shown`` is rendered instead where the page shows the same rows for reading
        (e.g. an estimate and its CI in one cell) while the files keep the numbers."""
        files = write_table(frame, self.run_dir / "tables", name)
        self.tables.append(files)
        label = f"Table S{len(self.tables)}."
        note = f"{note} Files: tables/{name}.csv, tables/{name}.xlsx.".strip()
        return table_html(files.frame if shown is None else shown, f"{label} {caption}", note,
                          folded)
