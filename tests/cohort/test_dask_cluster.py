"""Cohort extraction on a real Dask cluster: a LocalCluster of two worker processes gives
the table of one process, with the per-case cache and failures.csv; a killed worker's case
is rerun on another; a case that kills every worker it meets is one failure, not the end
of the run; a killed client's rerun computes only what was not finished; `axilla run`
does the same when the study YAML names the cluster."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from axilla.cli import main
from axilla.cohort import extract_cohort
from axilla.cohort.run import extract_manifest
from axilla.demo.cohorts import make_cohort
from axilla.io import cases, read_manifest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
dask = pytest.importorskip("dask")
from tests.cohort import dask_worker_faults as faults  # noqa: E402  (needs distributed)

SETTINGS = {"setting": {"binWidth": 25}, "imageType": {"Original": {}},
            "featureClass": {"firstorder": [], "shape": [], "glcm": []}}
N = 6
BROKEN = "P0002"        # its mask is not an image: a failure on every worker


@pytest.fixture(scope="module")
def cluster():
    """Two single-thread worker processes (each under a nanny that restarts it when it
    dies); a task is retried after one worker death and given up after two
    (allowed-failures 1), and a worker runs one task at a time (worker-saturation 1.0),
    so a dying worker takes only its own case down."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as local, \
            distributed.Client(local) as client:
        client.wait_for_workers(2)
        yield client


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Six synthetic DCE-MRI cases, one with a broken mask, and their features from one
    process (the reference every cluster run must reproduce)."""
    folder = tmp_path_factory.mktemp("dask-cohort")
    files = make_cohort("dce_mri", folder / "cohort", n=N, seed=8)
    table, problems = read_manifest(files.manifest)
    assert problems == []
    assert table.loc[1, "patient_id"] == BROKEN
    Path(table.loc[1, "mask"]).write_bytes(b"not an image")
    one = extract_manifest(files.manifest, SETTINGS, folder / "one" / "features.parquet")
    assert one.computed == N and list(one.failures["patient_id"]) == [BROKEN]
    return files.manifest, table, folder / "one"


def _worker_pids(client) -> set[int]:
    return set(client.run(os.getpid).values())


def test_axilla_extract_on_two_workers_gives_the_table_of_one_process(cluster, cohort,
                                                                       tmp_path, capsys):
    manifest, _, one = cohort
    out = tmp_path / "features.parquet"
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump(SETTINGS), encoding="utf-8")
    extract = ["extract", str(manifest), "--params", str(params), "-o", str(out),
               "--scheduler", cluster.scheduler.address]
    with distributed.get_task_stream(cluster) as stream:
        main(extract)
    ran = [task for task in stream.data if task["key"].startswith("_run_job-")]
    assert len(ran) == N, "every case ran as a task on the cluster"
    assert {task["worker"] for task in ran} == set(cluster.scheduler_info()["workers"])
    assert f"({N} computed, 0 from cache, 1 failed)" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pd.read_parquet(out),
                                  pd.read_parquet(one / "features.parquet"), check_exact=True)
    failures = pd.read_csv(out.with_name("failures.csv"))
    pd.testing.assert_frame_equal(failures, pd.read_csv(one / "failures.csv"))
    assert "cannot be read" in failures.loc[0, "error"]
    assert len(list((tmp_path / ".axilla-cache").glob("*.json"))) == N - 1

    main(extract)
    assert f"(1 computed, {N - 1} from cache, 1 failed)" in capsys.readouterr().out, \
        "only the failed case runs again"
    pd.testing.assert_frame_equal(pd.read_parquet(out),
                                  pd.read_parquet(one / "features.parquet"), check_exact=True)


def _extract_with_killer(cluster, table, tmp_path, patient: str, times: int):
    """Extract through the cluster while a worker plugin kills the worker running
    ``patient``'s case, ``times`` times; the cluster is back to 2 workers afterwards."""
    cluster.register_plugin(faults.KillWorker(patient, tmp_path, times=times))
    try:
        return extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "cache",
                              scheduler=cluster.scheduler.address, progress=False)
    finally:
        cluster.unregister_worker_plugin(faults.KillWorker.name)
        cluster.wait_for_workers(2)


def test_a_killed_worker_is_replaced_and_its_case_runs_on_another(cluster, cohort, tmp_path):
    manifest, table, one = cohort
    before = _worker_pids(cluster)
    result = _extract_with_killer(cluster, table, tmp_path, "P0004", times=1)
    (death,) = tmp_path.glob("death-*")
    killed = int(death.name.rsplit("-", 1)[1])
    assert killed in before and killed not in _worker_pids(cluster)
    assert result.computed == N
    reference = pd.read_parquet(one / "features.parquet").set_index("patient_id")
    pd.testing.assert_frame_equal(result.features, reference, check_exact=True)
    assert list(result.failures["patient_id"]) == [BROKEN]


