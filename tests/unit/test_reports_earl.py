"""The EARL writer: JSON-LD that expands (pyld, offline: the context is inline) to one earl:Assertion
per page per rule, with the ACT rule as the test where one is claimed and the page as the subject."""
from __future__ import annotations

import dataclasses
import json

from pyld import jsonld

from auditor.model import PageError, RuleOutcome
from auditor.reports import earl
from auditor.reports.registry import writers
from tests.fixtures.report_data import finding, page, run

EARL = "http://www.w3.org/ns/earl#"
DCT = "http://purl.org/dc/terms/"
PTR = "http://www.w3.org/2009/pointers#"


def sample():
    alt = finding("image-alt", target=("#hero",))
    folded = finding("act-image-name-descriptive", engine="article", outcome="cantTell", target=("#logo",))
    host = dataclasses.replace(finding("image-alt-filename", engine="article", target=("#logo",)), also=(folded,))
    first = dataclasses.replace(page(1, [alt, host]), rules=(
        RuleOutcome("image-alt", "axe", "failed", checked=3, passed=2, failed=1),
        RuleOutcome("color-contrast", "axe", "passed", checked=40, passed=40),
        RuleOutcome("image-alt-filename", "article", "failed", checked=2, passed=1, failed=1),
        RuleOutcome("syndicated-disclaimer", "article", "inapplicable", checked=0, passed=0),
    ))
    broken = page(2, status="error", error=PageError("http", "HTTP 404 Not Found"))
    return run([first, broken])


def expanded(tmp_path, results):
    out = tmp_path / "run.jsonld"
    earl.write(results, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    return doc, jsonld.expand(doc)


def flattened(expanded_doc):
    """Every node of the document, each once, with its links as {"@id": ...} references."""
    out = jsonld.flatten(expanded_doc)
    return out["@graph"] if isinstance(out, dict) else out


def nodes(expanded_doc, kind):
    return [n for n in flattened(expanded_doc) if EARL + kind in n.get("@type", ())]


def value(node, key):
    [v] = node[key]
    return v.get("@id", v.get("@value"))


def test_one_assertion_per_page_per_rule_with_the_required_terms(tmp_path):
    doc, data = expanded(tmp_path, sample())
    flat = {n["@id"]: n for n in flattened(data)}
    assertions = nodes(data, "Assertion")
    assert len(assertions) == 4  # four rules ran on the audited page; none on the page that failed to load
    for a in assertions:
        assert {EARL + "assertedBy", EARL + "subject", EARL + "test", EARL + "result", EARL + "mode"} <= set(a)
        assert EARL + "Assertor" in flat[value(a, EARL + "assertedBy")]["@type"]
        subject = flat[value(a, EARL + "subject")]
        assert EARL + "TestSubject" in subject["@type"]
        assert value(subject, DCT + "source") == "https://news.example/1.html"
        result = flat[value(a, EARL + "result")]
        assert EARL + "TestResult" in result["@type"]
    outcomes = {value(flat[value(a, EARL + "test")], DCT + "description"): value(flat[value(a, EARL + "result")],
                                                                                 EARL + "outcome")
                for a in assertions}
    assert outcomes == {"rule image-alt": EARL + "failed", "rule color-contrast": EARL + "passed",
                        "rule image-alt-filename": EARL + "failed",
                        "rule syndicated-disclaimer": EARL + "inapplicable"}


def test_the_test_is_the_act_rule_where_one_is_claimed_else_the_rules_doc(tmp_path):
    _, data = expanded(tmp_path, sample())
    tests = {n["@id"] for n in nodes(data, "TestCase")}
    assert "https://www.w3.org/WAI/standards-guidelines/act/rules/23a2a8/" in tests  # axe's image-alt
    assert "https://www.w3.org/WAI/standards-guidelines/act/rules/9eb3f6/" in tests  # image-alt-filename
    assert "https://dequeuniversity.com/rules/axe/4.12/color-contrast" in tests  # no ACT id: its documentation


def test_reported_elements_are_pointers_including_folded_findings(tmp_path):
    doc, data = expanded(tmp_path, sample())
    flat = flattened(data)
    pointers = {value(n, PTR + "expression") for n in flat if PTR + "CSSSelectorPointer" in n.get("@type", ())}
    assert pointers == {"#hero", "#logo"}


def test_a_page_not_audited_is_a_subject_that_says_why(tmp_path):
    _, data = expanded(tmp_path, sample())
    [broken] = [n for n in nodes(data, "TestSubject") if value(n, DCT + "source") == "https://news.example/2.html"]
    assert "HTTP 404" in value(broken, DCT + "description")


def test_the_writer_is_registered_as_earl():
    assert writers()["earl"].default_file.endswith(".jsonld")
