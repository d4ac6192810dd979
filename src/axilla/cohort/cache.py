"""A per-case cache on disk, so a killed cohort run resumes where it stopped.

Each finished case is one JSON file named by a hash of everything its features depend
on (input files' size and modification time, label, settings, preprocessing, Axilla
version). Files are written to a temporary name and renamed, so a kill never leaves a
half-written entry.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from axilla import __version__
from axilla.io.case import Case


def _file_signature(path: str) -> list:
    p = Path(path)
    if p.is_dir():
        return sorted([f.name, f.stat().st_size, f.stat().st_mtime_ns] for f in p.iterdir())
    stat = p.stat()
    return [stat.st_size, stat.st_mtime_ns]


def case_key(case: Case, settings: dict, steps: list) -> str:
    """The hash naming a case's cache entry."""
    payload = {"case": case.__dict__, "image": _file_signature(case.image),
               "mask": _file_signature(case.mask), "settings": settings, "steps": steps,
               "version": __version__}
    blob = json.dumps(payload, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


class CaseCache:
    """Read and write finished cases under ``folder``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict | None:
        path = self.path(key)
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            return None

    def put(self, key: str, record: dict) -> None:
        path = self.path(key)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(record, allow_nan=True), encoding="utf-8")
        os.replace(tmp, path)
