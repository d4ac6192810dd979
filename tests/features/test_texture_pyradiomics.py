"""Texture matrices and features against PyRadiomics' own numbers (../shared/data/pyradiomics).

- ``baseline/<case>_<class>.npy``: PyRadiomics' matrices (plain ``<case>`` settings).
- ``baseline/baseline_<class>.csv``: PyRadiomics' regression baseline; the columns that
  need no resampling or normalisation (``<case>``, ``_2d``, ``_FBN``, ``_combined``,
  ``_flatRegion``) with their settings from ``baseline_configs.json``.
- ``reference/pyradiomics-3.1.1.dev111-g8ed5793/<case>_original.csv``: a fresh
  extraction with default settings.
Tolerance: relative 1e-9 (the data README: current PyRadiomics reproduces these to 4e-12;
some values were written with 12 significant digits); an expected 0 within 1e-12.
"""
from __future__ import annotations

import ast
import csv
import json
import warnings
from functools import lru_cache

import numpy as np
import pytest
import SimpleITK as sitk

from axilla.features import glcm, gldm, glrlm, glszm, ngtdm
from axilla.features.discretize import discretize
from tests.helpers import SHARED, shared_available, shared_path

FAMILIES = {"glcm": glcm, "glrlm": glrlm, "glszm": glszm, "gldm": gldm, "ngtdm": ngtdm}
CASES = ("brain1", "brain2", "breast1", "lung1")
VARIANTS = ("", "_2d", "_FBN", "_combined", "_flatRegion")  # no resampling / normalisation
DATA = ("data", "pyradiomics")
REFERENCE = ("data", "pyradiomics", "reference", "pyradiomics-3.1.1.dev111-g8ed5793")
RELATIVE = 1e-9  # data README: 1e-9 relative everywhere for texture
ZERO = 1e-12  # an expected 0 (README: "must be matched exactly")


def _csv_rows(*parts: str) -> list[list[str]]:
    with SHARED.joinpath(*parts).open(newline="") as handle:
        return list(csv.reader(handle))


def _baseline_cases() -> list:
    if not shared_available(*DATA, "baseline"):
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason="../shared absent"))]
    params = []
    for family in FAMILIES:
        header, *rows = _csv_rows(*DATA, "baseline", f"baseline_{family}.csv")
        for col, column in enumerate(header[1:], start=1):
            if not any(column == case + variant for case in CASES for variant in VARIANTS):
                continue
            for row in rows:
                if not row[0].startswith("diagnostics_"):
                    params.append(pytest.param(column, row[0], float(row[col]),
                                               id=f"{column}-{row[0]}"))
    return params


def _reference_cases() -> list:
    if not shared_available(*REFERENCE):
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason="../shared absent"))]
    params = []
    for case in CASES:
        for name, value in _csv_rows(*REFERENCE, f"{case}_original.csv")[1:]:
            if name.split("_")[1] in FAMILIES:
                params.append(pytest.param(case, name, float(value), id=f"{case}-{name}"))
    return params


@lru_cache(maxsize=None)
def _settings(column: str) -> dict:
    configs = json.loads(shared_path(*DATA, "baseline", "baseline_configs.json").read_text(encoding="utf-8"))
    return configs[column]["setting"]


@lru_cache(maxsize=None)
def _discretised(case: str, bin_width: float | None, bin_count: int | None,
                 lower_threshold: float | None):
    """Image and mask as PyRadiomics' test harness prepares them: read, resegment,
    crop to the mask's bounding box, discretise."""
    image = sitk.ReadImage(str(shared_path(*DATA, f"{case}_image.nrrd")))
    mask = sitk.ReadImage(str(shared_path(*DATA, f"{case}_label.nrrd")))
    values = sitk.GetArrayFromImage(image).astype(np.float64)
    roi = sitk.GetArrayFromImage(mask) == 1
    if lower_threshold is not None:
        roi &= values >= lower_threshold
    box = tuple(slice(idx.min(), idx.max() + 1) for idx in np.nonzero(roi))
    grey, _ = discretize(values[box], roi[box], bin_width=bin_width, bin_count=bin_count)
    return grey, roi[box], image.GetSpacing()[::-1]


def _column_input(column: str):
    settings = _settings(column)
    reseg = settings.get("resegmentRange")
    bin_count = settings.get("binCount")
    return _discretised(column.split("_")[0], None if bin_count else settings.get("binWidth", 25),
                        bin_count, None if reseg is None else min(reseg)), settings


