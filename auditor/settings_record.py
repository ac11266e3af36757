"""How a run was made: the `settings` record of the results (and of baselines), built in one place.

Each entry of FIELDS is one line: its key, how to get it from the Settings and the run's facts,
and whether a difference in it changes what is found (then comparing runs, or a run with a
baseline, made with different values warns). Adding a field is adding a line.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from auditor.model import ENGINE_LABELS


@dataclass(frozen=True)
class RunFacts:
    """What the settings alone do not say: the tools' versions, the page's viewport and user agent,
    the files the run read."""
    axe_version: str = ""
    browser: str = ""
    viewport: dict[str, Any] = field(default_factory=dict)  # {"width", "height"}
    user_agent: str = ""  # "" when the browser's own
    config_file: str | None = None
    pages_from: str = "browser"  # or "artifacts DIR" (judged again) or "shards" (merged)


@dataclass(frozen=True)
class Field:
    key: str
    value: Callable[[Any, RunFacts], Any]  # (Settings, RunFacts) -> plain JSON data
    changes_findings: bool = False  # runs that differ in it find different things


def file_digest(path: str | Path | None) -> str | None:
    if not path:
        return None
    try:
        return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _file(path: str | Path | None) -> dict[str, Any] | None:
    return {"path": str(path), "sha256": file_digest(path)} if path else None


FIELDS: tuple[Field, ...] = (
    Field("standard", lambda s, f: s.standard, True),
    Field("tags", lambda s, f: list(s.tags), True),
    Field("best_practices", lambda s, f: s.best_practices, True),
    Field("viewport", lambda s, f: dict(f.viewport), True),
    Field("mobile", lambda s, f: s.mobile, True),
    Field("user_agent", lambda s, f: f.user_agent or None, True),
    Field("wait_for", lambda s, f: s.wait_for, True),
    Field("timeout_s", lambda s, f: s.timeout),
    Field("block", lambda s, f: list(s.block), True),
    Field("block_third_party", lambda s, f: s.block_third_party, True),
    Field("article_selector", lambda s, f: s.article_selector, True),
    Field("rules", lambda s, f: dict(sorted(s.rules.items())), True),
    Field("ignores", lambda s, f: [ig.describe() + (f" ({ig.reason})" if ig.reason else "") for ig in s.ignore]),
    Field("config_file", lambda s, f: _file(f.config_file)),
    Field("baseline", lambda s, f: _file(s.baseline)),
    Field("site_name", lambda s, f: s.site_name),
    Field("sites", lambda s, f: dict(s.sites)),
    Field("fail_on", lambda s, f: s.fail_on),
    Field("scope", lambda s, f: s.scope),
    Field("axe_version", lambda s, f: f.axe_version, True),
    Field("browser", lambda s, f: f.browser),
    Field("pages_from", lambda s, f: f.pages_from),
)
CHANGES_FINDINGS = tuple(f.key for f in FIELDS if f.changes_findings)
# What the report's "How this was audited" calls each field.
LABELS = {
    "standard": "Standard", "tags": "axe-core tags", "best_practices": "Best practices",
    "viewport": "Viewport", "mobile": "Phone emulation", "user_agent": "User agent", "wait_for": "Waited for",
    "timeout_s": "Time limit per page (s)", "block": "Blocked requests", "block_third_party": "Third parties blocked",
    "article_selector": "Article selector", "rules": "Article-rule settings", "ignores": "Ignores",
    "config_file": "Configuration file", "baseline": "Baseline", "site_name": "Site name", "sites": "Sites by host",
    "fail_on": "Fails on", "scope": "Gate judges", "axe_version": ENGINE_LABELS["axe"], "browser": "Browser",
    "pages_from": "Pages from",
}


def settings_record(settings: Any, facts: RunFacts) -> dict[str, Any]:
    return {f.key: f.value(settings, facts) for f in FIELDS}


def _differences(a: dict[str, Any], b: dict[str, Any]) -> Iterator[str]:
    for key in CHANGES_FINDINGS:
        if key in a and key in b and a[key] != b[key]:
            yield key


def settings_differ(before: dict[str, Any] | None, now: dict[str, Any] | None, what: str) -> list[str]:
    """One warning line when two runs' settings differ in what changes findings, else none.
    Runs that do not record their settings (older versions) are not compared."""
    if not before or not now:
        return []
    keys = list(_differences(before, now))
    if not keys:
        return []
    shown = ", ".join(f"{k} {_short(before[k])} vs {_short(now[k])}" for k in keys[:4])
    more = f" and {len(keys) - 4} more" if len(keys) > 4 else ""
    return [f"{what} was made with other settings ({shown}{more}): findings may differ for that reason alone"]


def _short(value: Any) -> str:
    text = str(value) if not isinstance(value, (list, dict)) or value else "none"
    return text if len(text) <= 40 else text[:39] + "…"
