"""Leakage audit: which patients every fitted step saw.

Each fitted step (scaler, selector, model, threshold, imputer) gets an ``AuditRecord``
naming the patient ids it was fitted on; ``check`` raises ModelError when any
validation or external patient appears in them (DESIGN.md: no statistic ever sees
validation labels).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from axilla.errors import ModelError


@dataclass(frozen=True)
class AuditRecord:
    step: str              # e.g. "fold 3 / 1_lasso"
    estimator: str         # class name
    patient_ids: tuple[str, ...]


def record(step: str, estimator, patient_ids) -> AuditRecord:
    """An audit record for ``estimator`` fitted on ``patient_ids``."""
    return AuditRecord(step, type(estimator).__name__, tuple(str(p) for p in patient_ids))


def check(records, validation_ids) -> None:
    """Raise ModelError if a record was fitted on any of ``validation_ids``."""
    held_out = {str(p) for p in validation_ids}
    for rec in records:
        leaked = held_out.intersection(rec.patient_ids)
        if leaked:
            shown = ", ".join(sorted(leaked)[:5])
            raise ModelError(f"leakage: step '{rec.step}' ({rec.estimator}) was fitted on "
                             f"{len(leaked)} validation patients ({shown})",
                             fix="fit every step inside the training folds only "
                                 "(use axilla.models.pipeline)")


def to_json(records, path) -> Path:
    """Write the records as a JSON list."""
    path = Path(path)
    path.write_text(json.dumps([asdict(r) for r in records], indent=1), encoding="utf-8")
    return path


def from_json(path) -> list[AuditRecord]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [AuditRecord(r["step"], r["estimator"], tuple(r["patient_ids"])) for r in data]
