"""What a fresh process imports: `axilla --help` and `axilla features` load only what they use.

Each check runs a new interpreter and reads its ``sys.modules`` (behaviour, not timing):
numba, pydantic, pandas, scikit-learn and PyWavelets each cost a fresh process 0.05 to
0.5 s and tens of MiB, and a one-case run must not pay for the ones it does not need (the
feature kernels are C, compiled at install: no JIT on the extraction path).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

#: UTF-8 both ways, whatever locale an earlier test left behind
_UTF8 = {"encoding": "utf-8", "env": {**os.environ, "PYTHONUTF8": "1"}}

#: a 3D image and ROI made in the child, so no reference data is needed
_CASE = """
import numpy as np, SimpleITK as sitk
rng = np.random.default_rng(20261122)
image = sitk.GetImageFromArray(rng.integers(0, 200, (8, 12, 12)).astype(np.int16))
roi = np.zeros((8, 12, 12), np.uint8); roi[2:6, 3:9, 3:9] = 1
mask = sitk.GetImageFromArray(roi); mask.CopyInformation(image)
"""

_HEAVY = ("numba", "pydantic", "pandas", "sklearn", "pywt", "scipy", "torch",
          "axilla.features.matrices.cooccurrence", "axilla.features.matrices.run_length",
          "axilla.features.matrices.size_zone", "axilla.features.matrices.dependence",
          "axilla.features.matrices.neighbourhood")


def _loaded_after(code: str) -> set[str]:
    """Which of ``_HEAVY`` a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {_HEAVY!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True,
                          **_UTF8)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_cli_import_and_help_load_no_numerical_stack():
    assert _loaded_after("import axilla.cli") == set()
    code = ("import sys\nfrom axilla.cli import app\n"
            "try:\n    app(args=['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass")
    assert _loaded_after(code) == set()


def test_help_lists_the_commands():
    done = subprocess.run([sys.executable, "-m", "axilla", "--help"], capture_output=True,
                          check=True, **_UTF8)
    for command in ("features", "extract", "predict", "run"):
        assert command in done.stdout


def test_original_image_with_two_families_loads_only_their_kernels():
    code = _CASE + (
        "from axilla.features import extract\n"
        "values = extract(image, mask, {'imageType': {'Original': {}}, 'setting': {'binWidth': 25},"
        " 'featureClass': {'firstorder': [], 'glcm': []}})\n"
        "assert len(values) == 18 + 24, len(values)")
    assert _loaded_after(code) == {"axilla.features.matrices.cooccurrence"}


def test_the_features_command_with_every_family_and_filter_loads_no_jit_nor_tables(tmp_path):
    """`axilla features` with wavelet + LoG and all seven families: kernels and PyWavelets
    (and scipy, which the LoG's window needs) but no numba, pydantic, pandas or scikit-learn."""
    params = tmp_path / "params.yaml"
    params.write_text("setting: {binWidth: 25}\nimageType: {Original: {}, Wavelet: {}, "
                      "LoG: {sigma: [1.0]}}\nfeatureClass: {shape: [], firstorder: [], glcm: [], "
                      "glrlm: [], glszm: [], gldm: [], ngtdm: []}\n", encoding="utf-8")
    code = _CASE + (
        f"sitk.WriteImage(image, {str(tmp_path / 'image.nrrd')!r})\n"
        f"sitk.WriteImage(mask, {str(tmp_path / 'mask.nrrd')!r})\n"
        "from axilla.cli import main\n"
        f"main(['features', '--image', {str(tmp_path / 'image.nrrd')!r}, '--mask', "
        f"{str(tmp_path / 'mask.nrrd')!r}, '--params', {str(params)!r}, '-o', "
        f"{str(tmp_path / 'out.csv')!r}])")
    loaded = _loaded_after(code)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count(",") > 500
    assert not loaded & {"numba", "pydantic", "pandas", "sklearn", "torch"}, loaded


def test_first_order_alone_needs_no_kernels():
    code = _CASE + (
        "from axilla.features import extract\n"
        "values = extract(image, mask, {'imageType': {'Original': {}}, 'setting': {'binWidth': 25},"
        " 'featureClass': {'firstorder': []}})\n"
        "assert len(values) == 18, len(values)")
    assert _loaded_after(code) == set()


def test_wavelet_loads_pywavelets_only_when_asked():
    code = _CASE + (
        "from axilla.features import extract\n"
        "values = extract(image, mask, {'imageType': {'Wavelet': {}}, 'setting': {'binWidth': 25},"
        " 'featureClass': {'firstorder': []}})\n"
        "assert len(values) == 8 * 18, len(values)")
    assert _loaded_after(code) == {"pywt"}
