"""SARIF 2.1.0 for code scanning (GitHub's limits kept): one run, the checked rules as tool.driver.rules.

Each finding is a result. Its location is a file of the repository, as GitHub requires (an
https: location makes the whole upload fail): the file `sarif_source` maps the page's URL to,
else a local page's own path, both relative to `%SRCROOT%` (the repository, `sarif_root`);
else, for a page with no file in the repository, the URL's host and path as a relative path
(`news.example.org/politics/story`), which GitHub accepts and shows as a path. The page URL is
in the message and the properties; the selector is a logicalLocation of kind "element".

GitHub takes at most 25,000 results per run (and shows the top 5,000 by severity) and shows 10
tags per rule: a bigger run keeps the most serious results (failures before reviews before
ignored ones, by impact, new before known), and the run's properties and the terminal say what
was left out. partialFingerprints hash rule + requested URL + selector, so a finding keeps its
identity across runs. Failed findings have a level from their impact; findings that need review
are kind "review" (level "none", as SARIF requires for that kind). With a baseline, findings it
knows are results with baselineState "unchanged" (new ones "new"); findings an ignore left out
are results with an accepted external suppression.
Each result says whose it is (properties.scope: article, template or page); the invocation
carries the run's settings record (properties.settings).
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from auditor.model import IMPACTS, Finding, PageResult, RuleInfo, RunResult, impact_rank, target_text
from auditor.reports.output import json_with_list, write_chunks
from auditor.reports.registry import WriteContext, Writer
from auditor.wording import plural

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/auditor-a11y/auditor"
FINGERPRINT = "auditorFinding/v1"  # rule + requested URL + selector
ELEMENT_FINGERPRINT = "auditorElement/v1"  # the finding's own fingerprint, stable across markup changes
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}
MAX_RESULTS = 25_000  # GitHub code scanning: results per run
MAX_TAGS = 10  # GitHub shows 10 tags per rule (and accepts 20)
SRCROOT = "%SRCROOT%"
_URI_SAFE = "/-._~"  # everything else percent-encoded: a ':' in a first segment is no relative reference


def level(impact: str | None) -> str:
    return LEVELS.get(impact or "", "warning")


def pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-") if part)


def fingerprint(rule: str, url: str, target: tuple[str, ...]) -> str:
    key = json.dumps([rule, url, list(target)], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _text(value: str | None, fallback: str) -> str:
    return value.strip() if value and value.strip() else fallback


def rule_tags(info: RuleInfo) -> list[str]:
    """At most MAX_TAGS, the most useful first: what it is about, the criteria, the conformance level."""
    levels = [t for t in info.tags if t.startswith("wcag") and t.endswith(("a", "aa", "aaa")) or t == "best-practice"]
    cats = [t.removeprefix("cat.") for t in info.tags if t.startswith("cat.")]
    tags = ["accessibility", *(f"WCAG {sc}" for sc in info.wcag), *levels, info.engine, *cats,
            *(f"ACT {a}" for a in info.act), *info.tags]
    return list(dict.fromkeys(tags))[:MAX_TAGS]


def _rule(info: RuleInfo, context: WriteContext) -> dict[str, Any]:
    help_text = _text(info.help, info.title)
    description = _text(info.description, _text(info.title, info.id))
    # An article rule's documentation is the report's rules.html: a link only where the report is published.
    help_uri = context.report_link(f"rules.html#{info.id}") if info.engine == "article" else info.help_url
    rule: dict[str, Any] = {
        "id": info.id,
        "name": pascal(info.id),
        "shortDescription": {"text": _text(info.title, info.id)},
        "fullDescription": {"text": description},
        "help": {"text": help_text + (f" See {help_uri}" if help_uri else ""),
                 "markdown": f"**{_text(info.title, info.id)}**\n\n{description}\n\n**How to fix.** {help_text}"
                             + (f"\n\n[Rule documentation]({help_uri})" if help_uri else "")},
        "properties": {"tags": rule_tags(info), "engine": info.engine, "wcag": list(info.wcag), "act": list(info.act)},
    }
    if help_uri:
        rule["helpUri"] = help_uri
    if info.impact:
        rule["defaultConfiguration"] = {"level": level(info.impact)}
        rule["properties"]["impact"] = info.impact
    return rule


def _unknown_rule(f: Finding) -> RuleInfo:
    """A rule that found something but is not in the run's rule list (e.g. a skipped axe rule)."""
    return RuleInfo(id=f.rule, engine=f.engine, title=f.message or f.rule, wcag=f.wcag, act=f.act,
                    help_url=f.help_url)


