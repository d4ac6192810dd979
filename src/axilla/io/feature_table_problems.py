"""What stops a study from starting at a feature table (``data.features``): the table must
hold one row per patient and a finite number in every feature cell, since selection and
models read every column as a number and accept no gap (nothing is imputed or dropped
silently)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from axilla.io.clinical import text_among_numbers
from axilla.io.problems import Problem

#: features named per patient before the rest are counted
SHOWN = 3


def _named(columns: list[str]) -> str:
    shown = ", ".join(f"'{c}'" for c in columns[:SHOWN])
    return shown + (f" and {len(columns) - SHOWN} more" if len(columns) > SHOWN else "")


def feature_table_problems(table: pd.DataFrame, where: str) -> list[Problem]:
    """Repeated patients, text columns, text among numbers, and empty or infinite cells,
    each named by patient (one line per patient and kind), with its fix."""
    problems = [Problem(f"patient {pid}", f"listed twice in {where}", "keep one row per patient")
                for pid in sorted(set(table.loc[table["patient_id"].duplicated(), "patient_id"]))]
    numbers, text_cells = {}, {}
    for column in (c for c in table.columns if c != "patient_id"):
        values = table[column]
        text = text_among_numbers(table, column)
        if not pd.api.types.is_numeric_dtype(values) and text.empty:
            problems.append(Problem(where, f"column '{column}' holds text, not feature values",
                                    f"move '{column}' to the clinical table or drop it"))
            continue
        problems += [Problem(f"patient {table.at[row, 'patient_id']}",
                             f"'{column}' is '{value}', not a number, in {where}",
                             "write the number, or drop the feature or the patient")
                     for row, value in text.items()]
        numbers[column] = pd.to_numeric(values, errors="coerce").astype(float)
        text_cells[column] = values.index.isin(text.index)
    numbers = pd.DataFrame(numbers, index=table.index)
    empty = numbers.isna() & ~pd.DataFrame(text_cells, index=table.index)
    infinite = numbers.apply(np.isinf)
    for row in table.index[empty.any(axis=1) | infinite.any(axis=1)]:
        pid = table.at[row, "patient_id"]
        gaps = list(numbers.columns[empty.loc[row]])
        if gaps:
            problems.append(Problem(f"patient {pid}", f"no value for {len(gaps)} feature(s) "
                                    f"({_named(gaps)}) in {where}",
                                    "fill them in, or drop those features or the patient "
                                    "(nothing is imputed)"))
        extremes = list(numbers.columns[infinite.loc[row]])
        if extremes:
            problems.append(Problem(f"patient {pid}", f"infinite value of {_named(extremes)} "
                                    f"in {where}", "recompute the feature, or drop it or the "
                                    "patient"))
    return problems
