"""EARL in JSON-LD: the vocabulary ACT implementation reports use (https://www.w3.org/TR/EARL10-Schema/).

One earl:Assertion per page per rule that ran there, with the rule's outcome on that page
(earl:passed, failed, cantTell or inapplicable: pages[].rules). The test is the W3C ACT rule
where the rule claims one (one assertion per claimed id), else the rule's own documentation.
The subject is the page (its source the requested URL); each reported element is an
earl:pointer with its CSS selector. The context is inline, so the file expands without a
network. A page that could not be audited is a subject without assertions, saying why.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Iterator

from auditor.model import Finding, PageResult, RuleInfo, RuleOutcome, RunResult, target_text
from auditor.reports.output import json_with_list, write_chunks
from auditor.reports.registry import Writer
from auditor.wcag import act_url

CONTEXT: dict[str, Any] = {
    "@vocab": "http://www.w3.org/ns/earl#",
    "earl": "http://www.w3.org/ns/earl#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "ptr": "http://www.w3.org/2009/pointers#",
    "sch": "https://schema.org/",
    "WebPage": "sch:WebPage",
    "CSSSelectorPointer": "ptr:CSSSelectorPointer",
    "assertedBy": {"@type": "@id"},
    "outcome": {"@type": "@id"},
    "mode": {"@type": "@id"},
    "source": {"@id": "dct:source", "@type": "@id"},
    "title": "dct:title",
    "description": "dct:description",
    "date": "dct:date",
    "isPartOf": {"@id": "dct:isPartOf", "@type": "@id"},
    "expression": "ptr:expression",
    "name": "foaf:name",
    "homepage": {"@id": "foaf:homepage", "@type": "@id"},
    "assertions": {"@reverse": "earl:subject"},
}
ASSERTOR = "_:auditor"


def _pointers(findings: list[Finding]) -> list[dict[str, Any]]:
    seen = dict.fromkeys(target_text(f.target) for f in findings)
    return [{"@type": "CSSSelectorPointer", "expression": selector} for selector in seen]


def _found(page: PageResult, rule: str) -> list[Finding]:
    """The page's findings of this rule, those folded into another rule's finding included."""
    out = []
    for f in (*page.findings, *page.known, *page.ignored):
        out += [f] if f.rule == rule else []
        out += [a for a in f.also if a.rule == rule]
    return out


def _tests(outcome: RuleOutcome, info: RuleInfo | None) -> list[dict[str, Any]]:
    title = info.title if info else outcome.rule
    if info and info.act:
        return [{"@id": act_url(a), "@type": "TestCase", "title": title, "description": f"rule {info.id}"}
                for a in info.act]
    test: dict[str, Any] = {"@type": "TestCase", "title": title, "description": f"rule {outcome.rule}"}
    if info and info.help_url:
        test["@id"] = info.help_url
    return [test]


def _assertions(page: PageResult, infos: dict[str, RuleInfo], date: str) -> Iterator[dict[str, Any]]:
    for outcome in page.rules:
        found = _found(page, outcome.rule)
        result: dict[str, Any] = {"@type": "TestResult", "outcome": f"earl:{outcome.outcome}", "date": date}
        if found:
            result["pointer"] = _pointers(found)
            result["description"] = found[0].message
        for test in _tests(outcome, infos.get(outcome.rule)):
            yield {"@type": "Assertion", "assertedBy": ASSERTOR, "mode": "earl:automatic", "test": test,
                   "result": result}


def _subjects(results: RunResult, infos: dict[str, RuleInfo]) -> Iterator[dict[str, Any]]:
    for page in results.pages:
        subject: dict[str, Any] = {"@type": ["TestSubject", "WebPage"], "source": page.requested_url}
        if page.title:
            subject["title"] = page.title
        if page.status != "audited":
            subject["description"] = f"not audited: {page.error.message if page.error else page.status}"
        subject["assertions"] = list(_assertions(page, infos, results.started_at))
        yield subject


def chunks(results: RunResult) -> Iterator[str]:
    infos = {r.id: r for r in results.rules}
    tool = results.tool
    assertor = {"@id": ASSERTOR, "@type": ["Assertor", "Software"], "name": tool.get("name", "auditor"),
                "description": f"{tool.get('name', 'auditor')} {tool.get('version', '')}".strip()}
    doc: dict[str, Any] = {"@context": CONTEXT, "@graph": []}
    yield from json_with_list(doc, ("@graph",), itertools.chain([assertor], _subjects(results, infos)))


def write(results: RunResult, dest: str | Path) -> None:
    write_chunks(dest, chunks(results))


WRITER = Writer("earl", "results.earl.jsonld", "EARL (JSON-LD): one assertion per page per rule, for ACT reports",
                lambda results, dest, context: write(results, dest))
