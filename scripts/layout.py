"""The installed package layout in a scratch folder, for tools that read source trees.

rules/ and reports/ install as auditor.rules and auditor.reports (setuptools package-dir), which
mypy and import-linter cannot follow through the editable install's import hook. `installed()`
links (or, with `copy`, copies: import-linter's walker does not follow links) the three folders
into one `auditor` package in a scratch folder and yields that folder.
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def installed(copy: bool = False) -> Iterator[Path]:
    def place(source: Path, dest: Path) -> None:
        if not copy:
            dest.symlink_to(source)
        elif source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, dest)

    with tempfile.TemporaryDirectory(prefix="auditor-layout-") as tmp:
        tree = Path(tmp) / "auditor"
        tree.mkdir()
        for entry in (ROOT / "auditor").iterdir():
            if entry.name != "__pycache__":
                place(entry, tree / entry.name)
        place(ROOT / "rules", tree / "rules")
        place(ROOT / "reports", tree / "reports")
        yield Path(tmp)
