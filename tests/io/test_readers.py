"""Every reader on files the test writes itself, plus pydicom's bundled test files."""
from __future__ import annotations

import numpy as np
import pydicom
import pytest
import SimpleITK as sitk
from pydicom.data import get_testdata_file

from axilla.demo.writers import write_mammogram
from axilla.errors import InputError
from axilla.io import read_image
from tests.io.dicom_series import write_series


@pytest.fixture
def volume():
    rng = np.random.default_rng(0)
    array = rng.integers(0, 1000, size=(6, 7, 8)).astype(np.int16)
    image = sitk.GetImageFromArray(array)
    image.SetSpacing((0.7, 0.8, 2.5))
    image.SetOrigin((10.0, -5.0, 3.0))
    return image, array


@pytest.mark.parametrize("suffix", [".nii", ".nii.gz", ".nrrd", ".mha", ".mhd"])
def test_volume_formats_round_trip(tmp_path, volume, suffix):
    image, array = volume
    path = tmp_path / f"img{suffix}"
    sitk.WriteImage(image, str(path))
    back = read_image(path)
    np.testing.assert_array_equal(sitk.GetArrayFromImage(back), array)
    np.testing.assert_allclose(back.GetSpacing(), (0.7, 0.8, 2.5), rtol=1e-6)
    np.testing.assert_allclose(back.GetOrigin(), (10.0, -5.0, 3.0), rtol=1e-6)


def test_dicom_series_sorted_by_position(tmp_path):
    array = np.arange(4 * 5 * 6, dtype=np.int16).reshape(4, 5, 6)
    write_series(tmp_path / "s", array[::-1].copy(), "1.2.826.0.1.3680043.2.1125.111",
                 "DCE phase 2", z0=0.0)
    image = read_image(tmp_path / "s")
    assert image.GetSize() == (6, 5, 4)
    np.testing.assert_allclose(image.GetSpacing(), (0.5, 0.5, 3.0))
    np.testing.assert_array_equal(sitk.GetArrayFromImage(image), array[::-1])


def test_folder_with_two_series_needs_a_choice(tmp_path):
    a = np.zeros((3, 4, 4), np.int16)
    write_series(tmp_path / "s", a, "1.2.826.0.1.3680043.2.1125.111", "T1 pre")
    write_series(tmp_path / "s", a + 7, "1.2.826.0.1.3680043.2.1125.222", "DCE phase 2")
    with pytest.raises(InputError, match="holds 2 DICOM series.*'DCE phase 2'"):
        read_image(tmp_path / "s", patient="P1")
    by_desc = read_image(tmp_path / "s", series="DCE phase 2")
    assert sitk.GetArrayFromImage(by_desc).max() == 7
    by_uid = read_image(tmp_path / "s", series="1.2.826.0.1.3680043.2.1125.111")
    assert sitk.GetArrayFromImage(by_uid).max() == 0


def test_mammogram_monochrome1_is_inverted_and_spacing_honoured(tmp_path):
    array = np.array([[0, 100], [2000, 4095]], dtype=float)
    path = write_mammogram(array, (0.07, 0.07), tmp_path / "mg.dcm", patient_id="P1",
                           view="CC", seed=1)
    stored = pydicom.dcmread(path).pixel_array
    assert stored[0, 0] == 4095  # MONOCHROME1 on disk: bright tissue stored low
    image = read_image(path)
    assert image.GetSize() == (2, 2, 1)
    np.testing.assert_allclose(image.GetSpacing(), (0.07, 0.07, 1.0))
    # inversion maps stored s to max+min-s: the original intensities come back
    np.testing.assert_allclose(sitk.GetArrayFromImage(image)[0], array)


def test_pydicom_bundled_ct():
    path = get_testdata_file("CT_small.dcm")
    ds = pydicom.dcmread(path)
    image = read_image(path)
    np.testing.assert_allclose(image.GetSpacing()[:2], [float(v) for v in ds.PixelSpacing][::-1])
    np.testing.assert_array_equal(sitk.GetArrayFromImage(image)[0], ds.pixel_array)


def test_png_rgb_becomes_luminance_and_needs_spacing(tmp_path):
    rgb = np.zeros((3, 4, 3), np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 200, 100, 50
    path = tmp_path / "us.png"
    sitk.WriteImage(sitk.GetImageFromArray(rgb, isVector=True), str(path))
    with pytest.raises(InputError, match="carry no pixel spacing.*'spacing' column"):
        read_image(path, patient="P9")
    image = read_image(path, spacing="0.1")
    # BT.601: 0.299*200 + 0.587*100 + 0.114*50 = 124.2
    np.testing.assert_allclose(sitk.GetArrayFromImage(image), 124.2)
    np.testing.assert_allclose(image.GetSpacing(), (0.1, 0.1, 1.0))


def test_missing_and_unsupported_files_name_the_fix(tmp_path):
    with pytest.raises(InputError, match="patient P3: .*nope.nii.gz: file not found; check"):
        read_image(tmp_path / "nope.nii.gz", patient="P3")
    bad = tmp_path / "x.txt"
    bad.write_text("hi", encoding="utf-8")
    with pytest.raises(InputError, match="unsupported file type '.txt'"):
        read_image(bad)
    corrupt = tmp_path / "c.nii.gz"
    corrupt.write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(InputError, match="cannot be read"):
        read_image(corrupt, patient="P4")
