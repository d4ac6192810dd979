"""Faults injected into Dask workers, as worker plugins (tests/cohort/test_dask_*.py).

A plugin's ``setup`` runs in every worker process, also in one that joins later (a
restarted worker), and replaces ``axilla.cohort.extract._run_job`` there: the client
sends that function by name, so the worker runs the wrapped one.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from distributed import WorkerPlugin


class _WrapRunJob(WorkerPlugin):
    def setup(self, worker) -> None:
        import axilla.cohort.extract as extract

        run = getattr(extract._run_job, "unwrapped", extract._run_job)

        def wrapped(job):
            self.before(job)
            return run(job)

        wrapped.unwrapped = run
        extract._run_job = wrapped

    def teardown(self, worker) -> None:
        import axilla.cohort.extract as extract

        extract._run_job = getattr(extract._run_job, "unwrapped", extract._run_job)

    def before(self, job) -> None:
        raise NotImplementedError


class KillWorker(_WrapRunJob):
    """The worker that starts ``patient``'s case dies (SIGKILL), ``times`` times in all
    (counted in files in ``folder``, which all workers share)."""

    name = "kill-worker"

    def __init__(self, patient: str, folder: Path, times: int):
        self.patient, self.folder, self.times = patient, Path(folder), times

    def before(self, job) -> None:
        if job.case.patient_id != self.patient:
            return
        deaths = len(list(self.folder.glob("death-*")))
        if deaths < self.times:
            (self.folder / f"death-{deaths}-pid-{os.getpid()}").touch()
            os.kill(os.getpid(), signal.SIGKILL)


class Slow(_WrapRunJob):
    """Every case takes ``seconds`` longer."""

    name = "slow"

    def __init__(self, seconds: float):
        self.seconds = seconds

    def before(self, job) -> None:
        time.sleep(self.seconds)
