"""Bundles: signatures prove origin, symbolic links are never followed, zip bombs are
refused from the zip's directory before anything is decompressed."""
from __future__ import annotations

import hashlib
import json
import os
import struct
import zipfile

import numpy as np
import pytest

from axilla.errors import BundleError
from axilla.study.bundle import MAX_MEMBER_BYTES, load_bundle, save_bundle, sign_bundle
from axilla.study.bundle_signature import generate_keypair

CONTENT = {"features": ["original_firstorder_Mean"], "thresholds": {"combined": 0.31},
           "combined": {"coef": [-1.25, 0.8]}}


@pytest.fixture
def bundle(tmp_path):
    arrays = {"radiomics/coef": np.array([0.5, -0.25])}
    return save_bundle(tmp_path / "bundle", CONTENT, arrays)


@pytest.fixture
def keys(tmp_path):
    private, public = tmp_path / "keys" / "site.pem", tmp_path / "keys" / "site.pub.pem"
    generate_keypair(private, public)
    return private, public


def _rehash_after_edit(bundle):
    """What a forger does: edit a coefficient and recompute every checksum."""
    header = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    header["content"]["combined"]["coef"][1] = 8.0
    canonical = json.dumps(header["content"], sort_keys=True, separators=(",", ":")).encode()
    header["content_sha256"] = hashlib.sha256(canonical).hexdigest()
    (bundle / "bundle.json").write_text(json.dumps(header), encoding="utf-8")


def test_signed_bundle_verifies_as_directory_and_zip(bundle, keys):
    private, public = keys
    sign_bundle(bundle, private)
    for path in (bundle, bundle.with_suffix(".zip")):
        content, arrays, _ = load_bundle(path, verify_key=public)
        assert content == CONTENT
        np.testing.assert_array_equal(arrays["radiomics/coef"], [0.5, -0.25])
    assert oct(os.stat(private).st_mode & 0o777) == "0o600"


def test_rehashed_edited_bundle_passes_checksums_but_not_the_signature(bundle, keys):
    private, public = keys
    sign_bundle(bundle, private)
    _rehash_after_edit(bundle)
    assert load_bundle(bundle)[0]["combined"]["coef"][1] == 8.0   # checksums cannot tell
    with pytest.raises(BundleError, match="signature does not match public key") as refused:
        load_bundle(bundle, verify_key=public)
    # signed by this very key, so the only explanation is the edit; no "another key" guess
    assert "changed after this key's holder signed it" in str(refused.value)
    assert "another key" not in str(refused.value)


def test_unsigned_bundle_and_another_sites_key_are_refused(bundle, keys, tmp_path):
    private, public = keys
    with pytest.raises(BundleError, match="the bundle is not signed"):
        load_bundle(bundle, verify_key=public)
    other_private, other_public = tmp_path / "other.pem", tmp_path / "other.pub.pem"
    generate_keypair(other_private, other_public)
    sign_bundle(bundle, other_private)
    with pytest.raises(BundleError, match="signature does not match") as refused:
        load_bundle(bundle.with_suffix(".zip"), verify_key=public)
    assert "another key (id " in str(refused.value)


def test_a_tampered_bundle_is_never_signed(bundle, keys):
    np.savez(bundle / "arrays.npz", **{"radiomics/coef": np.array([9.0, 9.0])})
    with pytest.raises(BundleError, match="checksum of 'arrays.npz' does not match"):
        sign_bundle(bundle, keys[0])
    assert not (bundle / "bundle.sig").exists()


def test_keygen_never_overwrites_a_key(keys):
    with pytest.raises(BundleError, match="key file already exists"):
        generate_keypair(*keys)


def test_symlink_in_bundle_directory_is_refused(bundle, tmp_path):
    # the link points at an identical copy, so every checksum would still match
    real = tmp_path / "elsewhere.npz"
    real.write_bytes((bundle / "arrays.npz").read_bytes())
    (bundle / "arrays.npz").unlink()
    (bundle / "arrays.npz").symlink_to(real)
    with pytest.raises(BundleError, match=r"symbolic link\(s\) \['arrays.npz'\]"):
        load_bundle(bundle)


