"""The inputs of a study's ``delta:`` and ``radiogenomics:`` sections, read and checked.

:func:`delta_input_problems` lists every problem of the paired manifest, the omics table
and the signature outcome at once; ``axilla validate`` reports them and ``axilla run``
stops on them before extracting anything (docs/delta.md).
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from axilla.io import Problem, read_manifest, read_table, repeated_images
from axilla.io.clinical import text_among_numbers
from axilla.study.config import StudyConfig


def delta_input_problems(config: StudyConfig, root: Path) -> list[Problem]:
    """Problems of the delta manifest, the signature outcome and the omics table."""
    problems = []
    if config.delta is not None:
        problems += paired_manifest(config, root)[1]
        problems += outcome_problems(config, root)
    if config.radiogenomics is not None:
        problems += omics_table(config, root)[1]
    return problems


def paired_manifest(config: StudyConfig, root: Path
                    ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The delta manifest's rows per time point (``pre`` and ``post`` values as keys, the
    time-point column dropped) and its problems: those of any manifest, a missing
    time-point column, other time-point values, repeated images within a time point."""
    section = config.delta
    where = str(section.manifest)
    manifest, problems = read_manifest(root / section.manifest, root=root)
    column = section.timepoint_column
    if manifest.empty and problems:
        return {}, problems
    if column not in manifest.columns:
        return {}, problems + [Problem(where, f"no '{column}' column", (
            f"add a '{column}' column saying '{section.pre}' or '{section.post}' on every "
            "row (or set delta.timepoint_column)"))]
    other = manifest[~manifest[column].isin([section.pre, section.post])]
    problems += [Problem(f"patient {row.patient_id}", f"row {index + 2} of {where}: time "
                         f"point '{getattr(row, column)}' is neither '{section.pre}' nor "
                         f"'{section.post}'", "fix the value or set delta.pre / delta.post")
                 for index, row in zip(other.index, other.itertuples(index=False))]
    parts = {name: manifest[manifest[column] == name].drop(columns=column)
             for name in (section.pre, section.post)}
    for name, rows in parts.items():
        problems += repeated_images(rows, config.data.aggregate, f"{where} ({name})")
        if rows.empty:
            problems.append(Problem(where, f"no row has the time point '{name}'",
                                    f"list each patient's images at '{section.pre}' and "
                                    f"'{section.post}'"))
    return parts, problems


def omics_table(config: StudyConfig, root: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The omics table indexed by patient, and its problems (absent file, no
    ``patient_id``, repeated patients, text columns)."""
    name = str(config.radiogenomics.table)
    path = root / config.radiogenomics.table
    if not path.exists():
        return pd.DataFrame(), [Problem(name, "omics table not found",
                                        "check radiogenomics.table (relative to the study)")]
    table = read_table(path)
    if "patient_id" not in table.columns:
        return pd.DataFrame(), [Problem(name, "no 'patient_id' column",
                                        "add the patient key column")]
    problems = [Problem(f"patient {pid}", f"{name} has several rows for this patient",
                        "keep one row per patient")
                for pid in sorted(set(table["patient_id"][table["patient_id"].duplicated()]))]
    for column in table.columns.drop("patient_id"):
        cells = text_among_numbers(table, column)
        problems += [Problem(f"patient {table.at[row, 'patient_id']}",
                             f"'{column}' is '{value}', not a number, in {name}",
                             "write the number, or leave the cell empty if it is unknown")
                     for row, value in cells.items()]
        if cells.empty and not pd.api.types.is_numeric_dtype(table[column]):
            problems.append(Problem(name, f"column '{column}' is not numeric", "give one "
                                    "number per patient in every omics column, or drop the "
                                    "column"))
    return table.set_index("patient_id"), problems


def outcome_problems(config: StudyConfig, root: Path) -> list[Problem]:
    outcome = config.delta.signature_outcome
    path = root / config.data.clinical
    if outcome is None or not path.exists():   # an absent clinical table is data's problem
        return []
    columns = list(read_table(path).columns)
    if outcome in columns:
        return []
    close = difflib.get_close_matches(outcome, columns, n=1)
    return [Problem(str(config.data.clinical), f"delta.signature_outcome '{outcome}' is not "
                    "a column of the clinical table",
                    f"did you mean '{close[0]}'?" if close else "name a 0/1 column")]
