"""How a run was made: the `settings` record, built in one place, carried by every output, and
compared when runs or a run and its baseline are put side by side."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from auditor.cli import main
from auditor.config import Ignore, Settings
from auditor.policy import apply_baseline, baseline_document
from auditor.reports import json as json_report
from auditor.reports import markdown, sarif
from auditor.settings_record import CHANGES_FINDINGS, RunFacts, settings_differ, settings_record
from tests.fixtures.report_data import finding, page, run
from tests.unit.test_reports_cli import invoke

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "results.schema.json").read_text(encoding="utf-8"))
FACTS = RunFacts(axe_version="4.12.1", browser="Chromium 156", viewport={"width": 1280, "height": 900})
NEEDED = ("standard", "tags", "best_practices", "viewport", "mobile", "user_agent", "wait_for", "block",
          "block_third_party", "rules", "ignores", "baseline", "axe_version", "browser")


def test_the_record_says_how_the_run_was_made_and_digests_the_baseline(tmp_path):
    base = tmp_path / "baseline.json"
    base.write_text('{"schema": "auditor/baseline@1", "findings": []}')
    settings = Settings(standard="WCAG2.1AA", best_practices=True, block_third_party=True, baseline=str(base),
                        wait_for="article", ignore=[Ignore(rule="color-contrast", reason="brand colours")])
    record = settings_record(settings, FACTS)
    assert set(NEEDED) <= set(record)
    assert record["standard"] == "WCAG2.1AA" and record["best_practices"] is True
    assert record["block_third_party"] is True and record["wait_for"] == "article"
    assert record["viewport"] == {"width": 1280, "height": 900} and record["axe_version"] == "4.12.1"
    assert record["baseline"] == {"path": str(base), "sha256": "sha256:" + hashlib.sha256(base.read_bytes()).hexdigest()}
    assert "brand colours" in record["ignores"][0]
    json.dumps(record)  # plain JSON data


def test_results_with_the_record_follow_the_schema_and_every_output_carries_it(tmp_path):
    results = dataclasses.replace(run([page(1, [finding()])]), settings=settings_record(Settings(), FACTS))
    json_report.write(results, tmp_path / "results.json")
    doc = json.loads((tmp_path / "results.json").read_text())
    jsonschema.validate(doc, SCHEMA)
    assert doc["settings"]["standard"] == "WCAG2.2AA"
    assert "WCAG2.2AA" in markdown.render(results) and "1280×900" in markdown.render(results)
    assert sarif.document(results)["runs"][0]["invocations"][0]["properties"]["settings"]["standard"] == "WCAG2.2AA"
    res = invoke("report", str(tmp_path / "results.json"), "--out", str(tmp_path / "r"), "--fail-on", "none")
    assert res.exit_code == 0, res.output
    index = (tmp_path / "r" / "index.html").read_text()
    assert "How this was audited" in index and "1280 × 900" in index and "WCAG2.2AA" in index


def test_settings_that_change_findings_warn_in_one_line_and_others_do_not():
    a = settings_record(Settings(), FACTS)
    assert settings_differ(a, dict(a), "the old run") == []
    assert settings_differ(a, {**a, "fail_on": "minor", "timeout_s": 99}, "the old run") == []
    warned = settings_differ(a, {**a, "standard": "WCAG2.0A", "best_practices": True}, "the old run")
    assert len(warned) == 1 and "\n" not in warned[0]
    assert "standard WCAG2.2AA vs WCAG2.0A" in warned[0] and "best_practices" in warned[0]
    assert settings_differ(None, a, "an old run") == []  # older results record no settings
    assert {"standard", "viewport", "block_third_party", "best_practices"} <= set(CHANGES_FINDINGS)


def test_a_baseline_made_with_other_settings_warns():
    before = dataclasses.replace(run([page(1, [finding()])]), settings=settings_record(Settings(), FACTS))
    doc = baseline_document(before)
    assert doc["settings"]["standard"] == "WCAG2.2AA"
    now = dataclasses.replace(before, settings=settings_record(Settings(mobile=True), FACTS))
    judged = apply_baseline(now, doc, "base.json")
    assert len(judged.warnings) == 1 and "the baseline base.json was made with other settings" in judged.warnings[0]
    assert apply_baseline(before, doc, "base.json").warnings == ()


def test_diff_of_runs_with_other_settings_warns(tmp_path):
    url = "https://news.example/1.html"
    for name, settings in (("old", Settings()), ("new", Settings(block_third_party=True))):
        json_report.write(dataclasses.replace(run([page(1, [finding()], url=url)]),
                                              settings=settings_record(settings, FACTS)), tmp_path / f"{name}.json")
    res = CliRunner().invoke(main, ["diff", "--no-config", str(tmp_path / "old.json"), str(tmp_path / "new.json")])
    assert res.exit_code == 0, res.output
    assert "warning: " in res.output and "block_third_party False vs True" in res.output
