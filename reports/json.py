"""The results contract (../shared/CONTRACT.md) as a JSON file."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from auditor.model import RunResult
from auditor.reports.output import json_with_list, write_chunks, write_text
from auditor.reports.registry import WriteContext, Writer


def chunks(results: RunResult) -> Iterator[str]:
    """The file's text a page at a time: pages read back from disk are never all in memory."""
    pages = (p.to_dict() for p in results.pages)
    yield from json_with_list(results.to_dict(pages=False), ("pages",), pages)
    yield "\n"


def render(results: RunResult) -> str:
    return "".join(chunks(results))


def write(results: RunResult, dest: str | Path) -> None:
    write_chunks(dest, chunks(results))


def write_diff(diff, dest: str | Path, context: WriteContext) -> None:
    write_text(dest, json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n")


WRITER = Writer("json", "results.json", "the results JSON, the contract other programs read ('-' for standard output)",
                write=lambda results, dest, context: write(results, dest), write_diff=write_diff)
