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
    settings: Any = None  # the run's Settings (auditor/config.py): writers read the options they own
    warn: Callable[[str], None] | None = None  # says something to the terminal, e.g. what a format left out

    def setting(self, name: str, default: Any = None) -> Any:
        value = getattr(self.settings, name, None)
        return default if value is None else value

    def report_link(self, path: str = "") -> str | None:
        """`path` inside the published report (report_url), or None when it is not published."""
        return report_link(self.setting("report_url"), path)

    def say(self, message: str) -> None:
        if self.warn is not None:
            self.warn(message)


def report_link(report_url: str | None, path: str = "") -> str | None:
    """`path` inside the report published at `report_url` (its folder, or its index.html)."""
    if not report_url:
        return None
    base = report_url
    if not base.endswith("/"):
        last = base.rsplit("/", 1)[1]
        base = base.rsplit("/", 1)[0] + "/" if "." in last and base.count("/") > 2 else base + "/"
    return base + path


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
