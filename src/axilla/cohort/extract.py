"""Extract features for every case of a manifest: parallel, cached, resumable.

Error policy (``on_error``): ``"record"`` (default) writes the failure — patient, file,
error, fix — to the failures table and goes on; ``"raise"`` stops at the first one.
Several images of one patient for one sequence and ROI are combined only by an explicit
``aggregate`` rule (mean, max, largest); without one they are refused before any work.
A killed run loses nothing that had finished: this process caches each case as its result
arrives (workers, local or on a Dask cluster, only read the inputs); rerun it and only
the missing cases are computed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import SimpleITK as sitk

from axilla.cohort.aggregate import aggregate_to_patient
from axilla.cohort.cache import CaseCache, case_key
from axilla.cohort.case_warnings import caught_warnings, say_once, warnings_table
from axilla.cohort.executors import run_all
from axilla.errors import AxillaError, InputError
from axilla.io.case import Case, load_case
from axilla.io.manifest import several_images

AGGREGATES = ("mean", "max", "largest")
FAILURE_COLUMNS = ["patient_id", "sequence", "roi", "file", "error", "fix"]


@dataclass
class CohortFeatures:
    """Features per patient (one row each), failures, and what was computed or cached."""

    features: pd.DataFrame
    failures: pd.DataFrame
    computed: int = 0
    cached: int = 0
    per_image: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: pd.DataFrame = field(default_factory=pd.DataFrame)   # one row per case warning


@dataclass(frozen=True)
class _Job:
    case: Case
    settings: dict
    steps: list
    key: str
    alignment: str


def _base_record(job: _Job) -> dict:
    case = job.case
    return {"key": job.key, "patient_id": case.patient_id, "sequence": case.sequence,
            "roi": case.roi, "image": case.image, "case": asdict(case)}


def _run_job(job: _Job) -> dict:
    """Load, preprocess and extract one case, its warnings kept in the record; never raise."""
    with caught_warnings() as caught:
        record = _extract_job(job)
    return {**record, "warnings": caught}


def _extract_job(job: _Job) -> dict:
    case, base = job.case, _base_record(job)
    try:
        image, mask = load_case(case, alignment=job.alignment)
        if job.steps:
            from axilla.preprocess import apply_steps
            image, mask = apply_steps(image, mask, job.steps)
        from axilla.features import extract
        values = extract(image, mask, job.settings)
        record = {**base, "roi_voxels": int(sitk.GetArrayViewFromImage(mask).sum()),
                  "features": {k: float(v) for k, v in values.items()}}
    except AxillaError as exc:
        return {**base, "error": exc.message, "fix": exc.fix or "",
                "file": exc.file or case.image}
    except Exception as exc:  # recorded, never fatal for the cohort
        return {**base, "error": f"{type(exc).__name__}: {exc}",
                "fix": "rerun this case alone with `axilla features --debug` to see why",
                "file": case.image}
    return record


def _lost_job(job: _Job, error: Exception) -> dict:
    """The failure record of a case on which the Dask scheduler gave up: it took down
    every worker that ran it (:func:`~axilla.cohort.executors.run_all`)."""
    return {**_base_record(job), "file": job.case.image,
            "error": f"every Dask worker that ran this case died ({error})",
            "fix": "check the worker logs (out of memory?); give the workers more memory "
                   "or rerun this case alone with `axilla features --debug`"}


def extract_cohort(cases: list[Case], settings: dict, *, cache_dir, steps: list | None = None,
                   workers: int = 1, scheduler: str | None = None, on_error: str = "record",
                   aggregate: str | None = None, alignment: str = "strict",
                   progress: bool = True) -> CohortFeatures:
    """Features of every case, one row per patient (see the module docstring)."""
    if aggregate is not None and aggregate not in AGGREGATES:
        raise InputError(f"unknown aggregate '{aggregate}'", fix=f"use one of {AGGREGATES}")
    if aggregate is None:
        _refuse_several_images(cases)
    if on_error not in ("record", "raise"):
        raise InputError(f"unknown on_error '{on_error}'", fix="use 'record' or 'raise'")
    steps = list(steps or [])
    cache = CaseCache(cache_dir)
    records, jobs = [], []
    for case in cases:
        key = case_key(case, settings, steps) if Path(case.image).exists() and \
            Path(case.mask).exists() else None
        hit = cache.get(key) if key else None
        if hit is not None:
            records.append(hit)
        else:
            jobs.append(_Job(case, settings, steps, key or "missing", alignment))
    cached = len(records)
    bar = _progress(len(cases), cached, progress)
    for record in run_all(_run_job, jobs, lost=_lost_job, workers=workers, scheduler=scheduler):
        bar.update(1)
        if "error" not in record:   # written here, so workers need no access to the cache
            cache.put(record["key"], record)
        if "error" in record and on_error == "raise":
            bar.close()
            raise InputError(record["error"], patient=record["patient_id"],
                             file=record["file"], fix=record["fix"] or None)
        records.append(record)
    bar.close()
    result = _assemble(records, aggregate, computed=len(jobs), cached=cached)
    say_once(result.warnings)
    return result


def _refuse_several_images(cases: list[Case]) -> None:
    """One error naming every patient with several images for one sequence and ROI."""
    table = pd.DataFrame([asdict(c) for c in cases], columns=list(Case.__dataclass_fields__))
    repeats = several_images(table)
    if repeats:
        listed = "; ".join(f"patient {pid}, sequence '{seq}', ROI '{roi}': "
                           + ", ".join(Path(i).name for i in rows["image"])
                           for (pid, seq, roi), rows in repeats.items())
        raise InputError(f"{len(repeats)} patient(s) have several images for one sequence and "
                         f"ROI ({listed})", fix="give one image per patient, sequence and ROI, "
                         "or set aggregate (mean | max | largest) to combine their features")


def _progress(total: int, done: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=done, desc="extracting", unit="case", disable=not enabled)


def _assemble(records: list[dict], aggregate: str | None, *, computed: int,
              cached: int) -> CohortFeatures:
    ok = [r for r in records if "error" not in r]
    failures = pd.DataFrame([{c: r.get(c, "") for c in FAILURE_COLUMNS}
                             for r in records if "error" in r], columns=FAILURE_COLUMNS)
    failures = failures.sort_values(
        ["patient_id", "sequence", "roi"]).reset_index(drop=True)
    said = warnings_table(sorted(records, key=lambda r: (r["patient_id"], r["sequence"],
                                                         r["roi"])))
    if not ok:
        return CohortFeatures(pd.DataFrame(columns=["patient_id"]).set_index("patient_id"),
                              failures, computed, cached, warnings=said)
    pairs = {(r["sequence"], r["roi"]) for r in ok}
    prefixed = len(pairs) > 1
    rows = []
    for r in ok:
        prefix = f"{r['sequence']}_{r['roi']}_" if prefixed else ""
        rows.append({"patient_id": r["patient_id"], "_block": (r["sequence"], r["roi"]),
                     "_voxels": r["roi_voxels"], "_image": r["image"],
                     "_case": r.get("case"),
                     **{prefix + k: v for k, v in r["features"].items()}})
    per_image = pd.DataFrame(rows).sort_values(["patient_id", "_image"]).reset_index(drop=True)
    features = _aggregate(per_image, aggregate)
    return CohortFeatures(features, failures, computed, cached, per_image, said)


def _aggregate(per_image: pd.DataFrame, rule: str | None) -> pd.DataFrame:
    """One row per patient: several images of one block are combined by ``rule``."""
    blocks = []
    for _, group in per_image.groupby(per_image["_block"].map(str), sort=True):
        values = group.drop(columns=["_block", "_image", "_case"]).dropna(axis=1, how="all")
        # without a rule every patient has one image per block (checked before extraction)
        block = aggregate_to_patient(values, "patient_id", how=rule or "mean",
                                     size_column="_voxels")
        blocks.append(block.drop(columns="_voxels"))
    table = pd.concat(blocks, axis=1).sort_index()
    table.index.name = "patient_id"
    return table.astype(np.float64)
