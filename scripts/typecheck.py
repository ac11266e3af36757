"""Type-check the project in its installed layout (scripts/layout.py; settings: [tool.mypy] in
pyproject.toml).

    python scripts/typecheck.py [PACKAGE ...]      # default: auditor (with auditor.rules, auditor.reports)
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layout import ROOT, installed  # noqa: E402 - the scripts folder is not a package

DEFAULT = ("auditor",)


def main(packages: list[str]) -> int:
    with installed() as tmp:
        args = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")]
        for package in packages or DEFAULT:
            args += ["-p", package]
        done = subprocess.run(args, cwd=tmp, env={"MYPYPATH": str(tmp), "PATH": "", "HOME": str(tmp)},
                              capture_output=True, text=True)
        # Report paths as the files in this checkout, not the scratch links.
        report = re.sub(r"(?m)^auditor/(rules|reports)/", r"\1/", (done.stdout + done.stderr).replace(f"{tmp}/", ""))
        sys.stdout.write(report)
        shutil.rmtree(tmp / ".mypy_cache", ignore_errors=True)
        return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
