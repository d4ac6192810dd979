"""The model bundle: JSON plus numeric arrays, never pickle.

Layout of a bundle directory (and of the same as one ``.zip``)::

    bundle.json    schema version, Axilla version, content (settings, features, models,
                   threshold, clinical coding, nomogram) and the SHA-256 of every file
    arrays.npz     every numeric array, read with ``allow_pickle=False``
    <name>.json    native JSON model files (XGBoost, LightGBM), when present

    bundle.sig     optional Ed25519 signature of bundle.json (axilla.study.bundle_signature)

Loading refuses unknown files (a ``.pkl`` dropped in), checksums that do not match
(a hand-edited coefficient), unknown top-level fields, symbolic links (in the directory
or as zip members), zip members with absolute paths or ``..``, and zips whose central
directory declares more than the limits below (a zip bomb) — checked before any member
is decompressed. With ``verify_key`` an unsigned bundle, or one whose signature does not
match that public key, is refused too: checksums prove integrity, a signature origin.
Each refusal says which field or file is wrong.
"""
from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np

from axilla import __version__
from axilla.errors import BundleError
from axilla.study.bundle_signature import SIGNATURE_FILE, signature_of, verify_signature

SCHEMA_VERSION = 1
TOP_LEVEL = {"schema_version", "axilla_version", "content", "files", "content_sha256"}

# Zip limits, read from the central directory before anything is decompressed. A bundle
# holds a few JSON files and one .npz: at most tens of MiB for classical models, a few
# hundred MiB with a fine-tuned CNN (VGG-16's weights are 528 MiB as float32).
MAX_MEMBERS = 64
# arrays.npz holds one member per array: a fine-tuned CNN or a forest of trees stores
# thousands (the deep demo study about 4,600); the directory of 100,000 is about 10 MB.
MAX_ARRAYS = 100_000
MAX_MEMBER_BYTES = 2 * 1024**3       # one file, uncompressed
MAX_TOTAL_BYTES = 4 * 1024**3        # all files, uncompressed
# Deflate shrinks float arrays by about 1.1x and model JSON by about 5-20x; a zip bomb
# needs hundreds to a thousand (deflate's ceiling is about 1032x). Ratios are checked
# only for members above RATIO_FLOOR_BYTES, where a high ratio costs real memory.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024**2


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
    (folder / SIGNATURE_FILE).unlink(missing_ok=True)   # a new export is not yet signed
    _write(folder, blobs)
    return folder


