"""The results contract (../shared/CONTRACT.md) as a JSON file."""
from __future__ import annotations

import json
from pathlib import Path

from auditor.model import RunResult
from auditor.reports.output import write_text


def render(results: RunResult) -> str:
    return json.dumps(results.to_dict(), indent=2, ensure_ascii=False) + "\n"


def write(results: RunResult, dest: str | Path) -> None:
    write_text(dest, render(results))
