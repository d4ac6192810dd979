"""The bundle format refuses tampering: edited values, added pickles, unsafe zip paths."""
from __future__ import annotations

import json
import pickle
import zipfile

import numpy as np
import pytest

from axilla.errors import BundleError
from axilla.study.bundle import load_bundle, save_bundle

CONTENT = {"features": ["original_firstorder_Mean"], "thresholds": {"combined": 0.31},
           "combined": {"coef": [-1.25, 0.8]}}


@pytest.fixture
def bundle(tmp_path):
    arrays = {"radiomics/coef": np.array([0.5, -0.25]), "radiomics/mean": np.array([3.0, 4.0])}
    return save_bundle(tmp_path / "bundle", CONTENT, arrays, {"xgb": '{"learner": {}}'})


def test_round_trip_directory_and_zip(bundle):
    for path in (bundle, bundle.with_suffix(".zip")):
        content, arrays, native = load_bundle(path)
        assert content == CONTENT
        np.testing.assert_array_equal(arrays["radiomics/coef"], [0.5, -0.25])
        assert native == {"xgb": '{"learner": {}}'}


def test_edited_coefficient_with_stale_checksum_is_refused(bundle):
    header = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    header["content"]["combined"]["coef"][1] = 8.0
    (bundle / "bundle.json").write_text(json.dumps(header), encoding="utf-8")
    with pytest.raises(BundleError, match="checksum of bundle.json 'content' does not match"):
        load_bundle(bundle)


def test_edited_array_file_is_refused(bundle):
    np.savez(bundle / "arrays.npz", **{"radiomics/coef": np.array([9.0, 9.0])})
    with pytest.raises(BundleError, match="checksum of 'arrays.npz' does not match"):
        load_bundle(bundle)


def test_added_pickle_is_refused_and_never_loaded(bundle, tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (marker.write_text, ("loaded",))

    (bundle / "model.pkl").write_bytes(pickle.dumps(Evil()))
    with pytest.raises(BundleError, match=r"unexpected file\(s\) \['model.pkl'\]"):
        load_bundle(bundle)
    assert not marker.exists()


def test_object_arrays_are_never_written(tmp_path):
    with pytest.raises(BundleError, match="holds Python objects"):
        save_bundle(tmp_path / "b", {}, {"x": np.array([{"a": 1}], dtype=object)})


@pytest.mark.parametrize("member", ["../evil.json", "/etc/evil.json", "a/../../evil.json"])
def test_zip_with_unsafe_paths_is_refused(bundle, tmp_path, member):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr(member, "{}")
    with pytest.raises(BundleError, match="absolute or '..' path"):
        load_bundle(bad)


def test_unknown_field_and_schema_version(bundle):
    header = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    (bundle / "bundle.json").write_text(json.dumps(header | {"extra": 1}), encoding="utf-8")
    with pytest.raises(BundleError, match=r"fields \['extra'\] are not part of the bundle schema"):
        load_bundle(bundle)
    (bundle / "bundle.json").write_text(json.dumps(header | {"schema_version": 99}), encoding="utf-8")
    with pytest.raises(BundleError, match="schema_version 99 is not supported"):
        load_bundle(bundle)