def _write(folder: Path, blobs: dict[str, bytes]) -> None:
    """The bundle's files into ``folder`` and, the same, into ``<folder>.zip``."""
    for name, data in blobs.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(folder.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(blobs.items()):
            archive.writestr(name, data)


def sign_bundle(folder, private_key) -> Path:
    """Sign the bundle directory ``folder`` with an Ed25519 private key (PEM file): write
    ``bundle.sig`` into it and rebuild ``<folder>.zip`` from it. The bundle is validated
    first, so a tampered bundle is never signed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BundleError("not a bundle directory", file=str(folder),
                          fix="give the bundle/ folder of a run directory (its zip is rebuilt)")
    load_bundle(folder)
    blobs = {name: data for name, data in _read_blobs(folder).items() if name != SIGNATURE_FILE}
    blobs[SIGNATURE_FILE] = signature_of(blobs["bundle.json"], private_key)
    _write(folder, blobs)
    return folder


def _refuse_member(path: Path, member: str, why: str):
    raise BundleError(f"zip member '{member}' {why}", file=str(path),
                      fix="refusing to unpack it; ask the sender for a bundle made by `axilla run`")


def _check_zip_directory(path: Path, infos: list[zipfile.ZipInfo],
                         max_members: int = MAX_MEMBERS) -> None:
    """Refuse unsafe members from the central directory alone (nothing decompressed yet)."""
    if len(infos) > max_members:
        raise BundleError(f"the zip lists {len(infos):,} files (at most {max_members:,} "
                          "expected)", file=str(path), fix="refusing to unpack it")
    names = [info.filename for info in infos]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        _refuse_member(path, twice[0], "is listed twice")
    total = 0
    for info in infos:
        member = info.filename
        pure = PurePosixPath(member)
        if pure.is_absolute() or ".." in pure.parts or "\\" in member:
            _refuse_member(path, member, "has an absolute or '..' path")
        if stat.S_ISLNK(info.external_attr >> 16):
            _refuse_member(path, member, "is a symbolic link")
        if info.file_size > MAX_MEMBER_BYTES:
            _refuse_member(path, member, f"declares {info.file_size:,} bytes uncompressed "
                           f"(limit {MAX_MEMBER_BYTES:,}; a zip bomb?)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            _refuse_member(path, member, f"expands {ratio:,.0f}-fold (limit {MAX_RATIO}; "
                           "a zip bomb?)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise BundleError(f"the zip declares {total:,} bytes uncompressed in all (limit "
                          f"{MAX_TOTAL_BYTES:,}; a zip bomb?)", file=str(path),
                          fix="refusing to unpack it")


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member, decompressing no more than its declared (checked) size; a member whose
    data disagree with its declared size or CRC is refused."""
    try:
        with archive.open(info) as handle:
            return handle.read(info.file_size)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        _refuse_member(path, info.filename, f"is damaged ({exc})")


def _read_blobs(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        entries = sorted(path.iterdir())
        links = [p.name for p in entries if p.is_symlink()]
        if links:
            raise BundleError(f"the bundle directory holds symbolic link(s) {links}",
                              file=str(path), fix="links are never followed; copy the real "
                                                  "files in or use the bundle's zip")
        return {p.name: p.read_bytes() for p in entries if p.is_file()} | \
            {p.name + "/": b"" for p in entries if p.is_dir()}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_zip_directory(path, infos)
            return {info.filename: _read_member(path, archive, info) for info in infos}
    raise BundleError("not a bundle directory or zip", file=str(path),
                      fix="give the bundle/ folder or bundle.zip of a run directory")


def _read_arrays(path: Path, data: bytes) -> dict[str, np.ndarray]:
    """``arrays.npz`` (itself a zip): its directory is checked like the bundle's, and each
    array's header must not declare more elements than its member holds bytes for (NumPy
    allocates the declared shape before reading), before anything is loaded."""
    where = Path(f"{path}:arrays.npz")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BundleError(f"arrays.npz is not an .npz file ({exc})", file=str(path),
                          fix="re-export the bundle") from None
    with archive:
        _check_zip_directory(where, archive.infolist(), MAX_ARRAYS)
        for info in archive.infolist():
            try:
                with archive.open(info) as handle:
                    version = np.lib.format.read_magic(handle)
                    read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                                   else np.lib.format.read_array_header_2_0)
                    shape, _, dtype = read_header(handle)
            except (ValueError, OSError, zipfile.BadZipFile) as exc:
                _refuse_member(where, info.filename, f"is not a NumPy array ({exc})")
            declared = int(np.prod(shape, dtype=object)) * dtype.itemsize
            if declared > info.file_size:
                _refuse_member(where, info.filename, f"declares shape {shape} ({declared:,} "
                               f"bytes) in {info.file_size:,} bytes")
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def load_bundle(path, verify_key=None) -> tuple[dict, dict[str, np.ndarray], dict[str, str]]:
    """Validated (content, arrays, native model texts) of a bundle directory or zip;
    with ``verify_key`` (an Ed25519 public key PEM file) only a bundle signed by the
    matching private key is accepted."""
    path = Path(path)
    if not path.exists():
        raise BundleError("bundle not found", file=str(path), fix="check the --bundle path")
    blobs = _read_blobs(path)
    if "bundle.json" not in blobs:
        raise BundleError("bundle.json is missing", file=str(path),
                          fix="give the bundle made by `axilla run` (RUN_DIR/bundle)")
    signature = blobs.pop(SIGNATURE_FILE, None)
    if verify_key is not None:
        verify_signature(blobs["bundle.json"], signature, verify_key, str(path))
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
    arrays = _read_arrays(path, blobs.pop("arrays.npz"))
    native = {name[:-5]: data.decode() for name, data in blobs.items() if name.endswith(".json")}
    return header["content"], arrays, native
