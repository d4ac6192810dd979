"""Reading a user's text file (a manifest, a CSV table) as UTF-8, or saying where it is not."""
from __future__ import annotations

from pathlib import Path

from axilla.io.problems import Problem


def utf8_text(path: Path, what: str) -> tuple[str, Problem | None]:
    """The file as UTF-8 text (a byte-order mark is allowed), or the problem naming the
    file, the first line that is not UTF-8 and how to re-save ``what`` (e.g. "the
    manifest") as UTF-8."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", Problem(str(path), f"line {line} is not UTF-8 text (byte "
                                      f"0x{data[exc.start]:02x}; the file was saved as "
                                      "Latin-1/Windows-1252 or similar)",
                           f"re-save {what} as UTF-8 (Excel: Save As 'CSV UTF-8'; "
                           "LibreOffice: character set 'Unicode (UTF-8)')")
