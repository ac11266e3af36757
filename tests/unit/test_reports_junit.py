"""JUnit XML: parsed back with junitparser, as CI test-report tools read it."""
from __future__ import annotations

from junitparser import Error, Failure, JUnitXml

from auditor.model import PageError, RuleError
from auditor.reports import junit
from tests.fixtures.report_data import HOSTILE, RULES, finding, page, run


def parse(tmp_path, results):
    dest = tmp_path / "junit.xml"
    junit.write(results, dest)
    return JUnitXml.fromfile(str(dest))


def test_one_suite_per_page_one_case_per_rule_one_failure_per_failed_finding(tmp_path):
    results = run([
        page(1, [finding(target=("#a",)), finding(target=("#b",)),
                 finding("color-contrast", outcome="cantTell", impact="serious", target=("h2",))]),
        page(2, []),
    ])
    xml = parse(tmp_path, results)
    suites = list(xml)
    assert [s.name for s in suites] == ["https://news.example/1.html", "https://news.example/2.html"]
    first = {case.name: case for case in suites[0]}
    assert set(first) == {r.id for r in RULES}
    failures = [r for r in first["image-alt"].result if isinstance(r, Failure)]
    assert len(failures) == 2
    assert failures[0].message.startswith("#a: Images must have alternative text")
    assert "Selector: #a" in failures[0].text and failures[0].type == "critical"
    assert first["color-contrast"].is_passed  # needs review is not a failure ...
    assert "Needs review" in first["color-contrast"].system_out  # ... but it is reported
    assert suites[0].tests == 4 and suites[0].failures == 1 and suites[0].errors == 0
    assert all(case.is_passed for case in suites[1])


def test_pages_not_audited_and_crashed_rules_are_errors(tmp_path):
    audited = page(1, [])
    audited = audited.__class__(**{**audited.__dict__, "rule_errors": (RuleError("syndicated-disclaimer", "boom"),)})
    results = run([page(2, status="error", error=PageError("navigation", "net::ERR_NAME_NOT_RESOLVED")), audited])
    xml = parse(tmp_path, results)
    broken, ok = list(xml)
    (case,) = list(broken)
    (error,) = case.result
    assert isinstance(error, Error) and error.type == "navigation"
    assert "ERR_NAME_NOT_RESOLVED" in error.message
    assert broken.errors == 1
    crashed = {c.name: c for c in ok}["syndicated-disclaimer"]
    assert any(isinstance(r, Error) for r in crashed.result)


def test_hostile_and_control_characters_survive_as_text(tmp_path):
    nasty = HOSTILE + "\x00\x1b\x0b\ud800]]>"
    results = run([page(1, [finding(target=(nasty,), html=nasty, message=nasty, evidence=nasty)], title=nasty)])
    xml = parse(tmp_path, results)
    (suite,) = list(xml)
    failure = [r for case in suite for r in case.result if isinstance(r, Failure)][0]
    assert "<script>window.pwned=1</script>" in failure.text
    assert "]]>" in failure.text


def test_totals_on_testsuites(tmp_path):
    results = run([page(1, [finding()]), page(2, status="error")])
    text = junit.render(results)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    xml = JUnitXml.fromstring(text.split("\n", 1)[1])
    assert xml.tests == len(RULES) + 1 and xml.failures == 1 and xml.errors == 1
