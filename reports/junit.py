"""JUnit XML for CI test reports (Jenkins, GitLab, GitHub test-report actions).

One <testsuite> per page, one <testcase> per rule checked on it, one <failure> per failed
finding (selector and message). A page that could not be audited is one <testcase> with
an <error>; a rule that crashed on a page is an <error> in that rule's testcase.
Findings that need review do not fail a test; they are listed in <system-out>.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

from auditor.model import Finding, PageResult, RunResult, target_text
from auditor.reports.output import write_chunks
from auditor.reports.registry import Writer

# Characters XML 1.0 cannot carry, even escaped (page HTML may hold any of them).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MESSAGE_MAX = 500


def xml_text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value if value is not None else ""))


def selector(f: Finding) -> str:
    return target_text(f.target)


def _failure_text(f: Finding) -> str:
    lines = [f"Rule: {f.rule} ({f.engine}), impact {f.impact}",
             f"Selector: {selector(f)}",
             f"Message: {f.message}"]
    if f.evidence:
        lines.append(f"Evidence: {f.evidence}")
    if f.wcag:
        lines.append("WCAG: " + ", ".join(f.wcag))
    if f.html:
        lines.append(f"HTML: {f.html}")
    if f.help_url:
        lines.append(f"Help: {f.help_url}")
    return "\n".join(lines)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _counts(element: ET.Element, **counts: int) -> None:
    for name, count in counts.items():
        element.set(name, str(count))


def _suite(root: ET.Element, page: PageResult, rule_ids: list[str], timestamp: str) -> tuple[int, int, int]:
    name = page.requested_url
    suite = _el(root, "testsuite", name=name, timestamp=timestamp, time=f"{page.duration_s:.3f}")
    props = _el(suite, "properties")
    _el(props, "property", name="url", value=page.url)
    if page.title:
        _el(props, "property", name="title", value=page.title)
    if page.status != "audited":
        case = _el(suite, "testcase", classname=name, name="page audited", time=f"{page.duration_s:.3f}")
        kind = page.error.kind if page.error else page.status
        message = page.error.message if page.error else "the page was not audited"
        _el(case, "error", f"{kind}: {message}", message=message[:MESSAGE_MAX], type=kind)
        _counts(suite, tests=1, failures=0, errors=1, skipped=0)
        return 1, 0, 1
    crashed = {e.rule: e.message for e in page.rule_errors}
    by_rule: dict[str, list[Finding]] = {}
    for f in page.findings:
        by_rule.setdefault(f.rule, []).append(f)
    ids = sorted(set(rule_ids) | set(by_rule) | set(crashed))
    failures = errors = 0
    for rule_id in ids:
        case = _el(suite, "testcase", classname=name, name=rule_id, time="0")
        found = by_rule.get(rule_id, [])
        failed = [f for f in found if f.outcome == "failed"]
        if rule_id in crashed:
            _el(case, "error", crashed[rule_id], message=crashed[rule_id][:MESSAGE_MAX], type="rule-error")
            errors += 1
        for f in failed:
            _el(case, "failure", _failure_text(f), message=f"{selector(f)}: {f.message}"[:MESSAGE_MAX],
                type=f.impact)
        failures += bool(failed)
        review = [f for f in found if f.outcome != "failed"]
        if review:
            _el(case, "system-out", "Needs review:\n" + "\n".join(f"{selector(f)}: {f.message}" for f in review))
    _counts(suite, tests=len(ids), failures=failures, errors=errors, skipped=0)
    return len(ids), failures, errors


def chunks(results: RunResult) -> Iterator[str]:
    """The XML a page's suite at a time, in bounded memory for any run.

    The root carries the totals, so a first walk counts them and a second writes the suites.
    """
    rule_ids = [r.id for r in results.rules]
    stamp = results.started_at.rstrip("Z")
    root = ET.Element("testsuites", {"name": "accessibility audit", "time": f"{results.duration_s:.3f}"})
    tests = failures = errors = 0
    for page in results.pages:
        t, f, e = _suite(ET.Element("scratch"), page, rule_ids, stamp)
        tests, failures, errors = tests + t, failures + f, errors + e
    _counts(root, tests=tests, failures=failures, errors=errors)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    empty = ET.tostring(root, encoding="unicode")  # <testsuites ... />
    if not len(results.pages):
        yield empty + "\n"
        return
    yield empty.removesuffix(" />") + ">"
    for page in results.pages:
        holder = ET.Element("scratch")
        _suite(holder, page, rule_ids, stamp)
        ET.indent(holder[0], level=1)
        yield "\n  " + ET.tostring(holder[0], encoding="unicode")
    yield "\n</testsuites>\n"


def render(results: RunResult) -> str:
    return "".join(chunks(results))


def write(results: RunResult, dest: str | Path) -> None:
    write_chunks(dest, chunks(results))


WRITER = Writer("junit", "junit.xml", "JUnit XML: one test suite per page, one test per rule",
                write=lambda results, dest, context: write(results, dest))
