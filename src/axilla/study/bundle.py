"""The model bundle: JSON plus numeric arrays, never pickle.

Layout of a bundle directory (and of the same as one ``.zip``)::

    bundle.json    schema version, Axilla version, content (settings, features, models,
                   threshold, clinical coding, nomogram) and the SHA-256 of every file
    arrays.npz     every numeric array, read with ``allow_pickle=False``
    <name>.json    native JSON model files (XGBoost, LightGBM), when present

Loading refuses unknown files (a ``.pkl`` dropped in), checksums that do not match
(a hand-edited coefficient), unknown top-level fields, and zip members with absolute
paths or ``..``; each refusal says which field or file is wrong.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np

from axilla import __version__
from axilla.errors import BundleError

SCHEMA_VERSION = 1
TOP_LEVEL = {"schema_version", "axilla_version", "content", "files", "content_sha256"}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()


def save_bundle(folder, content: dict, arrays: dict[str, np.ndarray],
                native: dict[str, str] | None = None) -> Path:
    """Write a bundle directory and ``<folder>.zip`` beside it; return the directory."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        if np.asarray(array).dtype == object:
            raise BundleError(f"array '{name}' holds Python objects", fix="store numbers only")
    buffer = io.BytesIO()
    np.savez(buffer, **{k: np.asarray(v) for k, v in arrays.items()})
    blobs = {"arrays.npz": buffer.getvalue()}
    for name, text in (native or {}).items():
        blobs[f"{name}.json"] = text.encode()
    header = {"schema_version": SCHEMA_VERSION, "axilla_version": __version__,
              "content": content, "content_sha256": _sha256(_canonical(content)),
              "files": {name: _sha256(data) for name, data in blobs.items()}}
    blobs["bundle.json"] = json.dumps(header, indent=1, sort_keys=True).encode()
    for name, data in blobs.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(folder.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(blobs.items()):
            archive.writestr(name, data)
    return folder


def _read_blobs(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir() if p.is_file()} | \
            {p.name + "/": b"" for p in path.iterdir() if p.is_dir()}
    if zipfile.is_zipfile(path):
        blobs = {}
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                pure = PurePosixPath(member)
                if pure.is_absolute() or ".." in pure.parts or "\\" in member:
                    raise BundleError(f"zip member '{member}' has an absolute or '..' path",
                                      file=str(path), fix="refusing to unpack it; ask the "
                                      "sender for a bundle made by `axilla run`")
                blobs[member] = archive.read(member)
        return blobs
    raise BundleError("not a bundle directory or zip", file=str(path),
                      fix="give the bundle/ folder or bundle.zip of a run directory")


def load_bundle(path) -> tuple[dict, dict[str, np.ndarray], dict[str, str]]:
    """Validated (content, arrays, native model texts) of a bundle directory or zip."""
    path = Path(path)
    if not path.exists():
        raise BundleError("bundle not found", file=str(path), fix="check the --bundle path")
    blobs = _read_blobs(path)
    if "bundle.json" not in blobs:
        raise BundleError("bundle.json is missing", file=str(path),
                          fix="give the bundle made by `axilla run` (RUN_DIR/bundle)")
    try:
        header = json.loads(blobs.pop("bundle.json"))
    except json.JSONDecodeError as exc:
        raise BundleError(f"bundle.json is not valid JSON ({exc})", file=str(path),
                          fix="the bundle is damaged; export it again") from None
    unknown = set(header) - TOP_LEVEL
    if unknown or not TOP_LEVEL <= set(header):
        raise BundleError(f"bundle.json fields {sorted(unknown) or sorted(TOP_LEVEL - set(header))}"
                          " are not part of the bundle schema", file=str(path),
                          fix="the bundle was edited or made by another tool; export it again")
    if header["schema_version"] != SCHEMA_VERSION:
        raise BundleError(f"schema_version {header['schema_version']} is not supported "
                          f"(this Axilla reads {SCHEMA_VERSION})", file=str(path),
                          fix=f"use the Axilla version that made it ({header['axilla_version']})")
    listed = header["files"]
    extra = sorted(set(blobs) - set(listed))
    if extra:
        raise BundleError(f"unexpected file(s) {extra} in the bundle", file=str(path),
                          fix="bundles hold only JSON and .npz files; remove them or re-export "
                              "(pickle files are never loaded)")
    for name, digest in listed.items():
        if name not in blobs:
            raise BundleError(f"file '{name}' is missing", file=str(path), fix="re-export")
        if _sha256(blobs[name]) != digest:
            raise BundleError(f"checksum of '{name}' does not match", file=str(path),
                              fix="the file was changed after export; re-export the bundle")
    if _sha256(_canonical(header["content"])) != header["content_sha256"]:
        raise BundleError("checksum of bundle.json 'content' does not match (a value was "
                          "edited)", file=str(path), fix="re-export the bundle from its run")
    with np.load(io.BytesIO(blobs.pop("arrays.npz")), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    native = {name[:-5]: data.decode() for name, data in blobs.items() if name.endswith(".json")}
    return header["content"], arrays, native
