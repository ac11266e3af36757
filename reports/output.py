"""Writing a report to a file atomically, or to standard output for '-'."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from auditor.errors import ReportError


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it


def write_text(dest: str | Path, text: str) -> None:
    if str(dest) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(dest)
    data = text.encode("utf-8", "replace")  # page text may hold lone surrogates
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; reports are for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write {dest}: {exc.strerror or exc}") from exc
