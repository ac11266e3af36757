"""GitHub Actions workflow commands (::error / ::warning) for findings, so they show on the run."""
from __future__ import annotations

import os
import urllib.parse
import urllib.request
from collections import Counter
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


def github_annotations(results: RunResult, fail_on: str, scope: str = "all") -> str:
    """One ::error per failing finding the gate judges; a template problem once per site, with how
    many pages have it (the web team fixes it once), the article's on their page."""
    template_pages: Counter[tuple[str | None, str | None]] = Counter()
    for page in results.pages:
        template_pages.update({(page.site, f.fingerprint) for f in page.findings
                               if f.scope == "template" and fails(f, fail_on, scope)})
    lines: list[str] = []
    said: set[tuple[str | None, str | None]] = set()
    rest = 0  # findings past the cap, counted but not kept: a big run may have many thousands
    for page in results.pages:
        if len(lines) >= MAX_ANNOTATIONS:
            rest += (page.status == "error") + sum(fails(f, fail_on, scope) and f.scope != "template"
                                                   for f in page.findings)
            continue
        if page.error is not None:
            lines.append(f"::error title={_escape_property('page not audited')}::"
                         f"{_escape_data(f'{page.requested_url}: {page.error.kind}: {page.error.message}')}")
            continue
        for f in page.findings:
            if not fails(f, fail_on, scope):
                continue
            where_seen = ""
            if f.scope == "template":
                key = (page.site, f.fingerprint)
                if key in said:
                    continue
                said.add(key)
                where_seen = f" (site template: on {plural(template_pages[key], 'page')})"
            file = _file_of(page.requested_url)
            where = f"file={_escape_property(file)}," if file else ""
            message = f"{page.requested_url} {target_text(f.target)}: {f.message}{where_seen}"
            title = f"{f.rule} ({f.impact}, {f.scope})" if f.scope else f"{f.rule} ({f.impact})"
            lines.append(f"::error {where}title={_escape_property(title)}::{_escape_data(message)}")
    rest += max(0, len(lines) - MAX_ANNOTATIONS) + max(0, len(template_pages) - len(said))
    del lines[MAX_ANNOTATIONS:]
    if rest:
        lines.append(f"::warning title=auditor::{plural(rest, 'more annotation')} not shown; see the report artifact")
    return "".join(line + "\n" for line in lines)
