"""`axilla features --compat ibsi --names ibsi` writes IBSI compliance-sheet tags."""
from __future__ import annotations

import csv

import pytest

from axilla.cli import main
from tests.helpers import shared_path


def test_ibsi_tag_columns(tmp_path):
    root = shared_path("data", "ibsi", "ibsi1", "digital_phantom", "nifti")
    out = tmp_path / "phantom.csv"
    main(["features", "--image", str(root / "image" / "phantom.nii.gz"), "--mask",
          str(root / "mask" / "mask.nii.gz"), "--compat", "ibsi", "--names", "ibsi",
          "-o", str(out)])
    header, row = list(csv.reader(out.open()))
    assert header[0] == "case" and "morph_volume" in header
    assert any(h.startswith("cm_joint_max_") for h in header)
    # IBSI digital phantom reference: morph_volume 556 mm^3 (ibsi1_digital_phantom.csv)
    assert float(row[header.index("morph_volume")]) == pytest.approx(556, rel=5e-3)


def test_ibsi_names_need_the_ibsi_pipeline(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["features", "--image", "x.nii.gz", "--mask", "y.nii.gz", "--names", "ibsi",
              "-o", str(tmp_path / "x.csv")])
    assert exit_info.value.code == 1
    assert "add --compat ibsi" in capsys.readouterr().err


def test_ibsi_names_with_the_pipeline_set_in_the_parameter_file(tmp_path):
    root = shared_path("data", "ibsi", "ibsi1", "digital_phantom", "nifti")
    params = tmp_path / "ibsi.yaml"
    params.write_text("setting:\n  compat: ibsi\n", encoding="utf-8")
    out = tmp_path / "phantom.csv"
    main(["features", "--image", str(root / "image" / "phantom.nii.gz"), "--mask",
          str(root / "mask" / "mask.nii.gz"), "--params", str(params), "--names", "ibsi",
          "-o", str(out)])
    header, row = list(csv.reader(out.open()))
    # IBSI digital phantom reference: morph_volume 556 mm^3 (ibsi1_digital_phantom.csv)
    assert float(row[header.index("morph_volume")]) == pytest.approx(556, rel=5e-3)


def test_pyradiomics_names_are_refused_for_the_ibsi_pipeline(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["features", "--image", "x.nii.gz", "--mask", "y.nii.gz", "--compat", "ibsi",
              "--names", "pyradiomics", "-o", str(tmp_path / "x.csv")])
    assert exit_info.value.code == 1
    assert "no PyRadiomics names" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
