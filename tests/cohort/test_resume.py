"""A cohort run killed half-way resumes: only the missing cases are recomputed."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from axilla.cohort import extract_cohort
from axilla.demo.cohorts import make_cohort
from axilla.io import cases, read_manifest

SETTINGS = {"setting": {"binWidth": 25}, "imageType": {"Original": {}},
            "featureClass": {"firstorder": [], "shape": [], "glcm": []}}

CHILD = """
import sys, time
import axilla.cohort.extract as ex
from axilla.io import cases, read_manifest
slow = ex._run_job
def delayed(job):
    time.sleep(0.3)
    return slow(job)
ex._run_job = delayed
table, _ = read_manifest(sys.argv[1])
ex.extract_cohort(cases(table), {settings!r}, cache_dir=sys.argv[2], progress=False)
"""


def test_killed_run_resumes_with_identical_features(tmp_path):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=14, seed=5)
    table, problems = read_manifest(files.manifest)
    assert problems == []
    cache = tmp_path / "cache"
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(settings=SETTINGS), encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(files.manifest), str(cache)])
    deadline = time.time() + 60
    while time.time() < deadline and len(list(cache.glob("*.json"))) < 4:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    finished = len(list(cache.glob("*.json")))
    assert 4 <= finished < 14, "the child must be killed half-way"
    assert not list(cache.glob("*.tmp*")), "a kill never leaves a half-written entry"

    resumed = extract_cohort(cases(table), SETTINGS, cache_dir=cache, progress=False)
    assert (resumed.cached, resumed.computed) == (finished, 14 - finished)
    clean = extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "fresh", progress=False)
    assert clean.computed == 14
    pd.testing.assert_frame_equal(resumed.features, clean.features, check_exact=True)
    assert len(resumed.features) == 14 and resumed.failures.empty


def test_a_bad_case_is_recorded_and_the_run_goes_on(tmp_path):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=3, seed=5)
    table, _ = read_manifest(files.manifest)
    broken = Path(table.loc[1, "mask"])
    broken.write_bytes(b"not an image")
    result = extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "c", progress=False)
    assert list(result.features.index) == ["P0001", "P0003"]
    (failure,) = result.failures.to_dict("records")
    assert failure["patient_id"] == "P0002" and "cannot be read" in failure["error"]
    assert failure["file"].endswith("P0002_tumour.nii.gz") and failure["fix"]


def test_two_worker_processes_give_the_same_table(tmp_path):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=6, seed=8)
    table, _ = read_manifest(files.manifest)
    one = extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "one", progress=False)
    two = extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "two", workers=2,
                         progress=False)
    assert two.computed == 6
    pd.testing.assert_frame_equal(one.features, two.features, check_exact=True)


@pytest.mark.parametrize("rule", ["mean", "max", "largest"])
def test_several_images_of_one_patient_are_aggregated(tmp_path, rule):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=2, seed=8)
    table, _ = read_manifest(files.manifest)
    table.loc[1, "patient_id"] = "P0001"          # the second lesion belongs to P0001 too
    settings = {"setting": {"binWidth": 25}, "featureClass": {"firstorder": [], "shape": []}}
    result = extract_cohort(cases(table), settings, cache_dir=tmp_path / "c", aggregate=rule,
                            progress=False)
    images = result.per_image.set_index("_image")
    first, second = (images.loc[table.loc[k, "image"]] for k in (0, 1))
    got = result.features.loc["P0001", "original_firstorder_Mean"]
    expected = {"mean": (first["original_firstorder_Mean"] + second["original_firstorder_Mean"]) / 2,
                "max": max(first["original_firstorder_Mean"], second["original_firstorder_Mean"]),
                "largest": (first if first["_voxels"] > second["_voxels"] else second)[
                    "original_firstorder_Mean"]}[rule]
    assert list(result.features.index) == ["P0001"] and got == pytest.approx(expected, rel=1e-12)
