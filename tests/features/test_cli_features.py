"""`axilla features`: one CSV row, checked against PyRadiomics' own extraction."""
from __future__ import annotations

import csv

import pytest

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
