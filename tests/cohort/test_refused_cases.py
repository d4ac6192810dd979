"""Broken inputs in a cohort: each is one line of failures.csv, the run goes on; repeated
images of one patient stop the run before any work unless an aggregate rule is set."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import SimpleITK as sitk

from axilla.cli import main
from axilla.cohort import extract_cohort
from axilla.cohort.run import extract_manifest
from axilla.demo.cohorts import make_cohort
from axilla.errors import InputError
from axilla.io import cases, read_manifest
from tests.io.dicom_series import write_series

SETTINGS = {"setting": {"binWidth": 25}, "imageType": {"Original": {}},
            "featureClass": {"firstorder": ["Mean"]}}


def _series_folder(folder, positions, uids):
    for uid in uids:
        write_series(folder, np.ones((len(positions), 4, 4), np.int16), uid, f"DCE {uid[-1]}",
                     positions=positions)
    return folder


def test_broken_cases_are_recorded_with_their_reason(tmp_path):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=5, seed=5)
    manifest = pd.read_csv(files.manifest)
    images = tmp_path / "cohort" / "images"
    cut = images / "P0001_dce2.nii.gz"
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    mask = sitk.ReadImage(str(images / "P0002_tumour.nii.gz"), sitk.sitkFloat32)
    values = sitk.GetArrayFromImage(mask)
    values[values == 0] = 0.4             # a probability map rather than a label map
    blurred = sitk.GetImageFromArray(values)
    blurred.CopyInformation(mask)
    sitk.WriteImage(blurred, str(images / "P0002_tumour.nii.gz"))
    _series_folder(images / "P0003_dicom", [0.0, 3.0, 6.0],
                   ["1.2.826.0.1.3680043.2.1125.1", "1.2.826.0.1.3680043.2.1125.2"])
    _series_folder(images / "P0004_dicom", [0.0, 3.0, 6.0, 12.0], ["1.2.826.0.1.3680043.2.1125.3"])
    manifest.loc[2, "image"] = "images/P0003_dicom"
    manifest.loc[3, "image"] = "images/P0004_dicom"
    manifest.to_csv(files.manifest, index=False)

    result = extract_manifest(files.manifest, SETTINGS, tmp_path / "out" / "features.parquet")
    assert list(result.features.index) == ["P0005"]
    failures = pd.read_csv(tmp_path / "out" / "failures.csv").set_index("patient_id")
    assert list(failures.index) == ["P0001", "P0002", "P0003", "P0004"]
    expected = {"P0001": ("P0001_dce2.nii.gz", "the file is incomplete", "copy the file again"),
                "P0002": ("P0002_tumour.nii.gz", "1 non-integer value(s) (0.4)", "threshold it"),
                "P0003": ("P0003_dicom", "the folder holds 2 DICOM series", "'DCE 1' "
                          "(1.2.826.0.1.3680043.2.1125.1); 'DCE 2' (1.2.826.0.1.3680043.2.1125.2)"),
                "P0004": ("P0004_dicom", "the first 6 mm between the slices at 6 and 12 mm",
                          "export the complete series again")}
    for pid, (file, error, fix) in expected.items():
        row = failures.loc[pid]
        assert row["file"].endswith(file) and error in row["error"] and fix in row["fix"], pid


def test_several_images_of_one_block_stop_the_run_without_an_aggregate_rule(tmp_path):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=2, seed=8)
    table, _ = read_manifest(files.manifest)
    table.loc[1, "patient_id"] = "P0001"
    with pytest.raises(InputError, match=r"1 patient\(s\) have several images for one sequence "
                       r"and ROI \(patient P0001, sequence 'dce2', ROI 'tumour': "
                       r"P0001_dce2.nii.gz, P0002_dce2.nii.gz\); .*set aggregate"):
        extract_cohort(cases(table), SETTINGS, cache_dir=tmp_path / "c", progress=False)
    assert not list((tmp_path / "c").glob("*.json")), "refused before any case ran"


def test_axilla_extract_names_the_rows_and_the_aggregate_option(tmp_path, capsys):
    files = make_cohort("dce_mri", tmp_path / "cohort", n=2, seed=8)
    manifest = pd.read_csv(files.manifest)
    manifest.loc[1, "patient_id"] = "P0001"
    manifest.to_csv(files.manifest, index=False)
    out = tmp_path / "features.parquet"
    with pytest.raises(SystemExit) as done:
        main(["extract", str(files.manifest), "-o", str(out)])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert ("patient P0001: rows 2 (P0001_dce2.nii.gz), 3 (P0002_dce2.nii.gz) of manifest.csv "
            "give 2 different images for sequence 'dce2', ROI 'tumour'") in err
    assert not out.exists()
    main(["extract", str(files.manifest), "-o", str(out), "--aggregate", "max"])
    assert list(pd.read_parquet(out)["patient_id"]) == ["P0001"]


def test_axilla_extract_refuses_paths_outside_the_manifest_folder(tmp_path, capsys,
                                                                  monkeypatch):
    monkeypatch.delenv("AXILLA_IMAGE_ROOTS", raising=False)
    files = make_cohort("dce_mri", tmp_path / "pacs", n=1, seed=8)
    manifest = pd.read_csv(files.manifest)
    manifest["image"] = "../pacs/" + manifest["image"]
    manifest["mask"] = "../pacs/" + manifest["mask"]
    (tmp_path / "study").mkdir()
    manifest.to_csv(tmp_path / "study" / "manifest.csv", index=False)
    out = tmp_path / "study" / "features.parquet"
    with pytest.raises(SystemExit):
        main(["extract", str(tmp_path / "study" / "manifest.csv"), "-o", str(out)])
    err = capsys.readouterr().err
    assert "patient P0001: row 2 of manifest.csv: the image path '../pacs/images/" in err
    assert f"AXILLA_IMAGE_ROOTS={tmp_path / 'pacs' / 'images'}" in err
    main(["extract", str(tmp_path / "study" / "manifest.csv"), "-o", str(out),
          "--image-root", str(tmp_path / "pacs")])
    assert list(pd.read_parquet(out)["patient_id"]) == ["P0001"]


def test_an_image_root_that_does_not_exist_is_refused(tmp_path, capsys):
    """A misspelt --image-root was accepted silently and every case was then refused as
    leading outside the study folder, pointing at the environment variable instead."""
    (tmp_path / "manifest.csv").write_text("patient_id,image,mask\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(tmp_path / "manifest.csv"), "-o", str(tmp_path / "f.parquet"),
              "--image-root", str(tmp_path / "pcas")])
    assert exit_info.value.code == 2
    assert "'--image-root'" in capsys.readouterr().err
