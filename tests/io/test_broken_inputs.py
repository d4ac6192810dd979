"""Broken or ambiguous inputs are refused with the patient, the file and the fix.

Each case here was read without a word before: a cut NIfTI file (zeros), a fractional
mask (truncated), a DICOM series with a missing slice (stacked with the mean spacing), a
manifest path leading outside the study, a Latin-1 manifest (a raw UnicodeDecodeError),
and one patient's several images for one sequence and ROI (averaged).
"""
from __future__ import annotations

import gzip
import os

import numpy as np
import pandas as pd
import pytest
import SimpleITK as sitk

from axilla.errors import InputError
from axilla.io import Case, load_case, read_image, read_manifest, repeated_images
from tests.io.dicom_series import write_series

UID = "1.2.826.0.1.3680043.2.1125.111"


@pytest.fixture
def volume(seed):
    rng = np.random.default_rng(seed)
    image = sitk.GetImageFromArray(rng.integers(1, 1000, size=(20, 30, 40)).astype(np.int16))
    image.SetSpacing((0.7, 0.7, 3.0))
    return image


@pytest.mark.parametrize("suffix", [".nii.gz", ".nii"])
def test_a_nifti_file_cut_in_half_is_refused(tmp_path, volume, suffix):
    path = tmp_path / f"image{suffix}"
    sitk.WriteImage(volume, str(path), useCompression=suffix == ".nii.gz")
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    assert (sitk.GetArrayFromImage(sitk.ReadImage(str(path))) == 0).any(), \
        "ITK reads the cut file without an error, zeros in place of the missing voxels"
    # header 352 bytes + 20 x 30 x 40 voxels x 2 bytes (int16)
    with pytest.raises(InputError, match=r"patient P5: .*image\.nii(\.gz)?: the file is "
                       r"incomplete: its header announces 48,352 bytes.*copy the file again"):
        read_image(path, patient="P5")


def test_a_whole_nifti_in_two_gzip_members_is_read(tmp_path, volume):
    """The slow path: the trailer's length is the last member's, the stream is whole."""
    plain = tmp_path / "image.nii"
    sitk.WriteImage(volume, str(plain))
    data = plain.read_bytes()
    two = tmp_path / "two_members.nii.gz"
    two.write_bytes(gzip.compress(data[:1000]) + gzip.compress(data[1000:]))
    np.testing.assert_array_equal(sitk.GetArrayFromImage(read_image(two)),
                                  sitk.GetArrayFromImage(volume))


def test_a_fractional_mask_is_refused_and_a_float_label_map_accepted(tmp_path, volume):
    sitk.WriteImage(volume, str(tmp_path / "image.nii.gz"))
    mask = np.zeros((20, 30, 40), np.float32)
    mask[5:10, 5:10, 5:10] = 1.0
    label_map = sitk.GetImageFromArray(mask)
    label_map.CopyInformation(volume)
    sitk.WriteImage(label_map, str(tmp_path / "binary.nii.gz"))
    _, roi = load_case(Case("P1", str(tmp_path / "image.nii.gz"), str(tmp_path / "binary.nii.gz")))
    assert int(sitk.GetArrayViewFromImage(roi).sum()) == 125

    mask[10, 5:10, 5:10] = 0.6     # an interpolated border: truncation would drop it
    mask[4, 5, 5] = 0.25
    blurred = sitk.GetImageFromArray(mask)
    blurred.CopyInformation(volume)
    sitk.WriteImage(blurred, str(tmp_path / "blurred.nii.gz"))
    with pytest.raises(InputError, match=r"patient P2: .*blurred\.nii\.gz: the mask holds 2 "
                       r"non-integer value\(s\) \(0\.25, 0\.6\).*threshold it"):
        load_case(Case("P2", str(tmp_path / "image.nii.gz"), str(tmp_path / "blurred.nii.gz")))


