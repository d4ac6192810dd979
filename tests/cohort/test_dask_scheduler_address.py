"""The scheduler address: a resumed run whose cases are all cached needs no cluster; one
that cannot reach the scheduler stops with one line naming the address and the fix."""
from __future__ import annotations

import socket

import pytest

from axilla.cli import main
from axilla.cohort import extract_cohort
from axilla.demo.cohorts import make_cohort
from axilla.io import cases, read_manifest

dask = pytest.importorskip("dask")
pytest.importorskip("distributed", reason="the dask extra is not installed")

SETTINGS = {"setting": {"binWidth": 25}, "imageType": {"Original": {}},
            "featureClass": {"firstorder": ["Mean"]}}


def _nobody_listens() -> str:
    """A local address no scheduler listens on (a port the system just gave and freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"


def test_a_fully_cached_run_does_not_contact_the_scheduler(tmp_path):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=2, seed=8)
    table, _ = read_manifest(files.manifest)
    first = extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "c", progress=False)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        again = extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "c",
                               scheduler=_nobody_listens(), progress=False)
    assert (again.computed, again.cached) == (0, 2)
    assert again.features.equals(first.features)


def test_an_unreachable_scheduler_is_one_line_with_the_fix(tmp_path, capsys):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=1, seed=8)
    address = _nobody_listens()
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), \
            pytest.raises(SystemExit) as done:
        main(["extract", str(files.manifest), "-o", str(tmp_path / "f.parquet"),
              "--scheduler", address])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert f"cannot reach the Dask scheduler at '{address}' (Timed out trying to connect" in err
    assert "start the cluster, or give its address as tcp://host:8786" in err
    assert not (tmp_path / "f.parquet").exists()
