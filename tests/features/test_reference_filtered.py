"""Every feature of PyRadiomics' own extraction with wavelet and LoG images, all 4 cases.

Expected values: ../shared/data/pyradiomics/reference/pyradiomics-3.1.1.dev111-g8ed5793/
<case>_filtered.csv, made by PyRadiomics 8ed5793 with params/reference_filtered.yaml
(Original + Wavelet coif1 8 sub-bands + LoG sigma 1, 2, 3 mm; 1130 features per case).
Same names, same set, each value within 1e-6 relative (0 must be exactly 0). The filters
compute only the ROI's window, so this also checks that cropping changes nothing.
"""
from __future__ import annotations

import csv
from functools import lru_cache

import pytest

from axilla.features import extract
from tests.helpers import shared_available, shared_path

REFERENCE = ("data", "pyradiomics", "reference", "pyradiomics-3.1.1.dev111-g8ed5793")
CASES = ("brain1", "brain2", "breast1", "lung1")
#: Same computation as PyRadiomics; measured: 3807 of 4520 identical, largest 1.5e-12.
RELATIVE = 1e-6


def _expected(case: str) -> dict[str, float]:
    path = shared_path(*REFERENCE, f"{case}_filtered.csv")
    with open(path, newline="") as handle:
        return {row["feature"]: float(row["value"]) for row in csv.DictReader(handle)
                if not row["feature"].startswith("diagnostics_")}


@lru_cache(maxsize=None)
def _computed(case: str) -> dict[str, float]:
    data = shared_path("data", "pyradiomics")
    values = extract(data / f"{case}_image.nrrd", data / f"{case}_label.nrrd",
                     data / "params" / "reference_filtered.yaml")
    return {k: v for k, v in values.items() if not k.startswith("diagnostics_")}


def _cases_and_features():
    if not shared_available(*REFERENCE):
        return [pytest.param("absent", "absent", id="reference-absent")]
    return [pytest.param(case, name, id=f"{case}-{name}")
            for case in CASES for name in _expected(case)]


@pytest.mark.parametrize("case", CASES)
def test_same_feature_names(case):
    expected = _expected(case)
    computed = _computed(case)
    assert len(expected) == 1130
    assert sorted(set(expected) - set(computed)) == []
    assert sorted(set(computed) - set(expected)) == []


@pytest.mark.parametrize(("case", "name"), _cases_and_features())
def test_feature_value(case, name):
    expected = _expected(case)[name]
    computed = _computed(case)[name]
    if expected == 0:
        assert computed == 0
    else:
        assert computed == pytest.approx(expected, rel=RELATIVE, abs=0)