# ---- where a page is in the repository --------------------------------------------------------

def repository_root(configured: str | None) -> Path:
    """`sarif_root`, else the git checkout holding the working folder, else the working folder."""
    if configured:
        return Path(configured).resolve()
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents) if (folder / ".git").exists()), here)


def _relative_uri(path: str) -> str:
    return urllib.parse.quote(path.lstrip("/"), safe=_URI_SAFE)


def url_as_path(url: str) -> str:
    """A page with no repository file: its host and path, as a relative path (query and scheme left out)."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "") + (f"_{parts.port}" if parts.port else "")
    path = urllib.parse.unquote(parts.path).rstrip("/")
    return _relative_uri(f"{host}{path}" if host else path) or "page"


@dataclass
class Locator:
    root: Path
    sources: tuple[tuple[str, str], ...] = ()
    _cache: dict[str, dict[str, str]] = field(default_factory=dict)

    def __call__(self, page: PageResult) -> dict[str, str]:
        """The artifactLocation of a page's results (the same for every result of the page)."""
        key = page.requested_url
        if key not in self._cache:
            self._cache.clear()  # pages come one at a time; only the current one is worth keeping
            self._cache[key] = self._locate(page)
        return self._cache[key]

    def _locate(self, page: PageResult) -> dict[str, str]:
        urls = [u for u in (page.url, page.requested_url) if u]
        for glob, path in self.sources:
            if any(fnmatch.fnmatchcase(u, glob) for u in urls):
                return {"uri": _relative_uri(path), "uriBaseId": SRCROOT}
        for url in urls:
            if url.startswith("file:"):
                local = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
                try:
                    return {"uri": _relative_uri(local.resolve().relative_to(self.root).as_posix()),
                            "uriBaseId": SRCROOT}
                except (ValueError, OSError):
                    return {"uri": _relative_uri(local.as_posix())}  # outside the repository
        return {"uri": url_as_path(urls[0] if urls else "")}


# ---- results, and which of them fit ----------------------------------------------------------

GROUPS = ("failed", "cantTell", "suppressed")


def bucket(f: Finding, known: bool = False, suppressed: bool = False) -> int:
    """How serious a result is, 0 first: failures, then reviews, then ignored ones; by impact; new before known."""
    group = 2 if suppressed else (0 if f.outcome == "failed" else 1)
    return (group * len(IMPACTS) + min(impact_rank(f.impact), len(IMPACTS) - 1)) * 2 + known


def _entries(page: PageResult) -> Iterator[tuple[Finding, str | None, bool]]:
    """(finding, baseline state, suppressed) for every result of a page, in the order they are written."""
    yield from ((f, "new", False) for f in page.findings)
    yield from ((f, "unchanged", False) for f in page.known)
    yield from ((f, None, True) for f in page.ignored)


def _bucket_of(entry: tuple[Finding, str | None, bool]) -> int:
    f, state, suppressed = entry
    return bucket(f, known=state == "unchanged", suppressed=suppressed)


