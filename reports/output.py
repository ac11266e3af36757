"""Writing a report: to a file (atomically when it is a regular one), a FIFO or device, or standard output for '-'."""
from __future__ import annotations

import copy
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from auditor.confine import is_inside, real_path
from auditor.errors import ReportError


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it


def write_text(dest: str | Path, text: str, *, inside: str | Path | None = None) -> None:
    write_chunks(dest, (text,), inside=inside)


def write_chunks(dest: str | Path, chunks: Iterable[str], *, inside: str | Path | None = None) -> None:
    """Write the text `chunks` make, one at a time (big reports are never one string).

    A path the user named is treated as a shell's `>` would: a regular file (or a new one) is
    replaced atomically, so nobody reads half a report; a FIFO, a device or another special
    file is written through, never replaced (replacing /dev/stdout or, as root, a device node
    would destroy it); a symbolic link is followed, so its target is written and the link stays.

    `inside` is for the files of a report folder the auditor owns: nothing there is followed
    out of the folder, since a folder checked out from a pull request may hold planted links.
    Each file is replaced atomically, a link or special file in its place included.
    """
    if str(dest) == "-":
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    path = Path(dest)
    try:
        if inside is not None:
            _replace(_confined(path, Path(inside)), _encoded(chunks))
            return
        target = Path(real_path(path))  # every link followed, down to the file itself
        mode = _mode(target)
        if mode is None or stat.S_ISREG(mode):
            _replace(target, _encoded(chunks))
        elif stat.S_ISDIR(mode):
            raise ReportError(f"cannot write {dest}: it is a folder")
        else:
            _write_through(target, _encoded(chunks))
    except OSError as exc:
        raise ReportError(f"cannot write {dest}: {exc.strerror or exc}") from exc


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        return None


def _confined(path: Path, folder: Path) -> Path:
    """`path` with its folder's links resolved, provided that stays inside `folder`."""
    if not is_inside(path.parent, folder):
        raise ReportError(f"cannot write {path}: {path.parent} leads out of the report folder {folder} "
                          "(a symbolic link?)")
    return Path(real_path(path.parent)) / path.name


def _encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8", "replace")  # page text may hold lone surrogates


def copy_file(src: Path, dest: Path, *, inside: Path) -> None:
    """Copy `src` to `dest` in the report folder `inside` as write_chunks(inside=) writes, keeping its times."""
    try:
        with open(src, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise ReportError(f"cannot copy {src}: not a regular file")
            dest = _confined(dest, inside)
            _replace(dest, iter(lambda: fh.read(1 << 16), b""))
        os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns))
    except OSError as exc:
        raise ReportError(f"cannot copy {src} to {dest}: {exc.strerror or exc}") from None


def _replace(path: Path, data: Iterable[bytes]) -> None:
    """Write a temporary file beside `path`, then rename it over `path` (a link there is replaced, not followed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        st = path.lstat()
        keep = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None  # as `>` keeps a file's mode
    except FileNotFoundError:
        keep = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for block in data:
                fh.write(block)
        os.chmod(tmp, keep if keep is not None else 0o666 & ~_UMASK)  # mkstemp makes 0600; reports are for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_through(path: Path, data: Iterable[bytes]) -> None:
    """Write into a FIFO, a device or the like as it is: no temporary file, no rename."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CLOEXEC), "wb") as fh:  # a FIFO waits here for its reader
        for block in data:
            fh.write(block)


def json_with_list(doc: dict[str, Any], path: tuple[str | int, ...], items: Iterable[Any],
                   indent: int = 2, one_line_items: bool = False) -> Iterator[str]:
    """`json.dumps(doc, indent=indent)` with the list at `path` filled from `items` as they come.

    Only one item is ever rendered at a time, so a results file or SARIF log of any size
    is written in bounded memory; the text is the same as dumping the whole document.
    `one_line_items` writes each item on one line instead (JSON's C encoder: ten times faster
    for logs of tens of thousands of items).
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
        text = (json.dumps(item, ensure_ascii=False) if one_line_items
                else json.dumps(item, indent=indent, ensure_ascii=False).replace("\n", "\n" + inner))
        yield ("[\n" if first else ",\n") + inner + text
        first = False
    yield ("[]" if first else "\n" + pad + "]") + tail
