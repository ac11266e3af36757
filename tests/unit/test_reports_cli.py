"""`auditor report` re-renders a saved results.json without a browser; `auditor audit` writes every format."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.reports import json as json_report
from tests.fixtures.report_data import finding, page, run, write_screenshots


@pytest.fixture
def saved(tmp_path):
    """A results.json with its screenshots, as `auditor audit --out` leaves them."""
    results = run([page(1, [finding()]), page(2, [finding(impact="minor")]), page(3, status="error")])
    folder = tmp_path / "run"
    write_screenshots(results, folder)
    json_report.write(results, folder / "results.json")
    return folder / "results.json"


def invoke(*args, env=None):
    """The command with no configuration file and no AUDITOR_* variables but those given."""
    clean = {k: None for k in __import__("os").environ if k.startswith("AUDITOR_") or k == "GITHUB_STEP_SUMMARY"}
    return CliRunner().invoke(main, [args[0], "--no-config", *args[1:]], catch_exceptions=False,
                              env={**clean, **(env or {})})


def test_report_rerenders_every_format_into_another_folder_with_the_screenshots(saved, tmp_path):
    out = tmp_path / "elsewhere"
    res = invoke("report", str(saved), "--out", str(out), "--junit", str(tmp_path / "j.xml"),
                 "--sarif", str(tmp_path / "s.sarif"), "--markdown", str(tmp_path / "s.md"))
    assert res.exit_code == 1, res.output  # a critical failure: exit status as for `auditor audit`
    assert (out / "index.html").is_file() and (out / "pages" / "0001.html").is_file()
    assert json.loads((out / "results.json").read_text()) == json.loads(saved.read_text())
    assert (tmp_path / "j.xml").is_file() and (tmp_path / "s.md").is_file()
    assert json.loads((tmp_path / "s.sarif").read_text())["version"] == "2.1.0"
    source = (out / "pages" / "0001.html").read_text()
    hrefs = re.findall(r"background-image: url\('([^']+)'\)", source)
    assert hrefs and all(((out / "pages") / h).resolve().is_file() for h in hrefs)
    assert (out / "screenshots" / "0001.jpg").read_bytes() == (saved.parent / "screenshots" / "0001.jpg").read_bytes()


def test_report_in_place_by_default(saved):
    res = invoke("report", str(saved))
    assert res.exit_code == 1, res.output
    assert (saved.parent / "index.html").is_file()
    assert 'class="crop"' in (saved.parent / "pages" / "0001.html").read_text()


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read"),
    ("{not json", "is not JSON"),
    ('{"schema": "something/else@9"}', "not an auditor results file"),
    ('{"schema": "auditor/results@1", "tool": {}}', "not a complete auditor results file"),
])
def test_report_errors_are_one_line_without_a_traceback(tmp_path, content, expected):
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content)
    res = CliRunner().invoke(main, ["report", str(path), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditor: error:") and expected in lines[0], res.output
    assert "Traceback" not in res.output


def test_report_cannot_write_is_a_one_line_error(saved, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = CliRunner().invoke(main, ["report", str(saved), "--out", str(blocker / "sub")])
    assert res.exit_code == 2 and res.output.startswith("auditor: error: ")
    assert len(res.output.strip().splitlines()) == 1


def test_audit_writes_every_format_it_is_asked_for(tmp_path, monkeypatch):
    from auditor import engine

    results = run([page(1, [finding()], screenshot=None), page(2, status="error")])
    monkeypatch.setattr(engine, "audit", lambda *a, **kw: results)
    out = tmp_path / "report"
    res = CliRunner().invoke(main, ["audit", "https://news.example/1.html", "--out", str(out),
                                    "--junit", str(tmp_path / "j.xml"), "--sarif", str(tmp_path / "s.sarif"),
                                    "--markdown", str(tmp_path / "s.md"), "--json", str(tmp_path / "r.json")])
    assert res.exit_code == 1, res.output  # a critical failure
    for path in (out / "results.json", out / "index.html", out / "pages" / "0001.html", tmp_path / "j.xml",
                 tmp_path / "s.sarif", tmp_path / "s.md", tmp_path / "r.json"):
        assert path.is_file(), path
    assert "Accessibility audit" in (tmp_path / "s.md").read_text()


def test_report_of_another_results_file_in_the_same_folder_overwrites_nothing(saved):
    older = saved.parent / "older.json"
    older.write_text(saved.read_text())
    saved.write_text(saved.read_text().replace("An article", "Newer article"))
    res = invoke("report", str(older))
    assert res.exit_code == 1, res.output
    assert "Newer article" in saved.read_text()
    assert 'href="older.json"' in (saved.parent / "index.html").read_text()


# ---- the shared output options: --report FORMAT[=PATH], --fail-on, --baseline, --config ----------

def _results_file(tmp_path, name, pages, shard=None):
    path = tmp_path / name / "results.json"
    json_report.write(dataclasses.replace(run(pages), shard=shard), path)
    return path


@pytest.mark.parametrize("args, code", [((), 1), (("--fail-on", "none"), 3), (("--fail-on", "critical"), 1)])
def test_report_exit_status_follows_the_contract(saved, tmp_path, args, code):
    res = invoke("report", str(saved), "--out", str(tmp_path / "o"), *args)
    assert res.exit_code == code, res.output


def test_report_of_a_clean_run_exits_0(tmp_path):
    clean = _results_file(tmp_path, "clean", [page(1, [finding(impact="minor")])])
    assert invoke("report", str(clean)).exit_code == 0


def test_report_flag_writes_to_a_path_or_under_its_usual_name_in_the_report_folder(saved, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "o"
    res = invoke("report", str(saved), "--out", str(out), "--report", f"sarif={tmp_path / 'x.sarif'}",
                 "--report", "junit", "--fail-on", "none")
    assert res.exit_code == 3, res.output
    assert json.loads((tmp_path / "x.sarif").read_text())["version"] == "2.1.0"
    assert (out / "junit.xml").read_text().startswith("<?xml")
    # without --out, report's folder is the results file's, and so is the usual name's
    assert invoke("report", str(saved), "--report", "markdown").exit_code == 1
    assert (saved.parent / "summary.md").is_file() and not (tmp_path / "a11y-report").exists()


@pytest.mark.parametrize("args, needle", [
    (("--report", "xml=r.xml"), "unknown format 'xml' (known: earl, json, junit, markdown, sarif)"),
    (("--report", "sarif=a.sarif", "--sarif", "b.sarif"), "where the sarif report goes is given twice"),
    (("--report", "sarif="), "the path after '=' is empty"),
])
def test_report_flag_mistakes_are_one_line_usage_errors(saved, args, needle):
    res = invoke("report", str(saved), *args)
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], res.output


def test_report_and_merge_apply_a_baseline(tmp_path):
    from auditor.policy import with_fingerprints, write_baseline
    from auditor.reports import load_results

    results = run([with_fingerprints(page(1, [finding()])), with_fingerprints(page(2, [finding(impact="minor")])),
                   page(3, status="error")])  # fingerprinted, as the engine leaves them
    saved = tmp_path / "run" / "results.json"
    write_screenshots(results, saved.parent)
    json_report.write(results, saved)
    baseline = tmp_path / "baseline.json"
    write_baseline(load_results(saved), baseline)
    out = tmp_path / "known"
    res = invoke("report", str(saved), "--out", str(out), "--baseline", str(baseline))
    assert res.exit_code == 3, res.output  # the failures are known; the page that was not audited still counts
    doc = json.loads((out / "results.json").read_text())
    assert doc["summary"]["failed"] == 0 and doc["summary"]["known"] == 2
    assert (out / "screenshots" / "0001.jpg").is_file()

    in_place = invoke("report", str(saved), "--baseline", str(baseline))
    assert in_place.exit_code == 2 and "give --out another folder" in in_place.output
    assert json.loads(saved.read_text())["summary"]["failed"] == 2, "the saved results are left alone"

    shard = _results_file(tmp_path, "shard", [dataclasses.replace(with_fingerprints(page(1, [finding()])), index=0)],
                          shard={"k": 1, "n": 1, "targets": "sha256:1", "total": 1})
    assert invoke("merge", str(shard), "--out", str(tmp_path / "m1")).exit_code == 1
    res = invoke("merge", str(shard), "--out", str(tmp_path / "m2"), "--baseline", str(baseline))
    assert res.exit_code == 0, res.output
    assert "merged 1 file, 1 page, into" in res.output


def test_configuration_and_environment_apply_to_report(saved, tmp_path):
    config = tmp_path / "ci.toml"
    config.write_text('fail_on = "none"\n')
    res = CliRunner().invoke(main, ["report", str(saved), "--config", str(config)], env={"AUDITOR_FAIL_ON": None})
    assert res.exit_code == 3, res.output
    assert invoke("report", str(saved), env={"AUDITOR_FAIL_ON": "none"}).exit_code == 3
    assert invoke("report", str(saved), "--fail-on", "serious", env={"AUDITOR_FAIL_ON": "none"}).exit_code == 1


def _diff_pair(tmp_path, new_impact):
    old = _results_file(tmp_path, "old", [page(1, [finding(target=("#a",), html='<img src="a.jpg">')])])
    new = _results_file(tmp_path, "new", [page(1, [finding(target=("#a",), html='<img src="a.jpg">'),
                                                   finding(target=("#b",), html='<img src="b.jpg">',
                                                           impact=new_impact)])])
    return str(old), str(new)


def test_diff_exit_status_follows_fail_on(tmp_path):
    old, new = _diff_pair(tmp_path, "minor")
    assert invoke("diff", old, new).exit_code == 0  # a new minor failure is below the default threshold
    assert invoke("diff", old, new, "--fail-on", "minor").exit_code == 1
    assert invoke("diff", new, old, "--fail-on", "minor").exit_code == 0  # only fixed


def test_diff_writes_the_formats_that_fit_it(tmp_path):
    old, new = _diff_pair(tmp_path, "critical")
    res = invoke("diff", old, new, "--report", f"json={tmp_path / 'd.json'}", "--markdown", str(tmp_path / "d.md"))
    assert res.exit_code == 1
    assert json.loads((tmp_path / "d.json").read_text())["summary"] == {"new": 1, "fixed": 0, "unchanged": 1,
                                                                  "pages_compared": 1}
    assert "**1 new**" in (tmp_path / "d.md").read_text() and "**1 new**" in res.output
    wrong = invoke("diff", old, new, "--report", "junit=j.xml")
    assert wrong.exit_code == 2 and "unknown format 'junit' (known: json, markdown)" in wrong.output
    assert invoke("diff", old, new, "--junit", "j.xml").exit_code == 2  # no such flag on diff
    overwrite = invoke("diff", old, new, "--json", new)
    assert overwrite.exit_code == 2 and "is one of the results files being compared" in overwrite.output


def test_diff_ignores_the_configuration_s_report_paths(tmp_path, monkeypatch):
    """json = "…" in auditor.toml names a run's results; diff must not write its differences there."""
    old, new = _diff_pair(tmp_path, "critical")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "auditor.toml").write_text(f'json = "{new}"\nfail_on = "none"\n')
    before = Path(new).read_text()
    res = CliRunner().invoke(main, ["diff", old, new], env={"AUDITOR_JSON": None, "AUDITOR_FAIL_ON": None})
    assert res.exit_code == 0, res.output  # fail_on from the file applies
    assert Path(new).read_text() == before


