"""Scratch folders of the service's audits, and cleaning up after a service that was killed.

Each audit writes its report into /tmp/auditor-service-*/ and removes the folder when
done; a service killed mid-audit cannot. Each folder holds a file naming its owner (pid
and the process's start time, so a reused pid is not taken for the owner), and at start
the service removes the folders whose owner is provably gone. A folder without that file,
or of another user, is left alone.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "auditor-service-"
OWNER = "owner"


def process_start(pid: int) -> str | None:
    """When process pid started (clock ticks since boot, from /proc), "" when unknown; None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command name
    except FileNotFoundError:
        return None
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        pass  # it exists, owned by someone else
    return ""


def make_scratch() -> Path:
    """A new scratch folder, marked as this process's."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    (folder / OWNER).write_text(f"{os.getpid()} {process_start(os.getpid()) or ''}\n")
    return folder


def is_stale(folder: Path) -> bool:
    try:
        if folder.stat().st_uid != os.getuid():
            return False
        pid, _, started = (folder / OWNER).read_text().strip().partition(" ")
        now = process_start(int(pid))
    except (OSError, ValueError):
        return False  # no owner file (yet, or an older version's folder): not provably stale
    return now is None or bool(started and now and now != started)


def clean_stale(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders under root (the temp folder) whose owner has gone; returns them."""
    removed = []
    for folder in sorted(Path(root or tempfile.gettempdir()).glob(PREFIX + "*")):
        if folder.is_dir() and not folder.is_symlink() and is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
