"""The manifest: one row per image and ROI (``patient_id, cohort, sequence, roi, image,
mask[, label, spacing, series]``), paths relative to the manifest's folder.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from axilla.io.case import Case
from axilla.io.problems import Problem
from axilla.io.utf8_text import utf8_text

REQUIRED = ("patient_id", "image", "mask")
OPTIONAL = ("cohort", "sequence", "roi", "label", "spacing", "series")
DEFAULTS = {"cohort": "", "sequence": "image", "roi": "roi"}
MANIFEST_BLOCK = ["patient_id", "sequence", "roi"]   # one image each, unless aggregated
#: Folders outside the study folder that manifests may point into (``os.pathsep``-separated),
#: set by whoever runs Axilla (a PACS mount, a shared archive), never by the study itself.
IMAGE_ROOTS_VARIABLE = "AXILLA_IMAGE_ROOTS"


def read_manifest(path, *, root=None, image_roots=()) -> tuple[pd.DataFrame, list[Problem]]:
    """The manifest with absolute paths and defaults filled in, and its problems.

    ``root``: when given (the study's folder), every image and mask must lie under it or
    under one of ``image_roots`` or the folders of ``$AXILLA_IMAGE_ROOTS``; a path that
    escapes (``../..``, an absolute path elsewhere, a link leading out) is a problem.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(), [Problem(str(path), "manifest not found",
                                        "check the path given as data.manifest")]
    text, problem = utf8_text(path, "the manifest")
    if problem is not None:
        return pd.DataFrame(), [problem]
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        return table, [Problem(str(path), f"missing column(s) {missing}",
                               f"the manifest needs the columns {list(REQUIRED)}")]
    for column, value in DEFAULTS.items():
        if column not in table.columns:
            table[column] = value
        table[column] = table[column].replace("", value)
    escaped = [] if root is None else _escaping_paths(table, path, Path(root), image_roots)
    folder = path.parent
    for column in ("image", "mask"):
        table[column] = [str((folder / p).resolve()) if p else "" for p in table[column]]
    return table, escaped + manifest_problems(table, str(path))


def _escaping_paths(table: pd.DataFrame, manifest: Path, root: Path,
                    image_roots) -> list[Problem]:
    """Image and mask paths that resolve outside ``root`` and the allowed image roots."""
    listed = os.environ.get(IMAGE_ROOTS_VARIABLE, "").split(os.pathsep)
    allowed = [Path(r).resolve() for r in [root, *image_roots, *listed] if str(r).strip()]
    problems = []
    for index, row in table.iterrows():
        for column in ("image", "mask"):
            if not row[column]:
                continue
            target = (manifest.parent / row[column]).resolve()
            if not any(target.is_relative_to(folder) for folder in allowed):
                problems.append(Problem(
                    f"patient {row['patient_id']}",
                    f"row {index + 2} of {manifest.name}: the {column} path {row[column]!r} "
                    f"leads outside the study folder {allowed[0]} (to {target})",
                    f"copy the files under {allowed[0]}; files on a PACS mount or shared "
                    f"archive are allowed by whoever runs Axilla: {IMAGE_ROOTS_VARIABLE}="
                    f"{target.parent} (several folders separated by '{os.pathsep}')"))
    return problems


def manifest_problems(table: pd.DataFrame, where: str) -> list[Problem]:
    """Missing files, empty cells and duplicated (patient, sequence, roi, image) rows;
    a cell's problem names its row of the file (the header is row 1), so two rows sharing
    a missing image read as two places to fix."""
    problems = []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        at = f"row {number} of {Path(where).name}"
        for column in ("image", "mask"):
            value = getattr(row, column)
            if not value:
                problems.append(Problem(f"patient {row.patient_id}",
                                        f"{at}: empty '{column}' cell",
                                        f"give the {column} path in {where}"))
            elif not Path(value).exists():
                problems.append(Problem(f"patient {row.patient_id}", f"{at}: {column} file "
                                        f"{value} not found", f"fix the path in {where}"))
    duplicated = table.duplicated([*MANIFEST_BLOCK, "image"], keep=False)
    for pid in sorted(set(table.loc[duplicated, "patient_id"])):
        problems.append(Problem(f"patient {pid}", "the same image and ROI is listed twice",
                                f"remove the duplicate rows from {where}"))
    return problems


def several_images(table: pd.DataFrame) -> dict[tuple[str, str, str], pd.DataFrame]:
    """The rows of each (patient, sequence, ROI) that lists more than one image."""
    distinct = table.drop_duplicates([*MANIFEST_BLOCK, "image"])
    groups = distinct.groupby(MANIFEST_BLOCK, sort=True)
    return {key: rows for key, rows in groups if len(rows) > 1}


def repeated_images(table: pd.DataFrame, aggregate: str | None, where: str) -> list[Problem]:
    """Patients with several images for one sequence and ROI when no aggregation is asked.

    Their features would have to be combined (averaged, ...), which only an explicit
    ``aggregate`` rule allows; different ``sequence`` or ``roi`` values are not repeats.
    ``table`` is :func:`read_manifest`'s, whose index gives the rows.
    """
    if aggregate is not None or not {*MANIFEST_BLOCK, "image"} <= set(table.columns):
        return []
    problems = []
    for (pid, sequence, roi), rows in several_images(table).items():
        listed = ", ".join(f"{index + 2} ({Path(image).name})"
                           for index, image in zip(rows.index, rows["image"]))
        problems.append(Problem(
            f"patient {pid}", f"rows {listed} of {where} give {len(rows)} different images "
            f"for sequence '{sequence}', ROI '{roi}'",
            "keep one row per image, give each image its own 'sequence' or 'roi' value, or "
            "ask for their features to be combined: data.aggregate: mean | max | largest "
            "(axilla extract --aggregate)"))
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
