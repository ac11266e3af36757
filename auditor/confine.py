"""Is a path really inside a folder? Audited folders, results folders and report folders
may hold symbolic links planted to lead elsewhere, so the answer resolves every link first."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def real_path(path: str | Path) -> str:
    return os.path.realpath(path)


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """True when `path`, every link in it followed, is `folder` (links followed too) or below it."""
    try:
        target, root = real_path(path), real_path(folder)
    except (OSError, ValueError):  # a NUL byte, a name too long: not a path we will touch
        return False
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def open_own_file(path: Path, *, append: bool = False, read: bool = False):
    """A file of a folder the auditor writes (results.jsonl), opened without following a link.

    A link or special file planted there (a report folder checked out from a pull request) is
    replaced when the file is written afresh, and refused when it would be appended to or read:
    its content is not ours.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if append or read:
            raise OSError(errno.EPERM, "it is a symbolic link or special file, not the auditor's own file")
        path.unlink()
    if read:
        flags = os.O_RDONLY
    elif append:
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND
    else:
        flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    return os.fdopen(fd, "rb" if read else ("a+b" if append else "w+b"))


def write_inside(path: Path, data: bytes, folder: Path) -> None:
    """Write `data` to `path` in `folder` atomically; a link in the way is replaced, never followed,
    and a subfolder leading out of `folder` is an OSError."""
    if not is_inside(path.parent, folder):
        raise OSError(errno.EPERM, f"{path.parent} leads out of {folder} (a symbolic link?)")
    path = Path(real_path(path.parent)) / path.name
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_regular(path: Path, limit: int) -> bytes | None:
    """Up to `limit` bytes of `path` when it is a regular file; None for a FIFO, device or missing file
    (opening a FIFO planted where a screenshot should be must not hang the report)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        return fh.read(limit)
