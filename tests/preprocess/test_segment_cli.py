"""`axilla segment` writes the mask and its parameters; bad input is one line, exit 1."""
import json

import pytest
import SimpleITK as sitk

from axilla.cli import main
from axilla.preprocess.robustness import dice
from tests.preprocess.phantoms import lesion_image, sphere_mask


@pytest.fixture
def files(tmp_path, seed):
    image, truth = lesion_image((16, 32, 32), (0.8, 0.8, 1.5), 7.0, noise=20, random_state=seed)
    sitk.WriteImage(image, str(tmp_path / "image.nii.gz"))
    sitk.WriteImage(sphere_mask((16, 32, 32), (0.8, 0.8, 1.5), 10.0), str(tmp_path / "roi.nii.gz"))
    return tmp_path, truth


def test_segment_from_seed_writes_mask_and_json(files, capsys):
    folder, truth = files
    main(["segment", "--image", str(folder / "image.nii.gz"), "--seed", "16,16,8",
          "--lower", "100", "-o", str(folder / "lesion.nii.gz")])
    mask = sitk.ReadImage(str(folder / "lesion.nii.gz"))
    assert dice(mask, truth) >= 0.9
    parameters = json.loads((folder / "lesion.json").read_text(encoding="utf-8"))
    assert parameters["seeds"] == [[16, 16, 8]] and parameters["lower"] == 100.0
    assert "parameters in" in capsys.readouterr().out


def test_segment_in_roi_with_multiplier(files):
    folder, truth = files
    main(["segment", "--image", str(folder / "image.nii.gz"), "--roi", str(folder / "roi.nii.gz"),
          "--multiplier", "2.5", "-o", str(folder / "lesion.nii.gz")])
    assert dice(sitk.ReadImage(str(folder / "lesion.nii.gz")), truth) >= 0.9


def test_segment_errors_are_one_line(files, capsys):
    folder, _ = files
    with pytest.raises(SystemExit) as info:
        main(["segment", "--image", str(folder / "image.nii.gz"), "--seed", "16,16,8",
              "-o", str(folder / "lesion.nii.gz")])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "needs a box or ROI" in err and "\n" not in err
    assert not (folder / "lesion.nii.gz").exists()


def test_segment_in_a_box_needs_no_threshold(files, capsys):
    folder, truth = files
    main(["segment", "--image", str(folder / "image.nii.gz"), "--seed", "16,16,8",
          "--box", "5,5,1,27,27,15", "-o", str(folder / "lesion.nii.gz")])
    assert dice(sitk.ReadImage(str(folder / "lesion.nii.gz")), truth) >= 0.99  # measured 0.996
    parameters = json.loads((folder / "lesion.json").read_text(encoding="utf-8"))
    assert parameters["method"] == "auto_threshold" and parameters["box"] == [[5, 5, 1], [27, 27, 15]]
    assert "auto_threshold, 3 classes, range" in capsys.readouterr().out


@pytest.mark.parametrize("option, value, words", [
    ("--box", "1,2,3", "is not x0,y0,z0,x1,y1,z1 (voxels)"),
    ("--seed-mm", "1.5,a,3", "is not x,y,z (three numbers, mm)"),
])
def test_malformed_box_or_mm_seed_is_a_usage_error(files, capsys, option, value, words):
    folder, _ = files
    with pytest.raises(SystemExit) as info:
        main(["segment", "--image", str(folder / "image.nii.gz"), option, value,
              "-o", str(folder / "lesion.nii.gz")])
    assert info.value.code == 2
    assert words in capsys.readouterr().err


def test_output_name_without_an_image_suffix_is_refused_and_folders_are_made(files, capsys):
    folder, _ = files
    args = ["segment", "--image", str(folder / "image.nii.gz"), "--seed", "16,16,8", "--lower", "100"]
    with pytest.raises(SystemExit) as info:
        main([*args, "-o", str(folder / "lesion.txt")])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "lesion.txt" in err and ".nii.gz" in err and "RuntimeError" not in err
    assert not (folder / "lesion.json").exists()
    main([*args, "-o", str(folder / "new" / "sub" / "lesion.nrrd")])
    assert (folder / "new" / "sub" / "lesion.nrrd").is_file()
    assert (folder / "new" / "sub" / "lesion.json").is_file()