@dataclass
class Cap:
    """Which results fit in MAX_RESULTS: every one of the more serious buckets, the first of the cut one."""
    limit: int
    counts: dict[int, int] = field(default_factory=dict)
    quota: dict[int, int] = field(default_factory=dict)

    def count(self, b: int) -> None:
        self.counts[b] = self.counts.get(b, 0) + 1

    def settle(self) -> None:
        room = self.limit
        for b in sorted(self.counts):
            self.quota[b] = min(self.counts[b], room)
            room -= self.quota[b]

    def take(self, b: int) -> bool:
        if self.quota.get(b, 0) <= 0:
            return False
        self.quota[b] -= 1
        return True

    def left_out(self) -> dict[str, Any]:
        total = sum(self.counts.values())
        kept = min(total, self.limit)
        out: dict[str, Any] = {"total": total - kept, "failed": {}, "cantTell": {}, "suppressed": 0,
                               "baselineUnchanged": 0}
        room = self.limit
        for b in sorted(self.counts):
            dropped = self.counts[b] - min(self.counts[b], room)
            room = max(0, room - self.counts[b])
            if not dropped:
                continue
            group, impact = GROUPS[b // 2 // len(IMPACTS)], IMPACTS[b // 2 % len(IMPACTS)]
            if group == "suppressed":
                out["suppressed"] += dropped
            else:
                out[group][impact] = out[group].get(impact, 0) + dropped
            out["baselineUnchanged"] += dropped if b % 2 else 0
        return out


def _result(page: PageResult, f: Finding, index: int, where: dict[str, str], baseline_state: str | None = None,
            suppressed: bool = False) -> dict[str, Any]:
    selector = target_text(f.target, empty="html")
    text = f.message.strip() or f.rule
    if f.evidence:
        text = f"{text.rstrip('.')}. {f.evidence}"
    url = page.url or page.requested_url
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "message": {"text": f"{text.rstrip('.')}. Page: {url} (element {selector})"},
        "locations": [{
            "physicalLocation": {"artifactLocation": dict(where)},
            "logicalLocations": [{"name": f.target[-1] if f.target else "html",
                                  "fullyQualifiedName": selector, "kind": "element"}],
        }],
        "partialFingerprints": {FINGERPRINT: fingerprint(f.rule, page.requested_url, f.target),
                                **({ELEMENT_FINGERPRINT: f.fingerprint} if f.fingerprint else {})},
        "properties": {"impact": f.impact, "engine": f.engine, "outcome": f.outcome, "scope": f.scope,
                       "wcag": list(f.wcag), "target": list(f.target), "html": f.html,
                       "pageUrl": url, "pageTitle": page.title or ""},
    }
    if f.outcome == "failed":
        result["kind"], result["level"] = "fail", level(f.impact)
    else:
        result["kind"], result["level"] = "review", "none"
    if baseline_state:
        result["baselineState"] = baseline_state
    if suppressed:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f.note or "ignored by the auditor configuration"}]
    return result


def _results(results: RunResult, order: dict[str, int], cap: Cap, locate: Locator) -> Iterator[dict[str, Any]]:
    compared = results.baseline is not None
    for page in results.pages:
        for entry in _entries(page):
            if cap.take(_bucket_of(entry)):
                f, state, suppressed = entry
                yield _result(page, f, order[f.rule], locate(page), state if compared else None, suppressed)


