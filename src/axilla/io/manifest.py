"""The manifest: one row per image and ROI (``patient_id, cohort, sequence, roi, image,
mask[, label, spacing, series]``), paths relative to the manifest's folder."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from axilla.io.case import Case
from axilla.io.problems import Problem

REQUIRED = ("patient_id", "image", "mask")
OPTIONAL = ("cohort", "sequence", "roi", "label", "spacing", "series")
DEFAULTS = {"cohort": "", "sequence": "image", "roi": "roi"}


def read_manifest(path) -> tuple[pd.DataFrame, list[Problem]]:
    """The manifest with absolute paths and defaults filled in, and its problems."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(), [Problem(str(path), "manifest not found",
                                        "check the path given as data.manifest")]
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        return table, [Problem(str(path), f"missing column(s) {missing}",
                               f"the manifest needs the columns {list(REQUIRED)}")]
    for column, value in DEFAULTS.items():
        if column not in table.columns:
            table[column] = value
        table[column] = table[column].replace("", value)
    root = path.parent
    for column in ("image", "mask"):
        table[column] = [str((root / p).resolve()) if p else "" for p in table[column]]
    return table, manifest_problems(table, str(path))


def manifest_problems(table: pd.DataFrame, where: str) -> list[Problem]:
    """Missing files, empty cells and duplicated (patient, sequence, roi, image) rows."""
    problems = []
    for row in table.itertuples(index=False):
        for column in ("image", "mask"):
            value = getattr(row, column)
            if not value:
                problems.append(Problem(f"patient {row.patient_id}", f"empty '{column}' cell",
                                        f"give the {column} path in {where}"))
            elif not Path(value).exists():
                problems.append(Problem(f"patient {row.patient_id}", f"{column} file {value} "
                                        "not found", f"fix the path in {where}"))
    duplicated = table.duplicated(["patient_id", "sequence", "roi", "image"], keep=False)
    for pid in sorted(set(table.loc[duplicated, "patient_id"])):
        problems.append(Problem(f"patient {pid}", "the same image and ROI is listed twice",
                                f"remove the duplicate rows from {where}"))
    return problems


def cases(table: pd.DataFrame) -> list[Case]:
    """The manifest rows as :class:`Case` records."""
    out = []
    for row in table.to_dict("records"):
        label = row.get("label") or None
        out.append(Case(patient_id=str(row["patient_id"]), image=row["image"], mask=row["mask"],
                        cohort=row.get("cohort", ""), sequence=row.get("sequence", "image"),
                        roi=row.get("roi", "roi"),
                        label=None if label is None else int(float(label)),
                        spacing=row.get("spacing") or None, series=row.get("series") or None))
    return out
