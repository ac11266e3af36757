"""GitHub Actions workflow commands (::error / ::warning) for findings, so they show on the run."""
from __future__ import annotations

import os
import urllib.parse
import urllib.request
from pathlib import Path

from auditor.model import RunResult, target_text
from auditor.policy import fails
from auditor.wording import plural

MAX_ANNOTATIONS = 50  # GitHub shows only the first few per step; more is noise in the log


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _file_of(url: str) -> str | None:
    """A repository-relative path for local targets, so the annotation links to the file."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(urllib.request.url2pathname(parts.path))
    try:
        return path.resolve().relative_to(Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return None


def github_annotations(results: RunResult, fail_on: str) -> str:
    lines: list[str] = []
    rest = 0  # findings past the cap, counted but not kept: a big run may have many thousands
    for page in results.pages:
        if len(lines) >= MAX_ANNOTATIONS:
            rest += (page.status == "error") + sum(fails(f, fail_on) for f in page.findings)
            continue
        if page.error is not None:
            lines.append(f"::error title={_escape_property('page not audited')}::"
                         f"{_escape_data(f'{page.requested_url}: {page.error.kind}: {page.error.message}')}")
            continue
        for f in page.findings:
            if not fails(f, fail_on):
                continue
            file = _file_of(page.requested_url)
            where = f"file={_escape_property(file)}," if file else ""
            message = f"{page.requested_url} {target_text(f.target)}: {f.message}"
            lines.append(f"::error {where}title={_escape_property(f'{f.rule} ({f.impact})')}::{_escape_data(message)}")
    rest += max(0, len(lines) - MAX_ANNOTATIONS)
    del lines[MAX_ANNOTATIONS:]
    if rest:
        lines.append(f"::warning title=auditor::{plural(rest, 'more annotation')} not shown; see the report artifact")
    return "".join(line + "\n" for line in lines)
