"""Is a path really inside a folder? Audited folders, results folders and report folders
may hold symbolic links planted to lead elsewhere, so the answer resolves every link first."""
from __future__ import annotations

import os
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
