"""One auditor run at a time in a report folder.

Two runs writing the same --out folder at once interleave results.jsonl and replace each
other's reports. Every command that writes into the folder (audit, report, merge) holds an
exclusive flock on `.auditor.lock` there for as long as it runs; a second run fails at once
and says which run holds the folder. The kernel drops a flock when its process ends, however
it ends, so a lock file left behind by a killed run never blocks the next one.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import stat
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from auditor.errors import AuditorError

LOCK_NAME = ".auditor.lock"


class OutputBusy(AuditorError):
    """Another run holds the report folder (exit 2, like any usage error)."""
    kind = "busy"


def _shown(folder: Path) -> str:
    text = str(folder)
    return text if text.endswith("/") else text + "/"


@contextmanager
def hold(folder: str | Path, command: str) -> Iterator[None]:
    """Hold `folder` (created if missing) for the `with` block, or raise OutputBusy at once."""
    folder = Path(folder)
    path = folder / LOCK_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a lock file planted as a link must not make us truncate what it points to;
        # O_NONBLOCK: nor may a FIFO planted there hang the run.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise AuditorError(f"{path} is a symbolic link, not the auditor's lock file; remove it") from None
        raise AuditorError(f"cannot use {_shown(folder)} as the report folder: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise AuditorError(f"{path} is not a regular file, not the auditor's lock file; remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"{_shown(folder)} is in use by another auditor run{_describe(_read(fd))}") from None
        _write(fd, {"pid": os.getpid(), "host": socket.gethostname(), "command": f"auditor {command}",
                    "started": datetime.now().astimezone().isoformat(timespec="seconds")})
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # whoever finds the folder held next reads its holder, never us
    finally:
        os.close(fd)


def _write(fd: int, info: dict[str, Any]) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)


def _read(fd: int) -> dict[str, Any]:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def _describe(info: dict[str, Any]) -> str:
    """' (pid 1234, auditor audit, started 12:03:44)', or '' when the holder has not said who it is.

    The holder writes its details just after taking the lock; what we read before that may be
    what a killed run left behind, so details naming a process that is gone are not shown.
    """
    pid, host = info.get("pid"), info.get("host")
    if not isinstance(pid, int) or isinstance(pid, bool):
        return ""
    here = host == socket.gethostname()
    if here and not _alive(pid):
        return ""
    parts = [f"pid {pid}" + ("" if here else f" on {host}")]
    if isinstance(info.get("command"), str):
        parts.append(info["command"])
    try:
        started = datetime.fromisoformat(str(info.get("started"))).astimezone()
    except ValueError:
        started = None
    if started is not None:
        same_day = started.date() == datetime.now().astimezone().date()
        parts.append("started " + started.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M:%S"))
    return " (" + ", ".join(parts) + ")"