@lru_cache(maxsize=None)
def _column_features(column: str, family: str) -> dict[str, float]:
    (grey, mask, spacing), settings = _column_input(column)
    return FAMILIES[family].compute(grey, mask, spacing, settings)


def _assert_close(computed: float, expected: float) -> None:
    if expected == 0:
        assert abs(computed) < ZERO, computed
    else:
        assert abs(computed / expected - 1) < RELATIVE, (computed, expected)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("family", FAMILIES)
def test_matrix_equals_pyradiomics(case, family):
    path = shared_path(*DATA, "baseline", f"{case}_{family}.npy")
    with warnings.catch_warnings():  # numpy 2 on Python-2 headers; harmless (README)
        warnings.simplefilter("ignore")
        expected = np.load(path)
    grey, mask, spacing = _discretised(case, 25, None, None)
    computed = FAMILIES[family].matrix(grey, mask, spacing, _settings(case))
    assert computed.shape == expected.shape
    np.testing.assert_allclose(computed, expected, rtol=0, atol=1e-12)  # README: exact match


@pytest.mark.parametrize(("column", "name", "expected"), _baseline_cases())
def test_baseline_feature(column, name, expected):
    _, family, feature = name.split("_")
    _assert_close(_column_features(column, family)[feature], expected)


@pytest.mark.parametrize(("case", "name", "expected"), _reference_cases())
def test_reference_feature(case, name, expected):
    _, family, feature = name.split("_")
    (grey, mask, spacing) = _discretised(case, 25, None, None)
    _assert_close(FAMILIES[family].compute(grey, mask, spacing, {})[feature], expected)


@pytest.mark.parametrize("family", FAMILIES)
def test_default_features_are_the_reference_ones(family):
    """Coverage both ways: FEATURES' defaults are exactly PyRadiomics' default extraction,
    in its order; every feature in FEATURES is computed."""
    rows = _csv_rows(*REFERENCE, "brain1_original.csv") if shared_available(*REFERENCE) else None
    if rows is None:
        pytest.skip("../shared absent")
    reference = [name.split("_")[2] for name, _ in rows[1:] if name.split("_")[1] == family]
    defaults = [spec.name for spec in FAMILIES[family].FEATURES if spec.default]
    assert defaults == reference
    grey, mask, spacing = _discretised("breast1", 25, None, None)
    computed = FAMILIES[family].compute(grey, mask, spacing, {})
    assert list(computed) == [spec.name for spec in FAMILIES[family].FEATURES]


@pytest.mark.parametrize("family", FAMILIES)
def test_ibsi_codes_match_the_feature_map(family):
    """Each IBSI code and tag in FEATURES is one the shared IBSI-PyRadiomics map gives
    (deprecated aliases carry the code of the feature they equal, in any class), and every feature the
    map names for this class exists."""
    header, *rows = _csv_rows("data", "ibsi", "ibsi_pyradiomics_feature_map.csv")
    column = {name: k for k, name in enumerate(header)}
    mapped: dict[str, set] = {}
    every_pair = set()
    for row in rows:
        pair = (row[column["ibsi_code"]] or None, row[column["ibsi_tag_base"]] or None)
        every_pair.add(pair)
        if row[column["pyradiomics_class"]] == family:
            mapped.setdefault(row[column["pyradiomics_feature"]], set()).add(pair)
    names = {spec.name for spec in FAMILIES[family].FEATURES}
    assert set(mapped) <= names
    for spec in FAMILIES[family].FEATURES:
        pairs = mapped.get(spec.name, every_pair if spec.ibsi_tag else {(None, None)})
        assert (spec.ibsi, spec.ibsi_tag) in pairs, spec.name


def test_settings_literal_matches_configs():
    """The settings used come from the CSV's own diagnostics row (configs are a parse of it)."""
    header, *rows = _csv_rows(*DATA, "baseline", "baseline_glcm.csv")
    literal = next(row for row in rows if row[0] == "diagnostics_Configuration_Settings")
    for col, column in enumerate(header[1:], start=1):
        parsed = ast.literal_eval(literal[col])
        for key in ("binWidth", "binCount", "force2D", "weightingNorm", "resegmentRange"):
            assert parsed.get(key) == _settings(column).get(key), (column, key)
