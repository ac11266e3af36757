"""JUnit XML for CI test reports (Jenkins, GitLab, Azure DevOps, GitHub test-report actions).

One <testsuite> per page, one <testcase> per rule checked on it, and at most one result in each
testcase: a <failure> whose text lists every failed element of that rule on that page, most
serious first (bounded; results.json has every one). A page that could not be audited is one
testcase with an <error>; a rule that crashed on a page is an <error> in its testcase. The page's
site-template findings are a suite of their own ("URL (site template)", property
scope=template, its own classname) with a testcase per rule that found one, so an editorial
pipeline can read the article's suite alone.
Findings that need review do not fail a test; they are listed in <system-out>.

Why one testcase per page and rule, not one per element (docs/ci.md): Jenkins' JUnit plugin and
Azure DevOps show only the first <failure> of a testcase, junitparser and the JUnit schema accept
only one; GitLab keys testcases by classname and name and drops duplicates, and caps how many it
parses. A testcase per rule keeps the number of tests stable from run to run (the checks made),
so pass rates and "new failures" in those tools mean something, and the text shows every element.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

from auditor.model import Finding, PageResult, RunResult, impact_rank, target_text
from auditor.reports.output import write_chunks
from auditor.reports.registry import WriteContext, Writer

# Characters XML 1.0 cannot carry, even escaped (page HTML may hold any of them).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MESSAGE_MAX = 500
ELEMENTS_LISTED = 30  # per failure text; GitLab shows a failure's first lines only
HTML_MAX = 200
# Jenkins splits a classname at its last dot into package and class: a page URL's dots become
# ONE DOT LEADERs, which read the same, so each page is one class and not "html" of many packages.
_DOT = "\u2024"


def xml_text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value if value is not None else ""))


def selector(f: Finding) -> str:
    return target_text(f.target)


def classname(page: PageResult) -> str:
    return page.requested_url.replace(".", _DOT)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _element_lines(n: int, f: Finding) -> list[str]:
    lines = [f"{n}. [{f.impact}] {selector(f)}"]
    if f.message:
        lines.append(f"   {f.message}")
    for heading, checks in f.checks:
        lines.append(f"   {heading}")
        lines += [f"     - {check}" for check in checks]
    if f.evidence and not f.checks:
        lines.append(f"   Evidence: {f.evidence}")
    if f.html:
        lines.append(f"   HTML: {_clip(f.html, HTML_MAX)}")
    return lines


def help_link(f: Finding, context: WriteContext) -> str:
    """axe rules: Deque's page. Article rules: the report's rules.html, published or in the report folder."""
    if f.engine != "article":
        return f.help_url
    return context.report_link(f"rules.html#{f.rule}") or f"rules.html#{f.rule} in the report folder"


def failure_text(failed: list[Finding], context: WriteContext) -> str:
    """Every failed element of one rule on one page, most serious first, listing at most ELEMENTS_LISTED."""
    first = failed[0]
    lines = [f"{len(failed)} element{'s' if len(failed) != 1 else ''} failed {first.rule} ({first.engine}), "
             f"worst impact {first.impact}"]
    if first.wcag:
        lines.append("WCAG: " + ", ".join(first.wcag))
    if help_link(first, context):
        lines.append(f"Help: {help_link(first, context)}")
    lines.append("")
    for n, f in enumerate(failed[:ELEMENTS_LISTED], 1):
        lines += _element_lines(n, f)
    if len(failed) > ELEMENTS_LISTED:
        lines.append(f"…and {len(failed) - ELEMENTS_LISTED} more elements; results.json lists every one.")
    return "\n".join(lines)


def failure_message(failed: list[Finding]) -> str:
    first = failed[0]
    more = f" (and {len(failed) - 1} more element{'s' if len(failed) > 2 else ''})" if len(failed) > 1 else ""
    return f"{selector(first)}: {first.message}{more}"[:MESSAGE_MAX]


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _counts(element: ET.Element, **counts: int) -> None:
    for name, count in counts.items():
        element.set(name, str(count))


def _suites(root: ET.Element, page: PageResult, rule_ids: list[str], timestamp: str,
            context: WriteContext) -> tuple[int, int, int]:
    """A page's suite of its own findings (the article's, or the page's), and one of its site-template
    findings when it has any: an editor's failures and the web team's are told apart."""
    template = [f for f in page.findings if f.scope == "template"]
    totals = _suite(root, page, rule_ids, timestamp, context, [f for f in page.findings if f.scope != "template"])
    if template and page.status == "audited":
        t, f, e = _suite(root, page, [], timestamp, context, template, scope="template")
        totals = (totals[0] + t, totals[1] + f, totals[2] + e)
    return totals


def _suite(root: ET.Element, page: PageResult, rule_ids: list[str], timestamp: str, context: WriteContext,
           findings: list[Finding] | None = None, scope: str | None = None) -> tuple[int, int, int]:
    suffix = " (site template)" if scope == "template" else ""
    cls = classname(page) + suffix  # GitLab keys testcases by classname and name: the two suites stay apart
    suite = _el(root, "testsuite", name=page.requested_url + suffix, timestamp=timestamp,
                time=f"{page.duration_s:.3f}")
    props = _el(suite, "properties")
    _el(props, "property", name="url", value=page.url)
    own = next((f.scope for f in (findings or ()) if f.scope), None)
    found = (page.article or {}).get("found")
    _el(props, "property", name="scope", value=scope or own or ("article" if found else "page"))
    if page.title:
        _el(props, "property", name="title", value=page.title)
    if page.status != "audited":
        case = _el(suite, "testcase", classname=cls, name="page audited", time=f"{page.duration_s:.3f}")
        kind = page.error.kind if page.error else page.status
        message = page.error.message if page.error else "the page was not audited"
        _el(case, "error", f"{page.requested_url} was not audited: {kind}: {message}", message=message[:MESSAGE_MAX],
            type=kind)
        _counts(suite, tests=1, failures=0, errors=1, skipped=0)
        return 1, 0, 1
    crashed = {e.rule: e.message for e in page.rule_errors} if scope is None else {}
    by_rule: dict[str, list[Finding]] = {}
    for f in page.findings if findings is None else findings:
        by_rule.setdefault(f.rule, []).append(f)
    ids = sorted(set(rule_ids) | set(by_rule) | set(crashed))
    failures = errors = 0
    for rule_id in ids:
        case = _el(suite, "testcase", classname=cls, name=rule_id, time="0")
        found = by_rule.get(rule_id, [])
        failed = sorted((f for f in found if f.outcome == "failed"), key=lambda f: impact_rank(f.impact))
        if rule_id in crashed:  # one result per testcase: the crash, with what the rule found before it
            text = f"the rule failed on this page: {crashed[rule_id]}"
            if failed:
                text += "\n\nFound before it failed:\n" + failure_text(failed, context)
            _el(case, "error", text, message=crashed[rule_id][:MESSAGE_MAX], type="rule-error")
            errors += 1
        elif failed:
            _el(case, "failure", failure_text(failed, context), message=failure_message(failed), type=failed[0].impact)
            failures += 1
        review = [f for f in found if f.outcome != "failed"]
        if review:
            _el(case, "system-out", "Needs review:\n" + "\n".join(f"{selector(f)}: {f.message}" for f in review))
    _counts(suite, tests=len(ids), failures=failures, errors=errors, skipped=0)
    return len(ids), failures, errors


def chunks(results: RunResult, context: WriteContext | None = None) -> Iterator[str]:
    """The XML a page's suite at a time, in bounded memory for any run.

    The root carries the totals, so a first walk counts them and a second writes the suites.
    """
    context = context or WriteContext()
    rule_ids = [r.id for r in results.rules]
    stamp = results.started_at.rstrip("Z")
    root = ET.Element("testsuites", {"name": "accessibility audit", "time": f"{results.duration_s:.3f}"})
    tests = failures = errors = 0
    for page in results.pages:
        t, f, e = _suites(ET.Element("scratch"), page, rule_ids, stamp, context)
        tests, failures, errors = tests + t, failures + f, errors + e
    _counts(root, tests=tests, failures=failures, errors=errors, skipped=0)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    empty = ET.tostring(root, encoding="unicode")  # <testsuites ... />
    if not len(results.pages):
        yield empty + "\n"
        return
    yield empty.removesuffix(" />") + ">"
    for page in results.pages:
        holder = ET.Element("scratch")
        _suites(holder, page, rule_ids, stamp, context)
        for suite in holder:
            ET.indent(suite, level=1)
            yield "\n  " + ET.tostring(suite, encoding="unicode")
    yield "\n</testsuites>\n"


def render(results: RunResult, context: WriteContext | None = None) -> str:
    return "".join(chunks(results, context))


def write(results: RunResult, dest: str | Path, context: WriteContext | None = None) -> None:
    write_chunks(dest, chunks(results, context))


WRITER = Writer("junit", "junit.xml", "JUnit XML: one test suite per page, one test per rule (at most one failure "
                "each, listing its elements)", write=lambda results, dest, context: write(results, dest, context))
