"""``compat: ibsi`` settings: the example configurations A-E resolve to the IBSI manual's
settings (chapter "Reference data sets"), and wrong settings are SettingsErrors that name
the key and the fix."""
from __future__ import annotations

import math

import pytest

from axilla.errors import SettingsError
from axilla.features.ibsi import IbsiSettings, parse_ibsi_settings
from tests.helpers import REPO

EXAMPLES = REPO / "examples" / "ibsi"

# The manual's table, written out by hand (axes z, y, x; None keeps an axis' spacing).
EXPECTED = {
    "A": IbsiSettings(bin_width=25.0, reseg_range=(-500.0, 400.0), round_intensities=True,
                      texture_dimensions=("2D", "2.5D")),
    "B": IbsiSettings(bin_count=32, reseg_range=(-500.0, 400.0), new_spacing=(None, 2.0, 2.0),
                      image_order=1, round_intensities=True, texture_dimensions=("2D", "2.5D")),
    "C": IbsiSettings(bin_width=25.0, reseg_range=(-1000.0, 400.0), new_spacing=(2.0, 2.0, 2.0),
                      image_order=1, round_intensities=True, texture_dimensions=("3D",), ivh_bin_width=2.5),
    "D": IbsiSettings(bin_count=32, outlier_sigma=3.0, new_spacing=(2.0, 2.0, 2.0), image_order=1,
                      round_intensities=True, texture_dimensions=("3D",)),
    "E": IbsiSettings(bin_count=32, reseg_range=(-1000.0, 400.0), outlier_sigma=3.0,
                      new_spacing=(2.0, 2.0, 2.0), image_order=3, round_intensities=True,
                      texture_dimensions=("3D",), ivh_bin_count=1000),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_configurations(name):
    assert parse_ibsi_settings(EXAMPLES / f"config_{name}.yaml") == EXPECTED[name]


def test_defaults_follow_force2d_and_an_open_range():
    settings = parse_ibsi_settings({"setting": {"force2D": True, "resegmentRange": [-100]}})
    assert settings.texture_dimensions == ("2D", "2.5D")
    assert settings.reseg_range == (-100.0, math.inf)
    assert parse_ibsi_settings(None).texture_dimensions == ("3D",)


def test_a_bare_setting_block_and_bin_count_precedence():
    # PyRadiomics: binCount, when given, replaces binWidth
    settings = parse_ibsi_settings({"binWidth": 10, "binCount": 16, "compat": "ibsi"})
    assert (settings.bin_width, settings.bin_count) == (None, 16)


@pytest.mark.parametrize("params, message", [
    ({"ibsi": {"outlier_sigmas": 3}}, "did you mean 'outlier_sigma'"),
    ({"setting": {"binWidht": 25}}, "did you mean 'binWidth'"),  # the engine's schema
    ({"setting": {"binWidth": -5}}, "binWidth must be a float in \\(0, inf\\). Got -5"),
    ({"setting": {"resampledPixelSpacing": [2, 2]}}, "resampledPixelSpacing must be \\[x, y, z\\]"),
    ({"setting": {"resegmentRange": [400, -500]}}, "lower bound 400.0 is not below"),
    ({"setting": {"resegmentMode": "sigma"}}, "resegmentMode: 'sigma' is not applied"),
    ({"setting": {"normalize": True}}, "normalize: True is not applied in compat: ibsi"),
    ({"setting": {"interpolator": "sitkLanczosWindowedSinc"}}, "not available in compat: ibsi"),
    ({"setting": {"distances": [1, 2]}}, "distances: \\[1, 2\\] is not applied"),
    ({"imageType": {"Original": {}, "LoG": {"sigma": [1.0]}}}, "original image only, not LoG"),
    ({"ibsi": {"texture_dimensions": ["4D"]}}, "texture_dimensions"),
    ({"ibsi": {"ivh": {"binSize": 2}}}, "unknown key 'binSize' in ibsi.ivh"),
    ({"ibsi": {"ivh": {"binCount": 2.5}}}, "ibsi.ivh.binCount must be a positive int"),
    ({"ibsi": {"partial_volume_threshold": 0}}, "partial_volume_threshold"),
])
def test_invalid_settings_name_the_problem_and_the_fix(params, message):
    with pytest.raises(SettingsError, match=message) as err:
        parse_ibsi_settings(params)
    assert err.value.fix


def test_missing_params_file(tmp_path):
    with pytest.raises(SettingsError, match="parameter file not found"):
        parse_ibsi_settings(tmp_path / "absent.yaml")
