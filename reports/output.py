"""Writing a report to a file atomically, or to standard output for '-'."""
from __future__ import annotations

import copy
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from auditor.errors import ReportError


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it


def write_text(dest: str | Path, text: str) -> None:
    write_chunks(dest, (text,))


def write_chunks(dest: str | Path, chunks: Iterable[str]) -> None:
    """Write the text `chunks` make, one at a time (big reports are never one string), atomically."""
    if str(dest) == "-":
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    path = Path(dest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk.encode("utf-8", "replace"))  # page text may hold lone surrogates
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; reports are for sharing
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write {dest}: {exc.strerror or exc}") from exc


def json_with_list(doc: dict[str, Any], path: tuple[str | int, ...], items: Iterable[Any],
                   indent: int = 2) -> Iterator[str]:
    """`json.dumps(doc, indent=indent)` with the list at `path` filled from `items` as they come.

    Only one item is ever rendered at a time, so a results file or SARIF log of any size
    is written in bounded memory; the text is the same as dumping the whole document.
    """
    marker = "\x00auditor-list\x00"
    doc = copy.copy(doc)
    holder: Any = doc
    for key in path[:-1]:  # copy the way down so the caller's document is left alone
        holder[key] = copy.copy(holder[key])
        holder = holder[key]
    holder[path[-1]] = marker
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    quoted = json.dumps(marker)
    at = text.index(quoted)
    head, tail = text[:at], text[at + len(quoted):]
    line_start = head.rfind("\n") + 1
    pad = " " * (len(head[line_start:]) - len(head[line_start:].lstrip(" ")))
    inner = pad + " " * indent
    yield head
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + inner + json.dumps(item, indent=indent, ensure_ascii=False).replace("\n", "\n" + inner)
        first = False
    yield ("[]" if first else "\n" + pad + "]") + tail
