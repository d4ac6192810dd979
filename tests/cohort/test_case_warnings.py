"""A warning that every case of a cohort gives is said once, naming the cases.

Three 20x20x4-voxel cases of 1 mm with LoG sigma 5 mm: PyRadiomics (and Axilla) skip a
sigma unless every size >= ceil(sigma / spacing) + 1 = 6, so each case warns. The run logs
one summary line instead of three anonymous ones, lists every case in ``warnings.csv``,
and says it again when the cases come from the cache.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import SimpleITK as sitk

from axilla.cohort.run import extract_manifest

PARAMS = {"setting": {"binWidth": 25}, "imageType": {"Original": {}, "LoG": {"sigma": [1.0, 5.0]}},
          "featureClass": {"firstorder": []}}
SKIPPED = "LoG sigma 5.0 mm skipped: image size (20, 20, 4) is below ceil(sigma / spacing"


def _manifest(folder):
    rng = np.random.default_rng(11)
    rows = []
    for patient in ("P1", "P2", "P3"):
        image = sitk.GetImageFromArray(rng.integers(0, 300, (4, 20, 20)).astype(np.int16))
        roi = np.zeros((4, 20, 20), np.uint8)
        roi[1:3, 5:15, 5:15] = 1
        mask = sitk.GetImageFromArray(roi)
        mask.CopyInformation(image)
        sitk.WriteImage(image, str(folder / f"{patient}_image.nrrd"))
        sitk.WriteImage(mask, str(folder / f"{patient}_mask.nrrd"))
        rows.append({"patient_id": patient, "image": f"{patient}_image.nrrd",
                     "mask": f"{patient}_mask.nrrd"})
    pd.DataFrame(rows).to_csv(folder / "manifest.csv", index=False)
    return folder / "manifest.csv"


def _said(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.WARNING and r.name.startswith("axilla")]


def test_a_warning_of_every_case_is_said_once_with_the_cases(tmp_path, caplog):
    manifest = _manifest(tmp_path)
    output = tmp_path / "out" / "features.parquet"
    with caplog.at_level(logging.WARNING):
        result = extract_manifest(manifest, PARAMS, output)
    said = _said(caplog)
    assert len(said) == 1, said
    assert said[0].startswith("3 case(s): " + SKIPPED)
    assert said[0].endswith("(P1 (image, roi), P2 (image, roi), P3 (image, roi))")
    assert len(result.features) == 3
    assert "log-sigma-1-0-mm-3D_firstorder_Mean" in result.features.columns
    assert not any("sigma-5-0" in c for c in result.features.columns)
    listed = pd.read_csv(output.with_name("warnings.csv"))
    assert listed["patient_id"].tolist() == ["P1", "P2", "P3"]
    assert all(text.startswith(SKIPPED) for text in listed["warning"])

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = extract_manifest(manifest, PARAMS, output)
    assert (again.cached, again.computed) == (3, 0)
    assert _said(caplog) == said


def test_a_cohort_without_warnings_writes_an_empty_table(tmp_path, caplog):
    manifest = _manifest(tmp_path)
    output = tmp_path / "out" / "features.parquet"
    with caplog.at_level(logging.WARNING):
        extract_manifest(manifest, {**PARAMS, "imageType": {"Original": {}}}, output)
    assert _said(caplog) == []
    listed = pd.read_csv(output.with_name("warnings.csv"))
    assert list(listed.columns) == ["patient_id", "sequence", "roi", "warning"] and listed.empty
