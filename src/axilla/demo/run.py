"""The demo: generate a cohort, run its study, and predict an example patient."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from axilla.demo.studies import prepare_demo

#: cohorts the example patient is drawn from, in order of preference
HELD_OUT = ("external", "validation")
OUTCOME = "aln_status"   # the outcome column of every demo cohort (demo/clinical.py)


@dataclass(frozen=True)
class ExamplePrediction:
    """One held-out demo patient predicted from the bundle as a user would."""

    patient_id: str
    cohort: str
    result: pd.Series       # the patient's row of ``axilla predict``'s CSV
    folder: Path            # manifest.csv, clinical.csv, predictions.csv, patients/


def predict_example(cohort_dir, run) -> ExamplePrediction:
    """Predict the first patient of the run's external cohort (else validation) from its
    bundle, through that patient's own manifest rows and clinical row (outcome and cohort
    removed) and :func:`predict_patients`, exactly as ``axilla predict --manifest
    --clinical`` would. ``cohort_dir`` holds the demo's manifest.csv and clinical.csv,
    ``run`` is the study's RunResult; the files read and written are in RUN_DIR/predict."""
    from axilla.study.predict import predict_patients

    cohort_dir = Path(cohort_dir)
    cohorts = pd.read_csv(run.run_dir / "tables" / "predictions.csv", dtype={"patient_id": str}) \
        .drop_duplicates("patient_id").set_index("patient_id")["cohort"]
    held_out = next(c for c in HELD_OUT if (cohorts == c).any())
    pid = cohorts[cohorts == held_out].index[0]
    target = run.run_dir / "predict"
    target.mkdir(parents=True, exist_ok=True)
    manifest = pd.read_csv(cohort_dir / "manifest.csv", dtype={"patient_id": str})
    rows = manifest[manifest.patient_id == pid].drop(columns="cohort")
    for column in ("image", "mask"):
        rows[column] = [os.path.relpath(cohort_dir / p, target) for p in rows[column]]
    rows.to_csv(target / "manifest.csv", index=False)
    clinical = pd.read_csv(cohort_dir / "clinical.csv", dtype={"patient_id": str})
    clinical[clinical.patient_id == pid].drop(columns=[OUTCOME, "cohort"]).to_csv(
        target / "clinical.csv", index=False)
    out = predict_patients(run.bundle, manifest=target / "manifest.csv",
                           clinical=target / "clinical.csv", output=target / "predictions.csv")
    return ExamplePrediction(pid, held_out, out.loc[pid], target)


def run_demo(folder, study: str = "001_dce_mri", *, n: int | None = None, seed: int = 2024,
             progress: bool = True) -> list[str]:
    """Run the demo into ``folder``; return the lines to print."""
    from axilla.study.predict import describe
    from axilla.study.run import run_study

    start = time.perf_counter()
    folder = Path(folder)
    study_file = prepare_demo(folder, study, n=n, seed=seed)
    result = run_study(study_file, folder, progress=progress)
    example = predict_example(folder / "cohort", result)
    return [f"report: {result.report}", f"bundle: {result.bundle}",
            f"example prediction, patient {example.patient_id} of the {example.cohort} cohort "
            f"(its manifest rows and clinical row, as `axilla predict` reads them): "
            f"{describe(example.result)} -> {example.folder}",
            f"finished in {time.perf_counter() - start:.0f} s"]
