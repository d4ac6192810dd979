"""`axilla demo` refuses a misspelt study and an empty cohort with one line and writes
nothing (before: a bare KeyError after the output folder was made; --n 0 wrote an empty
cohort and exited 0)."""
from __future__ import annotations

import pytest

from axilla.cli import main


def test_a_misspelt_study_gets_the_closest_name_and_no_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--study", "004_ultrasonud", "--data-only", "-o", str(tmp_path / "us")])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "unknown demo study '004_ultrasonud' (did you mean '004_ultrasound'?); choose one " \
           "of 000_mammography, 001_dce_mri" in err
    assert not (tmp_path / "us").exists()


def test_an_empty_cohort_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--study", "004_ultrasound", "--data-only", "--n", "0",
              "-o", str(tmp_path / "us")])
    assert exit_info.value.code == 1
    assert "--n 0: a demo cohort needs at least one patient" in capsys.readouterr().err
    assert not (tmp_path / "us").exists()
