"""SARIF 2.1.0 for code scanning: one run, the checked rules as tool.driver.rules.

Each finding is a result on its page: the page URL is the artifactLocation, the selector a
logicalLocation of kind "element". partialFingerprints hash rule + requested URL + selector,
so a finding keeps its identity across runs. Failed findings have a level from their impact;
findings that need review are kind "review" (level "none", as SARIF requires for that kind).
Each result says whose it is (properties.scope: article, template or page); the invocation
carries the run's settings record (properties.settings). With a baseline, findings it knows are results with baselineState "unchanged" (new ones "new");
findings an ignore left out are results with an accepted external suppression.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterator

from auditor.model import Finding, PageResult, RuleInfo, RunResult, target_text
from auditor.reports.output import json_with_list, write_chunks
from auditor.reports.registry import Writer

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/auditor-a11y/auditor"
FINGERPRINT = "auditorFinding/v1"  # rule + requested URL + selector
ELEMENT_FINGERPRINT = "auditorElement/v1"  # the finding's own fingerprint, stable across markup changes
LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}


def level(impact: str | None) -> str:
    return LEVELS.get(impact or "", "warning")


def pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-") if part)


def fingerprint(rule: str, url: str, target: tuple[str, ...]) -> str:
    key = json.dumps([rule, url, list(target)], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _text(value: str | None, fallback: str) -> str:
    return value.strip() if value and value.strip() else fallback


def _rule(info: RuleInfo) -> dict[str, Any]:
    tags = ["accessibility", info.engine] + [f"WCAG {sc}" for sc in info.wcag] + [f"ACT {a}" for a in info.act]
    tags += [t for t in info.tags if t not in tags]
    help_text = _text(info.help, info.title)
    rule: dict[str, Any] = {
        "id": info.id,
        "name": pascal(info.id),
        "shortDescription": {"text": _text(info.title, info.id)},
        "fullDescription": {"text": _text(info.description, _text(info.title, info.id))},
        "help": {"text": help_text + (f" See {info.help_url}" if info.help_url else "")},
        "properties": {"tags": tags, "engine": info.engine, "wcag": list(info.wcag), "act": list(info.act)},
    }
    if info.help_url:
        rule["helpUri"] = info.help_url
    if info.impact:
        rule["defaultConfiguration"] = {"level": level(info.impact)}
        rule["properties"]["impact"] = info.impact
    return rule


def _unknown_rule(f: Finding) -> RuleInfo:
    """A rule that found something but is not in the run's rule list (e.g. a skipped axe rule)."""
    return RuleInfo(id=f.rule, engine=f.engine, title=f.message or f.rule, wcag=f.wcag, act=f.act,
                    help_url=f.help_url)


def _result(page: PageResult, f: Finding, index: int, baseline_state: str | None = None,
            suppressed: bool = False) -> dict[str, Any]:
    selector = target_text(f.target, empty="html")
    text = f.message.strip() or f.rule
    if f.evidence:
        text = f"{text.rstrip('.')}. {f.evidence}"
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": page.url or page.requested_url}},
            "logicalLocations": [{"name": f.target[-1] if f.target else "html",
                                  "fullyQualifiedName": selector, "kind": "element"}],
        }],
        "partialFingerprints": {FINGERPRINT: fingerprint(f.rule, page.requested_url, f.target),
                                **({ELEMENT_FINGERPRINT: f.fingerprint} if f.fingerprint else {})},
        "properties": {"impact": f.impact, "engine": f.engine, "outcome": f.outcome, "scope": f.scope,
                       "wcag": list(f.wcag), "target": list(f.target), "html": f.html,
                       "pageTitle": page.title or ""},
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


def _results(results: RunResult, order: dict[str, int]) -> Iterator[dict[str, Any]]:
    compared = results.baseline is not None
    for page in results.pages:
        yield from (_result(page, f, order[f.rule], "new" if compared else None) for f in page.findings)
        yield from (_result(page, f, order[f.rule], "unchanged") for f in page.known)
        yield from (_result(page, f, order[f.rule], suppressed=True) for f in page.ignored)


def _frame(results: RunResult) -> tuple[dict[str, Any], dict[str, int]]:
    """The log without its results (one walk over the pages), and each rule's index in it."""
    infos: dict[str, RuleInfo] = {r.id: r for r in results.rules}
    notifications, rule_failures = [], []
    for page in results.pages:
        for f in page.findings + page.known + page.ignored:
            infos.setdefault(f.rule, _unknown_rule(f))
        if page.status != "audited":
            notifications.append({
                "level": "error",
                "message": {"text": f"{page.requested_url} was not audited: "
                                    f"{page.error.message if page.error else page.status}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": page.requested_url}}}],
                "properties": {"kind": page.error.kind if page.error else page.status},
            })
        rule_failures += [{
            "level": "error",
            "message": {"text": f"rule {e.rule} failed on {page.requested_url}: {e.message}"},
            "descriptor": {"id": e.rule},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": page.url}}}],
        } for e in page.rule_errors]
    tool = results.tool or {}
    invocation: dict[str, Any] = {
        "executionSuccessful": not results.interrupted,
        "toolExecutionNotifications": notifications + rule_failures,
        "properties": {"summary": results.summary(), "settings": results.settings, "partial": results.partial,
                       "warnings": list(results.warnings)},
    }
    if results.started_at:
        invocation["startTimeUtc"] = results.started_at
    frame = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool.get("name") or "auditor",
                "version": tool.get("version") or "0",
                "informationUri": INFORMATION_URI,
                "rules": [_rule(info) for info in infos.values()],
                "properties": {"axeVersion": tool.get("axe_version", ""), "browser": tool.get("browser", "")},
            }},
            "invocations": [invocation],
            "results": [],
            "columnKind": "unicodeCodePoints",
        }],
    }
    return frame, {rule_id: i for i, rule_id in enumerate(infos)}


def document(results: RunResult) -> dict[str, Any]:
    doc, order = _frame(results)
    doc["runs"][0]["results"] = list(_results(results, order))
    return doc


def chunks(results: RunResult) -> Iterator[str]:
    """The log's text with results rendered one at a time, in bounded memory for any run."""
    doc, order = _frame(results)
    yield from json_with_list(doc, ("runs", 0, "results"), _results(results, order))
    yield "\n"


def render(results: RunResult) -> str:
    return "".join(chunks(results))


def write(results: RunResult, dest: str | Path) -> None:
    write_chunks(dest, chunks(results))


WRITER = Writer("sarif", "results.sarif", "SARIF 2.1.0 for code scanning",
                write=lambda results, dest, context: write(results, dest))
