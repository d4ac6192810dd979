"""Run `axilla serve` with an audit hook (PEP 578) that logs every file or folder the
process creates or opens for writing outside the work folder (bytecode caches excepted).

Usage: python audited_serve.py LOG WORKDIR -- <axilla arguments>. One line per path.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def main() -> None:
    log_path, workdir, _, *arguments = sys.argv[1:]
    workdir = str(Path(workdir).resolve())
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def outside(path) -> bool:
        if isinstance(path, int) or path is None:   # an open file descriptor
            return False
        text = os.path.abspath(os.fsdecode(path))
        return not (text.startswith(workdir + os.sep) or text == workdir
                    or "__pycache__" in text or text.startswith("/dev/"))

    def hook(event, args):
        if event == "open" and len(args) > 2 and (
                any(c in (args[1] or "") for c in "wax+") or (args[2] or 0) & WRITE_FLAGS):
            written = args[0]
        elif event in ("os.mkdir", "os.remove") and args[-1] is None:
            written = args[0]        # (with a dir_fd the path is relative to a folder fd)
        elif event == "os.rename" and args[-1] is None:
            written = args[1]
        elif event == "shutil.copyfile":
            written = args[1]
        else:
            return
        if outside(written):
            os.write(log, f"{event} {os.fsdecode(written)}\n".encode())

    sys.addaudithook(hook)
    from axilla.cli import main as axilla
    sys.argv = ["axilla", *arguments]
    axilla()


if __name__ == "__main__":
    main()
