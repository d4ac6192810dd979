"""Uploaded image and mask files: saved only inside the request's own folder, checked.

An upload is refused, with a message for the page, when its name is a path (or hidden),
its suffix is not an image format the calculator reads from one file, it is larger than
:data:`MAX_UPLOAD_BYTES` (256 MiB), or the image reader cannot read it. The file is written under a
name the server chooses (``image.nii.gz``, ``mask.nii.gz``), never the name sent.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from axilla.errors import InputError
from axilla.io import read_image
from axilla.io.readers import suffix_of
from axilla.serve.calculator import EntryRefused

MAX_UPLOAD_BYTES = 256 * 2**20
#: one-file formats (NRRD/MetaImage with detached data need two files, photos a spacing)
UPLOAD_SUFFIXES = (".nii", ".nii.gz", ".nrrd", ".mha", ".dcm")
CHUNK = 2**20


def upload_limit() -> str:
    """The size limit per file, as the page states it."""
    return f"{MAX_UPLOAD_BYTES / 2**20:.4g} MiB"


def _checked_name(name: str, role: str) -> str:
    if not name:
        raise EntryRefused(f"the {role} upload has no file name", fix="choose the file again")
    if (name != PurePosixPath(name).name or name != PureWindowsPath(name).name
            or name.startswith(".") or "\x00" in name):
        raise EntryRefused(f"the {role} file name {name!r} is a path or a hidden file",
                           fix="upload the file itself (the server never reads paths)")
    if suffix_of(Path(name)) not in UPLOAD_SUFFIXES:
        raise EntryRefused(f"{name!r} is not an image file this calculator reads",
                           fix=f"upload a {', '.join(UPLOAD_SUFFIXES)} file")
    return name


def save_upload(stream, name: str, role: str, folder: Path) -> Path:
    """Copy the binary ``stream`` into ``folder/<role><suffix>``; check size and content."""
    name = _checked_name(name, role)
    target = folder / f"{role}{suffix_of(Path(name))}"
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                out.close()
                target.unlink()
                raise EntryRefused(f"the {role} file {name!r} is larger than the "
                                   f"{upload_limit()} limit",
                                   fix="crop the image to the breast or compress it (.nii.gz)")
            out.write(chunk)
    if size == 0:
        raise EntryRefused(f"the {role} file {name!r} is empty", fix="choose the file again")
    try:
        read_image(target)
    except InputError as exc:
        # Axilla's own reasons (a cut NIfTI, ...) are shown; a reader library's exception
        # text (wrapped, so with a __cause__) names the server's folders: not for the page
        reason = "its content is not that format, or it is damaged" if exc.__cause__ else exc.message
        raise EntryRefused(f"the {role} file {name!r} is not a readable image ({reason})",
                           fix=f"upload a {', '.join(UPLOAD_SUFFIXES)} image") from None
    return target