def _frame(results: RunResult, context: WriteContext,
           limit: int) -> tuple[dict[str, Any], dict[str, int], Cap, Locator]:
    """The log without its results (one walk over the pages), each rule's index in it, the cap and
    where each page is in the repository."""
    infos: dict[str, RuleInfo] = {r.id: r for r in results.rules}
    locate = Locator(repository_root(context.setting("sarif_root")), tuple(context.setting("sarif_source", ())))
    cap = Cap(limit)
    notifications, rule_failures = [], []
    for page in results.pages:
        for entry in _entries(page):
            infos.setdefault(entry[0].rule, _unknown_rule(entry[0]))
            cap.count(_bucket_of(entry))
        if page.status != "audited":
            notifications.append({
                "level": "error",
                "message": {"text": f"{page.requested_url} was not audited: "
                                    f"{page.error.message if page.error else page.status}"},
                "locations": [{"physicalLocation": {"artifactLocation": locate(page)}}],
                "properties": {"kind": page.error.kind if page.error else page.status, "pageUrl": page.requested_url},
            })
        rule_failures += [{
            "level": "error",
            "message": {"text": f"rule {e.rule} failed on {page.requested_url}: {e.message}"},
            "descriptor": {"id": e.rule},
            "locations": [{"physicalLocation": {"artifactLocation": locate(page)}}],
        } for e in page.rule_errors]
    cap.settle()
    tool = results.tool or {}
    invocation: dict[str, Any] = {
        "executionSuccessful": not results.interrupted,
        "toolExecutionNotifications": notifications + rule_failures,
        "properties": {"summary": results.summary(), "settings": results.settings, "partial": results.partial,
                       "warnings": list(results.warnings)},
    }
    if results.started_at:
        invocation["startTimeUtc"] = results.started_at
    run_properties: dict[str, Any] = {"resultLimit": limit, "omittedResults": cap.left_out()}
    frame = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool.get("name") or "auditor",
                "version": tool.get("version") or "0",
                "informationUri": INFORMATION_URI,
                "rules": [_rule(info, context) for info in infos.values()],
                "properties": {"axeVersion": tool.get("axe_version", ""), "browser": tool.get("browser", "")},
            }},
            "invocations": [invocation],
            "originalUriBaseIds": {SRCROOT: {"uri": locate.root.as_uri().rstrip("/") + "/",
                                             "description": {"text": "the repository the pages' files are in"}}},
            "results": [],
            "columnKind": "unicodeCodePoints",
            "properties": run_properties,
        }],
    }
    return frame, {rule_id: i for i, rule_id in enumerate(infos)}, cap, locate


def document(results: RunResult, context: WriteContext | None = None, limit: int | None = None) -> dict[str, Any]:
    context, limit = context or WriteContext(), limit or MAX_RESULTS
    doc, order, cap, locate = _frame(results, context, limit)
    doc["runs"][0]["results"] = list(_results(results, order, cap, locate))
    return doc


def left_out_note(omitted: dict[str, Any], limit: int) -> str | None:
    """What the terminal says when the cap left results out."""
    if not omitted["total"]:
        return None
    parts = [f"{plural(sum(omitted[g].values()), label)} ({', '.join(f'{n:,} {i}' for i, n in omitted[g].items())})"
             for g, label in (("failed", "failure"), ("cantTell", "finding to review")) if omitted[g]]
    if omitted["suppressed"]:
        parts.append(plural(omitted["suppressed"], "ignored finding"))
    return (f"SARIF: {plural(omitted['total'], 'result')} left out, as GitHub code scanning takes {limit:,} per run: "
            f"{'; '.join(parts)}. The most serious are kept; the log's runs[0].properties.omittedResults counts "
            "the rest, and results.json has every one")


def chunks(results: RunResult, context: WriteContext | None = None, limit: int | None = None) -> Iterator[str]:
    """The log's text with results rendered one at a time, in bounded memory for any run."""
    context, limit = context or WriteContext(), limit or MAX_RESULTS
    doc, order, cap, locate = _frame(results, context, limit)
    note = left_out_note(doc["runs"][0]["properties"]["omittedResults"], limit)
    if note:
        context.say(note)
    yield from json_with_list(doc, ("runs", 0, "results"), _results(results, order, cap, locate), one_line_items=True)
    yield "\n"


def render(results: RunResult, context: WriteContext | None = None) -> str:
    return "".join(chunks(results, context))


def write(results: RunResult, dest: str | Path, context: WriteContext | None = None) -> None:
    write_chunks(dest, chunks(results, context))


WRITER = Writer("sarif", "results.sarif", "SARIF 2.1.0 for code scanning",
                write=lambda results, dest, context: write(results, dest, context))