def test_the_cli_appends_the_summary_to_github_s_step_summary(saved, tmp_path, monkeypatch):
    from auditor import engine
    from auditor.reports import write_all

    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n")
    res = invoke("report", str(saved), "--out", str(tmp_path / "o"), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert res.exit_code == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n") and text.count("Accessibility audit") == 1
    monkeypatch.setattr(engine, "audit", lambda *a, **kw: run([page(1, screenshot=None)]))
    res = invoke("audit", "https://news.example/1.html", "--out", str(tmp_path / "a"),
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert res.exit_code == 0, res.output
    assert summary.read_text().count("Accessibility audit") == 2
    # The writers themselves no longer read the environment (the web service calls them too).
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write_all(run([page(1)]), tmp_path / "w")
    assert summary.read_text().count("Accessibility audit") == 2


@pytest.mark.parametrize("where, args, env, needle", [
    ("flag", ["--browser", "/no/such/chromium"], {}, "--browser names '/no/such/chromium'"),
    ("environment", [], {"AUDITOR_CHROMIUM": "/no/such/chromium"}, "AUDITOR_CHROMIUM names '/no/such/chromium'"),
])
def test_a_browser_that_is_not_there_is_named_before_the_run_but_saved_artifacts_need_none(
        tmp_path, monkeypatch, where, args, env, needle):
    from auditor import engine

    ran = []
    monkeypatch.setattr(engine, "audit", lambda *a, **kw: ran.append(1) or run([page(1, screenshot=None)]))
    res = invoke("audit", "https://news.example/1.html", "--out", str(tmp_path / "a"), *args, env=env)
    assert res.exit_code == 2 and not ran
    assert res.output.strip().splitlines() == [f"auditor: error: {needle}, which is not an executable file"]
    res = invoke("audit", "--from-artifacts", str(tmp_path), "--out", str(tmp_path / "b"), *args, env=env)
    assert res.exit_code == 0, res.output


def test_the_terminal_says_what_sarif_left_out(saved, tmp_path, monkeypatch):
    from auditor.reports import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 1)  # the saved run has 2 findings
    res = invoke("report", str(saved), "--out", str(tmp_path / "o"), "--sarif", str(tmp_path / "s.sarif"))
    assert "auditor: note: SARIF: 1 result left out, as GitHub code scanning takes 1 per run: 1 failure (1 minor)" \
        in res.output, res.output
    doc = json.loads((tmp_path / "s.sarif").read_text())
    assert len(doc["runs"][0]["results"]) == 1 and doc["runs"][0]["results"][0]["properties"]["impact"] == "critical"


def test_sarif_source_from_the_configuration_maps_pages_to_repository_files(saved, tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text('[sarif_source]\n"https://news.example/*" = "templates/article.html"\n')
    res = CliRunner().invoke(main, ["report", str(saved), "--config", str(config), "--out", str(tmp_path / "o"),
                                    "--sarif", str(tmp_path / "s.sarif")], catch_exceptions=False)
    assert res.exit_code == 1, res.output
    doc = json.loads((tmp_path / "s.sarif").read_text())
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]} \
        == {"templates/article.html"}
