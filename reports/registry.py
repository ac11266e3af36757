"""The report formats: every module of this package that defines a `Writer` at module level.

A format is one module: its writer's name is the `--report NAME=PATH` format, the `--NAME FILE`
flag, the `NAME` configuration key and the `AUDITOR_NAME` variable (auditor/options.py makes
them from this registry); `write` turns a run's results into the file. A writer that can also
write `auditor diff`'s result has `write_diff`.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Callable

from auditor.errors import ReportError
from auditor.model import RunResult

# Helpers of the writers, not formats: not imported to look for writers.
_NOT_FORMATS = {"registry", "html", "images", "output", "wcag"}


@dataclass(frozen=True)
class WriteContext:
    report_path: str | None = None  # the HTML report's index, for formats that link to it


Dest = str | Path  # a file, or "-" for standard output


@dataclass(frozen=True)
class Writer:
    name: str
    default_file: str  # the file's name in the report folder when `--report NAME` gives no path
    help: str
    write: Callable[[RunResult, Dest, WriteContext], None]
    write_diff: Callable[[Any, Dest, WriteContext], None] | None = None  # auditor.diff.Diff


@cache
def writers() -> dict[str, Writer]:
    """Every format by name, in name order."""
    package = importlib.import_module("auditor.reports")
    found: dict[str, Writer] = {}
    for mod in pkgutil.iter_modules(package.__path__):
        if mod.name in _NOT_FORMATS or mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"auditor.reports.{mod.name}")
        for value in vars(module).values():
            if isinstance(value, Writer):
                if value.name in found:
                    raise RuntimeError(f"two report writers are named {value.name!r}")
                found[value.name] = value
    return dict(sorted(found.items()))


def writer(name: str, *, for_diff: bool = False) -> Writer:
    known = {n: w for n, w in writers().items() if not for_diff or w.write_diff is not None}
    if name not in known:
        raise ReportError(f"unknown report format {name!r} (known: {', '.join(known)})")
    return known[name]