def test_a_series_with_a_missing_slice_is_refused(tmp_path):
    array = np.arange(5 * 4 * 4, dtype=np.int16).reshape(5, 4, 4)
    write_series(tmp_path / "s", array, UID, "T1", positions=[0.0, 3.0, 9.0, 12.0, 15.0])
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(str(tmp_path / "s")))
    assert reader.Execute().GetSpacing()[2] == pytest.approx(3.75)  # ITK: 15 mm / 4 gaps
    with pytest.raises(InputError, match=r"patient P3: .*not evenly spaced: 1 of 4 gaps .*"
                       r"median gap \(3 mm\) by more than 1%, the first 6 mm between the "
                       r"slices at 3 and 9 mm .*export the complete series again"):
        read_image(tmp_path / "s", patient="P3")


def test_slice_positions_within_one_percent_are_accepted(tmp_path):
    array = np.zeros((4, 4, 4), np.int16)
    write_series(tmp_path / "s", array, UID, "T1", positions=[0.0, 3.0, 6.02, 9.0])
    assert read_image(tmp_path / "s").GetSize() == (4, 4, 4)  # 3.02 mm is 0.7% from 3 mm


def _manifest(folder, rows, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.nii.gz", "b.nii.gz", "m.nii.gz"):
        (folder / name).write_bytes(b"x")
    pd.DataFrame(rows).to_csv(folder / "manifest.csv", index=False, encoding=encoding)
    return folder / "manifest.csv"


def test_several_images_of_one_block_are_refused_without_an_aggregate_rule(tmp_path):
    path = _manifest(tmp_path, {"patient_id": ["P1", "P1", "P1", "P2"],
                                "sequence": ["dce", "dce", "t2", "dce"],
                                "image": ["a.nii.gz", "b.nii.gz", "a.nii.gz", "a.nii.gz"],
                                "mask": ["m.nii.gz"] * 4})
    table, problems = read_manifest(path)
    assert problems == []
    (problem,) = repeated_images(table, None, "manifest.csv")
    assert str(problem).startswith("patient P1: rows 2 (a.nii.gz), 3 (b.nii.gz) of "
                                   "manifest.csv give 2 different images for sequence 'dce', "
                                   "ROI 'roi'; ")
    assert "data.aggregate: mean | max | largest" in problem.fix
    assert repeated_images(table, "mean", "manifest.csv") == []


def test_manifest_paths_must_stay_in_the_study_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("AXILLA_IMAGE_ROOTS", raising=False)
    outside = tmp_path / "pacs"
    _manifest(outside, {"patient_id": [], "image": [], "mask": []})
    study = tmp_path / "study"
    path = _manifest(study, {"patient_id": ["P1", "P2", "P3"],
                             "image": ["a.nii.gz", "../pacs/a.nii.gz", str(outside / "b.nii.gz")],
                             "mask": ["m.nii.gz"] * 3})
    table, problems = read_manifest(path, root=study)
    text = [str(p) for p in problems]
    assert len(text) == 2
    assert text[0].startswith(f"patient P2: row 3 of manifest.csv: the image path "
                              f"'../pacs/a.nii.gz' leads outside the study folder {study}")
    assert text[1].startswith("patient P3: row 4 of manifest.csv: the image path")
    assert f"AXILLA_IMAGE_ROOTS={outside}" in text[1]
    assert read_manifest(path, root=study, image_roots=[outside])[1] == []
    monkeypatch.setenv("AXILLA_IMAGE_ROOTS", os.pathsep.join(["/nowhere", str(outside)]))
    assert read_manifest(path, root=study)[1] == []
    assert read_manifest(path)[1] == []   # no study folder given: no confinement


def test_a_latin1_manifest_names_the_line_and_the_fix(tmp_path):
    path = _manifest(tmp_path, {"patient_id": ["P1", "Zoë"], "image": ["a.nii.gz"] * 2,
                                "mask": ["m.nii.gz"] * 2}, encoding="latin-1")
    table, (problem,) = read_manifest(path)
    assert table.empty
    assert str(problem) == (f"{path}: line 3 is not UTF-8 text (byte 0xeb; the file was saved "
                            "as Latin-1/Windows-1252 or similar); re-save the manifest as UTF-8 "
                            "(Excel: Save As 'CSV UTF-8'; LibreOffice: character set "
                            "'Unicode (UTF-8)')")