def test_a_case_that_kills_every_worker_is_recorded_and_the_run_goes_on(cluster, cohort,
                                                                        tmp_path):
    manifest, table, one = cohort
    result = _extract_with_killer(cluster, table, tmp_path, "P0003", times=2)
    assert len(list(tmp_path.glob("death-*"))) == 2
    failures = result.failures.set_index("patient_id")
    assert list(failures.index) == [BROKEN, "P0003"]
    lost = failures.loc["P0003"]
    assert lost["error"].startswith("every Dask worker that ran this case died")
    assert "2 different workers" in lost["error"] and lost["file"].endswith("P0003_dce2.nii.gz")
    assert "more memory" in lost["fix"]
    reference = pd.read_parquet(one / "features.parquet").set_index("patient_id")
    pd.testing.assert_frame_equal(result.features, reference.drop(index="P0003"),
                                  check_exact=True)
    assert len(list((tmp_path / "cache").glob("*.json"))) == N - 2


CLIENT = """
import sys
from axilla.cohort import extract_cohort
from axilla.io import cases, read_manifest
table, _ = read_manifest(sys.argv[1])
extract_cohort(cases(table), {settings!r}, cache_dir=sys.argv[2], scheduler=sys.argv[3],
               progress=False)
"""


def test_a_killed_client_resumes_from_the_cache_on_the_cluster(cluster, cohort, tmp_path):
    manifest, table, one = cohort
    cache = tmp_path / "cache"
    script = tmp_path / "client.py"
    script.write_text(CLIENT.format(settings=SETTINGS), encoding="utf-8")
    cluster.register_plugin(faults.Slow(1.5))
    try:
        client = subprocess.Popen([sys.executable, str(script), str(manifest), str(cache),
                                   cluster.scheduler.address])
        deadline = time.time() + 120
        while time.time() < deadline and len(list(cache.glob("*.json"))) < 2:
            time.sleep(0.05)
        client.send_signal(signal.SIGKILL)
        client.wait()
    finally:
        cluster.unregister_worker_plugin(faults.Slow.name)
    finished = len(list(cache.glob("*.json")))
    assert 2 <= finished < N - 1, "the client must be killed half-way"

    resumed = extract_cohort(cases(table), SETTINGS, cache_dir=cache,
                             scheduler=cluster.scheduler.address, progress=False)
    assert (resumed.cached, resumed.computed) == (finished, N - finished)
    reference = pd.read_parquet(one / "features.parquet").set_index("patient_id")
    pd.testing.assert_frame_equal(resumed.features, reference, check_exact=True)
    assert list(resumed.failures["patient_id"]) == [BROKEN]


@pytest.mark.slow
def test_axilla_run_extracts_on_the_cluster_named_by_execution(cluster, tmp_path):
    """``execution: {scheduler: ...}`` in the study YAML: every case runs on the cluster,
    through a worker death, and the run's features.parquet, failures.csv and cache are
    those of one process. (A run refuses unreadable inputs before extracting, so the
    broken case of the other tests has no place here.)"""
    files = make_cohort("dce_mri", tmp_path / "cohort", n=40, seed=8)
    settings = {"setting": {"binWidth": 25}, "imageType": {"Original": {}},
                "featureClass": {"firstorder": []}}
    study = {"name": "on a Dask cluster", "seed": 3,
             "data": {"manifest": "cohort/manifest.csv", "clinical": "cohort/clinical.csv"},
             "split": {"method": "random", "ratio": 0.6},
             "extraction": settings,
             "execution": {"scheduler": cluster.scheduler.address},
             "models": {"combined": False},
             "evaluation": {"cv_folds": 3, "n_boot": 10, "calibration_boot": 10,
                            "decision_curve": False}}
    (tmp_path / "study.yaml").write_text(yaml.safe_dump(study), encoding="utf-8")
    cluster.register_plugin(faults.KillWorker("P0007", tmp_path, times=1))
    try:
        with distributed.get_task_stream(cluster) as stream:
            main(["run", str(tmp_path / "study.yaml"), "-o", str(tmp_path / "run")])
    finally:
        cluster.unregister_worker_plugin(faults.KillWorker.name)
    cluster.wait_for_workers(2)
    assert len(list(tmp_path.glob("death-*"))) == 1
    assert len([t for t in stream.data if t["key"].startswith("_run_job-")]) >= 40

    one = extract_manifest(files.manifest, settings, tmp_path / "one" / "features.parquet")
    run = tmp_path / "run"
    pd.testing.assert_frame_equal(pd.read_parquet(run / "features.parquet"),
                                  pd.read_parquet(tmp_path / "one" / "features.parquet"),
                                  check_exact=True)
    pd.testing.assert_frame_equal(pd.read_csv(run / "failures.csv"),
                                  pd.read_csv(tmp_path / "one" / "failures.csv"))
    assert pd.read_csv(run / "failures.csv").empty
    assert len(list((run / ".cache").glob("*.json"))) == 40
    resolved = yaml.safe_load((run / "config.resolved.yaml").read_text(encoding="utf-8"))
    assert resolved["execution"] == {"workers": 1, "scheduler": cluster.scheduler.address}
    assert (run / "report.html").exists()
