"""``import axilla.deep`` works without torch; using a network says what to install."""
from __future__ import annotations

import subprocess
import sys

NO_TORCH = """
import sys
sys.modules["torch"] = None  # as if torch were not installed
import axilla, axilla.deep
from axilla.errors import AxillaError
try:
    axilla.deep.build_vgg16
except AxillaError as err:
    print(err)
"""


def test_axilla_deep_imports_without_torch_and_names_the_extra():
    out = subprocess.run([sys.executable, "-c", NO_TORCH], capture_output=True, text=True,
                         check=True).stdout
    assert "needs the optional package 'torch'" in out
    assert "pip install 'axilla[deep]'" in out


def test_importing_axilla_deep_does_not_import_torch():
    code = "import sys, axilla, axilla.deep; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
