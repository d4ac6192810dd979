"""`axilla validate` lists a misspelt ``data.labels`` key with a did-you-mean (before, only
fitting found it), and a clinical CSV that is not UTF-8 is named with its line and the fix
(before, a raw UnicodeDecodeError)."""
from __future__ import annotations

import pytest

from axilla.errors import InputError
from axilla.io import read_table
from axilla.study.validate import validate_study
from tests.study.test_validate import _write_study as _write_manifest_study
from tests.study.test_validate_run_blockers import _clinical, _problems, _write

LABEL_FIX = "label a clinical-table column, a feature name, radscore or deepscore"
UTF8_FIX = ("re-save the table as UTF-8 (Excel: Save As 'CSV UTF-8'; LibreOffice: character "
            "set 'Unicode (UTF-8)')")


def test_a_misspelt_label_is_listed_with_the_closest_column(tmp_path):
    labels = {"agee": "Age (years)", "grade": "Grade", "f0": "Feature zero",
              "radscore": "Rad-score", "tumour_szie": "Size"}
    assert _problems(_write(tmp_path, _clinical(), data={"labels": labels})) == [
        f"data.labels: 'agee' is not a column of the study (did you mean 'age'?); {LABEL_FIX}",
        f"data.labels: 'tumour_szie' is not a column of the study; {LABEL_FIX}"]


def test_labels_of_real_columns_and_scores_pass(tmp_path):
    labels = {"age": "Age (years)", "f4": "Feature four", "radscore": "Rad-score",
              "deepscore": "Deep score"}
    assert _problems(_write(tmp_path, _clinical(), data={"labels": labels})) == []


def _latin1_clinical(tmp_path):
    clinical = _clinical()
    clinical.insert(2, "centre", "Hôpital")     # ô is one byte, 0xf4, in Latin-1
    path = tmp_path / "clinical.csv"
    clinical.to_csv(path, index=False, encoding="latin-1")
    return path


def test_read_table_names_the_file_the_line_and_the_fix(tmp_path):
    path = _latin1_clinical(tmp_path)
    with pytest.raises(InputError) as info:
        read_table(path)
    assert str(info.value) == (f"{path}: line 2 is not UTF-8 text (byte 0xf4; the file was "
                               f"saved as Latin-1/Windows-1252 or similar); {UTF8_FIX}")


def test_validate_lists_a_latin1_clinical_table_as_a_problem(tmp_path):
    study = _write(tmp_path, _clinical())
    path = _latin1_clinical(tmp_path)     # overwrites the UTF-8 table _write wrote
    problems = [str(p) for p in validate_study(study)[1]]
    assert problems[0] == (f"{path}: line 2 is not UTF-8 text (byte 0xf4; the file was saved "
                           f"as Latin-1/Windows-1252 or similar); {UTF8_FIX}")


def test_a_utf8_table_with_a_byte_order_mark_reads_as_before(tmp_path):
    path = tmp_path / "clinical.csv"
    _clinical().assign(centre="Hôpital").to_csv(path, index=False, encoding="utf-8-sig")
    table = read_table(path)
    assert list(table.columns[:2]) == ["patient_id", "aln_status"]
    assert table.loc[0, "centre"] == "Hôpital" and table.loc[5, "patient_id"] == "P05"


def test_a_study_that_extracts_leaves_feature_labels_to_the_run(tmp_path):
    """From a manifest the feature names exist only after extraction: a label that reads
    as one is not checked, a misspelt clinical column still is."""
    study = _write_manifest_study(tmp_path, {"labels": {"original_glcm_Contrast": "Contrast",
                                                        "agge": "Age (years)"}})
    labels = [str(p) for p in validate_study(study)[1] if p.where == "data.labels"]
    assert labels == [f"data.labels: 'agge' is not a column of the study (did you mean "
                      f"'age'?); {LABEL_FIX}"]
