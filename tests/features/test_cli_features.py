"""`axilla features`: one CSV row, checked against PyRadiomics' own extraction."""
from __future__ import annotations

import csv

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.cli import main
from tests.helpers import shared_path

REFERENCE = "reference/pyradiomics-3.1.1.dev111-g8ed5793/breast1_original.csv"


def _read_row(path):
    with open(path, newline="") as handle:
        header, row = list(csv.reader(handle))
    return dict(zip(header, row))


def test_features_command_writes_one_row_matching_pyradiomics(tmp_path, capsys):
    data = shared_path("data", "pyradiomics")
    out = tmp_path / "out.csv"
    main(["features", "--image", str(data / "breast1_image.nrrd"),
          "--mask", str(data / "breast1_label.nrrd"),
          "--params", str(data / "params" / "reference_original.yaml"),
          "--label", "1", "--compat", "pyradiomics", "-o", str(out)])
    assert "breast1_image: 107 features" in capsys.readouterr().out
    row = _read_row(out)
    assert row.pop("case") == "breast1_image"
    with open(data / REFERENCE, newline="") as handle:
        expected = {k: float(v) for k, v in list(csv.reader(handle))[1:]
                    if not k.startswith("diagnostics_")}
    assert list(row) == list(expected)
    for name, value in expected.items():  # 1e-9: see test_baseline_all.py
        assert float(row[name]) == pytest.approx(value, rel=1e-9, abs=1e-12), name


def test_features_command_error_is_one_line(tmp_path, capsys):
    data = shared_path("data", "pyradiomics")
    with pytest.raises(SystemExit) as done:
        main(["features", "--image", str(data / "breast1_image.nrrd"),
              "--mask", str(data / "breast1_label.nrrd"), "--label", "7",
              "-o", str(tmp_path / "out.csv")])
    assert done.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "label 7 is not in the mask (labels present: 1); set label to one of 1" in err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("compat", ["pyradiomics", "ibsi"])
def test_every_cell_is_a_plain_number(tmp_path, compat):
    """IBSI morphology values came back as NumPy scalars, written 'np.float64(0.0308)'."""
    data = shared_path("data", "pyradiomics")
    out = tmp_path / "out.csv"
    names = ["--names", "ibsi"] if compat == "ibsi" else []
    main(["features", "--image", str(data / "breast1_image.nrrd"),
          "--mask", str(data / "breast1_label.nrrd"), "--compat", compat, *names,
          "-o", str(out)])
    row = _read_row(out)
    assert row.pop("case") == "breast1_image" and len(row) > 100
    for name, cell in row.items():
        float(cell)  # raises on 'np.float64(...)'
        assert cell.strip() == cell and "(" not in cell, name


def _one_case_error(capsys, image, mask, tmp_path):
    with pytest.raises(SystemExit) as done:
        main(["features", "--image", str(image), "--mask", str(mask),
              "-o", str(tmp_path / "out.csv")])
    assert done.value.code == 1 and not (tmp_path / "out.csv").exists()
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    return err


def test_one_case_refuses_a_folder_of_two_series(tmp_path, capsys):
    from tests.io.dicom_series import write_series

    for uid, text in (("1.2.826.0.1.3680043.2.1125.7", "T1 pre"),
                      ("1.2.826.0.1.3680043.2.1125.8", "DCE phase 2")):
        write_series(tmp_path / "dicom", np.ones((3, 4, 4), np.int16), uid, text)
    mask = sitk.GetImageFromArray(np.ones((3, 4, 4), np.uint8))
    sitk.WriteImage(mask, str(tmp_path / "mask.nii.gz"))
    err = _one_case_error(capsys, tmp_path / "dicom", tmp_path / "mask.nii.gz", tmp_path)
    assert "dicom: the folder holds 2 DICOM series; choose one" in err
    assert ("'T1 pre' (1.2.826.0.1.3680043.2.1125.7); 'DCE phase 2' "
            "(1.2.826.0.1.3680043.2.1125.8)") in err


def test_one_case_refuses_a_fractional_mask_and_a_cut_image(tmp_path, capsys):
    image = sitk.GetImageFromArray(np.arange(4 * 5 * 6, dtype=np.int16).reshape(4, 5, 6))
    sitk.WriteImage(image, str(tmp_path / "image.nii.gz"))
    probability = np.zeros((4, 5, 6), np.float32)
    probability[1:3, 1:4, 1:5] = 0.9
    sitk.WriteImage(sitk.GetImageFromArray(probability), str(tmp_path / "mask.nii.gz"))
    err = _one_case_error(capsys, tmp_path / "image.nii.gz", tmp_path / "mask.nii.gz", tmp_path)
    assert "mask.nii.gz: the mask holds 1 non-integer value(s) (0.9)" in err

    sitk.WriteImage(sitk.GetImageFromArray((probability > 0.5).astype(np.uint8)),
                    str(tmp_path / "mask.nii.gz"))
    data = (tmp_path / "image.nii.gz").read_bytes()
    (tmp_path / "image.nii.gz").write_bytes(data[: len(data) // 2])
    err = _one_case_error(capsys, tmp_path / "image.nii.gz", tmp_path / "mask.nii.gz", tmp_path)
    assert "image.nii.gz: the file is incomplete: its header announces 592 bytes" in err


def test_output_in_a_folder_not_made_yet(tmp_path):
    data = shared_path("data", "pyradiomics")
    out = tmp_path / "results" / "breast1" / "features.csv"
    main(["features", "--image", str(data / "breast1_image.nrrd"),
          "--mask", str(data / "breast1_label.nrrd"),
          "--params", str(data / "params" / "reference_original.yaml"), "-o", str(out)])
    with open(data / REFERENCE, newline="") as handle:
        expected = dict(list(csv.reader(handle))[1:])
    # PyRadiomics' own extraction of the same case (REFERENCE), 1e-9 as above
    mean = "original_firstorder_Mean"
    assert float(_read_row(out)[mean]) == pytest.approx(float(expected[mean]), rel=1e-9)
