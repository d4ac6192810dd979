"""Tables as CSV and XLSX, and the HTML cell format."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from axilla.errors import InputError
from axilla.report import write_table
from axilla.report.assets import format_cell, table_html


def test_named_index_becomes_a_column_and_both_files_agree(tmp_path):
    table = pd.DataFrame({"glcm": [24, 192]}, index=pd.Index(["original", "wavelet"], name="image_type"))
    files = write_table(table, tmp_path, "counts")
    csv = pd.read_csv(files.csv)
    pd.testing.assert_frame_equal(csv, pd.DataFrame({"image_type": ["original", "wavelet"],
                                                     "glcm": [24, 192]}))
    pd.testing.assert_frame_equal(pd.read_excel(files.xlsx), csv)


def test_range_index_is_not_written(tmp_path):
    files = write_table(pd.DataFrame({"a": [1.5]}), tmp_path, "t")
    assert files.csv.read_text(encoding="utf-8").splitlines() == ["a", "1.5"]


def test_bad_name_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="file stem"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path, "a/b")


@pytest.mark.parametrize(("value", "column", "text"), [
    (0.0004, "p", "<0.001"), (0.0123, "p_value", "0.012"), (0.0004, "auc", "0.000"),
    (0.83456, "auc", "0.835"), (12, "n", "12"), (np.int64(3), "n", "3"), (np.nan, "x", "–"),
    (None, "x", "–"), (True, "x", "yes"), ("III", "grade", "III"), (2.5, "p", "2.500"),
    (2.8e-11, "training: p", "<0.001"), (0.0004, "p (between cohorts)", "<0.001"),
    (0.0812, "validation: p", "0.081")])
def test_format_cell(value, column, text):
    assert format_cell(value, column) == text


def test_long_tables_are_cut_in_html_with_a_note():
    html = table_html(pd.DataFrame({"a": range(250)}), "Caption")
    assert html.count("<tr>") == 201 and "First 200 of 250 rows shown." in html


def test_folded_table_keeps_its_caption_outside_the_details():
    html = table_html(pd.DataFrame({"a": [1, 2]}), "Caption", folded=True)
    assert html.index("Caption") < html.index("<details><summary>Show the 2 rows</summary><table>")


def test_count_columns_with_a_missing_value_are_written_as_integers(tmp_path):
    flow = pd.DataFrame({"cohort": ["training", "excluded"], "n_patients": [120.0, 3.0],
                         "n_positive": [48.0, np.nan], "threshold": [1.0, 0.5]})
    files = write_table(flow, tmp_path, "flow")
    assert files.csv.read_text(encoding="utf-8").splitlines() == [
        "cohort,n_patients,n_positive,threshold", "training,120,48,1.0", "excluded,3,,0.5"]
    html = table_html(files.frame, "Flow")
    assert "<td>48</td>" in html and "<td>–</td>" in html and "48.0" not in html
    assert "<td>1.000</td>" in html        # not a count: stays a number with decimals
    assert pd.read_excel(files.xlsx)["n_positive"].tolist()[0] == 48


def test_a_fractional_count_column_is_left_alone(tmp_path):
    files = write_table(pd.DataFrame({"n": [2.5, 3.0]}), tmp_path, "t")
    assert files.csv.read_text(encoding="utf-8").splitlines() == ["n", "2.5", "3.0"]
