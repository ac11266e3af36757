"""JUnit XML: parsed back with junitparser, as CI test-report tools read it."""
from __future__ import annotations

import dataclasses

from junitparser import Error, Failure, JUnitXml

from auditor.model import PageError, RuleError
from auditor.reports import junit
from tests.fixtures.report_data import HOSTILE, RULES, finding, page, run


def parse(tmp_path, results):
    dest = tmp_path / "junit.xml"
    junit.write(results, dest)
    return JUnitXml.fromfile(str(dest))


def results_of(xml):
    return {(suite.name, case.name): case.result for suite in xml for case in suite}


def test_one_suite_per_page_one_case_per_rule_at_most_one_failure_listing_its_elements(tmp_path):
    results = run([
        page(1, [finding(target=("#a",), impact="serious"), finding(target=("#b",)),
                 finding("color-contrast", outcome="cantTell", impact="serious", target=("h2",))]),
        page(2, []),
    ])
    xml = parse(tmp_path, results)
    suites = list(xml)
    assert [s.name for s in suites] == ["https://news.example/1.html", "https://news.example/2.html"]
    first = {case.name: case for case in suites[0]}
    assert set(first) == {r.id for r in RULES}
    (failure,) = first["image-alt"].result
    assert isinstance(failure, Failure) and failure.type == "critical"  # the worst impact of the elements
    assert failure.message == "#b: Images must have alternative text (and 1 more element)"
    assert failure.text.startswith("2 elements failed image-alt (axe), worst impact critical")
    assert failure.text.index("1. [critical] #b") < failure.text.index("2. [serious] #a")  # most serious first
    assert first["color-contrast"].is_passed  # needs review is not a failure ...
    assert "Needs review" in first["color-contrast"].system_out  # ... but it is reported
    assert suites[0].tests == 4 and suites[0].failures == 1 and suites[0].errors == 0
    assert all(case.is_passed for case in suites[1])


def test_every_testcase_has_at_most_one_result_and_the_counts_agree_with_the_testcases(tmp_path):
    """184 elements of one rule on one page (a BBC page) are one failure, not 184 in one testcase."""
    many = [finding(target=(f"#e{n}",), impact=("minor", "critical")[n % 2]) for n in range(184)]
    crashed = dataclasses.replace(page(2, [finding("syndicated-disclaimer", engine="article", target=("p",))]),
                                  rule_errors=(RuleError("syndicated-disclaimer", "boom"),))
    results = run([page(1, many), crashed, page(3, status="error", error=PageError("timeout", "too slow"))])
    xml = parse(tmp_path, results)
    cases = [(suite, case) for suite in xml for case in suite]
    assert all(len(case.result) <= 1 for _, case in cases)
    for suite in xml:  # each suite's counts are its testcases', and the root's are the suites'
        assert suite.tests == len(list(suite))
        assert suite.failures == sum(isinstance(r, Failure) for c in suite for r in c.result)
        assert suite.errors == sum(isinstance(r, Error) for c in suite for r in c.result)
    assert xml.tests == len(cases)
    assert xml.failures == sum(s.failures for s in xml) == 1
    assert xml.errors == sum(s.errors for s in xml) == 2  # the crashed rule and the page not audited
    (failure,) = results_of(xml)[("https://news.example/1.html", "image-alt")]
    assert "184 elements failed image-alt" in failure.text and "…and 154 more elements" in failure.text
    assert "[critical]" in failure.text and "[minor]" not in failure.text  # the 30 listed are the worst
    (error,) = results_of(xml)[("https://news.example/2.html", "syndicated-disclaimer")]
    assert isinstance(error, Error) and "boom" in error.text and "Found before it failed" in error.text


def test_a_page_url_is_one_class_for_jenkins(tmp_path):
    """Jenkins splits classname at its last dot: the URL's dots must not make every page class 'html'."""
    xml = parse(tmp_path, run([page(1, [finding()])]))
    case = next(iter(next(iter(xml))))
    assert "." not in case.classname and case.classname.replace("\u2024", ".") == "https://news.example/1.html"


def test_axe_checks_are_listed_one_per_line(tmp_path):
    f = dataclasses.replace(finding(), checks=(("Fix any of the following:", ("no alt attribute", "no title")),))
    (failure,) = results_of(parse(tmp_path, run([page(1, [f])])))[("https://news.example/1.html", "image-alt")]
    assert "   Fix any of the following:\n     - no alt attribute\n     - no title" in failure.text


def test_pages_not_audited_and_crashed_rules_are_errors(tmp_path):
    audited = dataclasses.replace(page(1, []), rule_errors=(RuleError("syndicated-disclaimer", "boom"),))
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


def test_article_rules_point_at_the_bundled_rule_reference(tmp_path):
    from auditor.config import Settings
    from auditor.reports.registry import WriteContext

    f = finding("image-alt-filename", engine="article", impact="serious")
    results = run([page(1, [f])])
    (failure,) = results_of(parse(tmp_path, results))[("https://news.example/1.html", "image-alt-filename")]
    assert "Help: rules.html#image-alt-filename in the report folder" in failure.text
    published = WriteContext(settings=Settings(report_url="https://ci.example/r/index.html"))
    text = junit.render(results, published)
    assert "Help: https://ci.example/r/rules.html#image-alt-filename" in text
