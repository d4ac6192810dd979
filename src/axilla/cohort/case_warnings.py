"""Each case's warnings kept with its result, and said once per run.

The extractor and the filters warn through ``logging`` (a LoG sigma skipped on an image
too small for it, 3D shape skipped on a 2D image, ...). Over a cohort the same warning
would print once per case without naming it. Here the warnings of one case are caught
while it runs, in whichever process runs it, and kept in its record (so a resumed run
from the cache says them again); :func:`say_once` logs each distinct warning once, with
how many cases gave it and the first of them, and :func:`warnings_table` lists them all.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

logger = logging.getLogger(__name__)

WARNING_COLUMNS = ["patient_id", "sequence", "roi", "warning"]
NAMED_CASES = 3   # cases named per summary line; the rest are counted


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def caught_warnings() -> Iterator[list[str]]:
    """The warnings Axilla logs inside the block, collected instead of printed."""
    axilla = logging.getLogger("axilla")
    caught: list[str] = []
    handler, propagate = _Collect(caught), axilla.propagate
    axilla.addHandler(handler)
    axilla.propagate = False
    try:
        yield caught
    finally:
        axilla.removeHandler(handler)
        axilla.propagate = propagate


def warnings_table(records: list[dict]) -> pd.DataFrame:
    """One row per warning of a case (records without warnings give none)."""
    rows = [{"patient_id": r["patient_id"], "sequence": r["sequence"], "roi": r["roi"],
             "warning": message} for r in records for message in r.get("warnings", [])]
    return pd.DataFrame(rows, columns=WARNING_COLUMNS)


def say_once(table: pd.DataFrame) -> None:
    """Log each distinct warning of ``table`` once, with its cases."""
    for message, rows in table.groupby("warning", sort=False):
        cases = [f"{p} ({s}, {r})" for p, s, r in
                 rows[["patient_id", "sequence", "roi"]].itertuples(index=False)]
        named = ", ".join(cases[:NAMED_CASES]) + (
            f" and {len(cases) - NAMED_CASES} more" if len(cases) > NAMED_CASES else "")
        logger.warning("%d case(s): %s (%s)", len(cases), message, named)