def test_symlink_zip_member_is_refused(bundle, tmp_path):
    bad = tmp_path / "link.zip"
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            if name != "arrays.npz":
                dst.writestr(name, src.read(name))
        link = zipfile.ZipInfo("arrays.npz")
        link.external_attr = (0o120777 << 16)   # S_IFLNK | rwxrwxrwx, as `zip --symlinks` writes
        dst.writestr(link, "/etc/passwd")
    with pytest.raises(BundleError, match="zip member 'arrays.npz' is a symbolic link"):
        load_bundle(bad)


def _forbid_decompression(monkeypatch):
    """From here on, any attempt to open or read a zip member fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("a zip member was opened")
    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)


def test_high_ratio_zip_bomb_is_refused_before_decompression(tmp_path, monkeypatch):
    bomb = tmp_path / "ratio.zip"
    member = zipfile.ZipInfo("arrays.npz")
    member.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(bomb, "w") as archive:
        with archive.open(member, "w") as out:
            chunk = bytes(1 << 20)
            for _ in range(64):                      # 64 MiB of zeros
                out.write(chunk)
    assert bomb.stat().st_size < 200_000                # deflate: about 1000-fold
    _forbid_decompression(monkeypatch)
    with pytest.raises(BundleError, match=r"zip member 'arrays.npz' expands [\d,]+-fold "
                                          r"\(limit 100; a zip bomb\?\)"):
        load_bundle(bomb)


def test_declared_huge_member_is_refused_before_decompression(tmp_path, monkeypatch):
    """A 1 kB zip whose directory declares a 3 GiB member (sizes patched in place)."""
    bomb = tmp_path / "declared.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("bundle.json", b"{}")
    data = bytearray(bomb.read_bytes())
    declared = 3 * 1024**3
    assert declared > MAX_MEMBER_BYTES
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = struct.pack("<I", declared)   # uncompressed size
    data[central + 20:central + 24] = struct.pack("<I", declared)   # compressed size
    data[22:26] = struct.pack("<I", declared)                        # local header copy
    bomb.write_bytes(bytes(data))
    assert bomb.stat().st_size < 1024
    _forbid_decompression(monkeypatch)
    with pytest.raises(BundleError, match="zip member 'bundle.json' declares 3,221,225,472 "
                                          "bytes uncompressed"):
        load_bundle(bomb)


def test_run_with_an_unusable_sign_key_stops_before_the_study(tmp_path):
    from typer.testing import CliRunner

    from axilla.cli import app
    (tmp_path / "not_a_key.pem").write_text("hello", encoding="utf-8")
    for key, message in (("absent.pem", "private key not found"),
                         ("not_a_key.pem", "not a readable PEM private key")):
        run = CliRunner().invoke(app, ["run", str(tmp_path / "study.yaml"), "-o",
                                       str(tmp_path / "run"), "--sign-key", str(tmp_path / key)])
        assert run.exit_code == 1 and message in str(run.exception)
        assert not (tmp_path / "run").exists()


def test_npz_array_declaring_a_huge_shape_is_refused_before_allocation(bundle):
    """arrays.npz is a zip too: an .npy header claiming 10**12 float64 elements over 8 bytes
    of data (NumPy would allocate 8 TB first), checksums recomputed as a forger would."""
    import io

    npy = io.BytesIO()
    np.lib.format.write_array_header_1_0(npy, {"descr": "<f8", "fortran_order": False,
                                               "shape": (10**12,)})
    npy.write(np.array([0.5]).tobytes())
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("radiomics/coef.npy", npy.getvalue())
    (bundle / "arrays.npz").write_bytes(forged.getvalue())
    meta = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    meta["files"]["arrays.npz"] = hashlib.sha256(forged.getvalue()).hexdigest()
    (bundle / "bundle.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(BundleError, match=r"arrays.npz: zip member 'radiomics/coef.npy' "
                                          r"declares shape \(1000000000000,\) \(8,000,000,000,000 "
                                          r"bytes\)"):
        load_bundle(bundle)


def test_keygen_refuses_one_file_for_both_keys(tmp_path):
    # the public key used to overwrite the private one: exit 0 and no private key left
    with pytest.raises(BundleError, match="same file"):
        generate_keypair(tmp_path / "site.pem", tmp_path / "." / "site.pem")
    assert not (tmp_path / "site.pem").exists()
