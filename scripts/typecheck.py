"""Type-check the installed layout: rules/ and reports/ install as auditor.rules and
auditor.reports (setuptools package-dir), which mypy cannot follow through the editable
install's import hook. This links the three folders into one `auditor` package in a scratch
folder and runs mypy there (settings: [tool.mypy] in pyproject.toml).

    python scripts/typecheck.py [PACKAGE ...]      # default: auditor.facts auditor.rules
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ("auditor.facts", "auditor.rules")


def main(packages: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="auditor-mypy-") as tmp:
        tree = Path(tmp) / "auditor"
        tree.mkdir()
        for entry in (ROOT / "auditor").iterdir():
            if entry.name != "__pycache__":
                (tree / entry.name).symlink_to(entry)
        (tree / "rules").symlink_to(ROOT / "rules")
        (tree / "reports").symlink_to(ROOT / "reports")
        args = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")]
        for package in packages or DEFAULT:
            args += ["-p", package]
        done = subprocess.run(args, cwd=tmp, env={"MYPYPATH": tmp, "PATH": "", "HOME": tmp}, capture_output=True, text=True)
        # Report paths as the files in this checkout, not the scratch links.
        report = re.sub(r"(?m)^auditor/(rules|reports)/", r"\1/", (done.stdout + done.stderr).replace(f"{tmp}/", ""))
        sys.stdout.write(report)
        shutil.rmtree(Path(tmp) / ".mypy_cache", ignore_errors=True)
        return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
