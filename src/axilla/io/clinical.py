"""The clinical table (CSV or XLSX, one row per patient, keyed by ``patient_id``)."""
from __future__ import annotations

import difflib
import io
from pathlib import Path

import pandas as pd

from axilla.errors import InputError
from axilla.io.problems import Problem
from axilla.io.utf8_text import utf8_text


def read_table(path) -> pd.DataFrame:
    """A CSV, XLSX or Parquet table; ``patient_id`` is read as text. A CSV must be UTF-8:
    otherwise the InputError names the file and its first line that is not."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        table = pd.read_excel(path, dtype={"patient_id": str})
    elif suffix == ".parquet":
        table = pd.read_parquet(path)
    else:
        text, problem = utf8_text(path, "the table")
        if problem is not None:
            raise InputError(problem.message, file=problem.where, fix=problem.fix)
        table = pd.read_csv(io.StringIO(text), dtype={"patient_id": str})
    if "patient_id" in table.columns:
        table["patient_id"] = table["patient_id"].astype(str)
    return table


def clinical_problems(table: pd.DataFrame, where: str, outcome: str,
                      columns: list[str] = ()) -> list[Problem]:
    """Missing id/outcome/factor columns, duplicate patients, missing or non-binary
    outcomes; a table with no patient row is one problem (not one per imaged patient)."""
    problems = []
    if "patient_id" not in table.columns:
        return [Problem(where, "no 'patient_id' column", "name the patient key column patient_id")]
    if table.empty:
        return [Problem(where, "has no patient rows (a header only)",
                        "fill in one row per patient, or point data.clinical at the filled-in "
                        "table")]
    for pid in sorted(set(table.loc[table["patient_id"].duplicated(), "patient_id"])):
        problems.append(Problem(f"patient {pid}", f"listed twice in {where}",
                                "keep one row per patient"))
    for column in [outcome, *columns]:
        if column not in table.columns:
            close = difflib.get_close_matches(str(column), list(map(str, table.columns)), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(Problem(where, f"column '{column}' is absent{hint}",
                                    f"columns present: {', '.join(map(str, table.columns))}"))
    if outcome in table.columns:
        for pid in table.loc[table[outcome].isna(), "patient_id"]:
            problems.append(Problem(f"patient {pid}", f"no value for the outcome '{outcome}'",
                                    f"fill it in {where} or exclude the patient"))
        values = set(table[outcome].dropna().unique())
        if not values <= {0, 1, True, False}:
            problems.append(Problem(where, f"outcome '{outcome}' holds {sorted(map(str, values))}",
                                    "code the outcome as 0/1 (1 = ALN metastasis)"))
    return problems


def text_among_numbers(table: pd.DataFrame, column: str) -> pd.Series:
    """The cells of ``column`` that are text in a column that otherwise holds numbers
    ('sixty' among ages); empty for a numeric column or one without any number (a
    category as written)."""
    if column not in table.columns or pd.api.types.is_numeric_dtype(table[column]):
        return table[column].iloc[:0] if column in table.columns else pd.Series(dtype=object)
    values = table[column].dropna()
    text = pd.to_numeric(values, errors="coerce").isna()
    return values.iloc[:0] if text.all() else values[text]


def numeric_problems(table: pd.DataFrame, columns, where: str) -> list[Problem]:
    """One problem per text cell of :func:`text_among_numbers`: one such cell turns the
    whole column into text, which a model then reads as a category with one level per
    distinct value."""
    problems = []
    for column in columns:
        for row, value in text_among_numbers(table, column).items():
            problems.append(Problem(
                f"patient {table.at[row, 'patient_id']}",
                f"'{column}' is '{value}', not a number, in {where}",
                f"write the number, or leave the cell empty if it is unknown; if '{column}' "
                "is a category, list it under models.clinical.categorical"))
    return problems
