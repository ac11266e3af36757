"""Gates that must not pass silently: an empty selection, an incomplete set of shards, a diff that
compared no page, a page error hidden behind the progress bar."""
from __future__ import annotations

import dataclasses
import io
import json

import pytest

from auditor import engine
from auditor.config import Settings
from auditor.errors import ConfigError
from auditor.merge import shard_problems
from auditor.model import PageError
from auditor.progress import Reporter
from auditor.reports import json as json_report
from tests.fixtures.report_data import finding, page, run
from tests.unit.test_reports_cli import invoke


def _select(tmp_path, *targets, **settings):
    request = engine.AuditRequest(Settings(screenshots=False, **settings), tuple(targets))
    return engine.audit(request, engine.BrowserSource())


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "site").mkdir()
    for name in ("a.html", "b.html"):
        (tmp_path / "site" / name).write_text("<!doctype html><title>x</title><p>x</p>")
    (tmp_path / "empty.txt").write_text("\n# nothing yet\n")
    return tmp_path


def test_an_empty_list_is_an_error_naming_it(folder):
    with pytest.raises(ConfigError, match="the targets name no page .*--allow-empty"):
        _select(folder, "@" + str(folder / "empty.txt"))


def test_an_include_that_matches_nothing_is_an_error_naming_the_step(folder):
    with pytest.raises(ConfigError, match="the targets give 2 pages, --include leaves none"):
        _select(folder, str(folder / "site"), include=("*nomatch*",))
    with pytest.raises(ConfigError, match="--exclude leaves none"):
        _select(folder, str(folder / "site"), exclude=("*.html",))


def test_allow_empty_lets_an_empty_run_pass_with_exit_0(folder):
    results = _select(folder, "@" + str(folder / "empty.txt"), allow_empty=True)
    assert results.pages == ()
    res = invoke("audit", "@" + str(folder / "empty.txt"), "--allow-empty", "--no-screenshots",
                 "--out", str(folder / "out"))
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[-1] == f"auditor: report written to {folder / 'out' / 'index.html'}"


def test_the_cli_says_so_in_one_line_and_exits_2(folder):
    res = invoke("audit", str(folder / "site"), "--include", "*nomatch*", "--out", str(folder / "out"))
    assert res.exit_code == 2
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert lines == ["auditor: error: no pages to audit: the targets give 2 pages, --include leaves none "
                     "(--allow-empty to accept an empty run)"]


# ---- merge ----------------------------------------------------------------------------------

def _shard(n, k, targets="sha256:1"):
    return {"k": k, "n": n, "targets": targets, "total": 9}


def test_shard_problems_name_what_is_missing_or_foreign(tmp_path):
    a, b, c = tmp_path / "1.json", tmp_path / "2.json", tmp_path / "3.json"
    assert shard_problems([(a, _shard(3, 1)), (b, _shard(3, 2)), (c, _shard(3, 3))]) == ([], [])
    problems, missing = shard_problems([(a, _shard(3, 1)), (c, _shard(3, 3))])
    assert missing == ["2/3"] and problems[0] == "shard 2/3 is missing"
    problems, _ = shard_problems([(a, _shard(2, 1)), (b, _shard(2, 2, targets="sha256:other"))])
    assert any("different target list" in p for p in problems)
    problems, _ = shard_problems([(a, _shard(2, 1)), (b, _shard(2, 1)), (c, _shard(2, 2))])
    assert problems == ["shard 1/2 given more than once"]
    problems, _ = shard_problems([(a, None), (b, _shard(1, 1))])
    assert "not written by a --shard K/N run" in problems[0]


def _write_shards(tmp_path, *shards):
    files = []
    for n, record in enumerate(shards):
        pages = [dataclasses.replace(page(n + 1, [finding()]), index=n)]
        result = dataclasses.replace(run(pages), shard=record)
        files.append(tmp_path / f"shard{n}" / "results.json")
        json_report.write(result, files[-1])
    return [str(f) for f in files]


def test_merge_refuses_an_incomplete_shard_set_and_names_the_missing_shard(tmp_path):
    files = _write_shards(tmp_path, _shard(3, 1), _shard(3, 3))
    res = invoke("merge", *files, "--out", str(tmp_path / "merged"), "--fail-on", "none")
    assert res.exit_code == 2
    assert "shard 2/3 is missing" in res.output and "--allow-partial" in res.output
    assert not (tmp_path / "merged" / "results.json").exists()


def test_merge_refuses_shards_of_different_target_lists(tmp_path):
    files = _write_shards(tmp_path, _shard(2, 1), _shard(2, 2, targets="sha256:2"))
    res = invoke("merge", *files, "--out", str(tmp_path / "merged"), "--fail-on", "none")
    assert res.exit_code == 2 and "different target list" in res.output


def test_allow_partial_merges_and_marks_the_run_partial_in_its_outputs(tmp_path):
    files = _write_shards(tmp_path, _shard(3, 1), _shard(3, 3))
    out = tmp_path / "merged"
    res = invoke("merge", *files, "--allow-partial", "--out", str(out), "--fail-on", "none",
                 "--markdown", str(tmp_path / "s.md"), "--sarif", str(tmp_path / "s.sarif"))
    assert res.exit_code == 0, res.output
    assert "partial results" in res.output and "2/3" in res.output
    merged = json.loads((out / "results.json").read_text())
    assert merged["partial"]["missing"] == ["2/3"]
    assert "partial" in (tmp_path / "s.md").read_text().lower()
    assert "partial" in (out / "index.html").read_text().lower()
    sarif = json.loads((tmp_path / "s.sarif").read_text())
    assert sarif["runs"][0]["invocations"][0]["properties"]["partial"]["missing"] == ["2/3"]


def test_a_complete_shard_set_merges(tmp_path):
    files = _write_shards(tmp_path, _shard(2, 1), _shard(2, 2))
    res = invoke("merge", *files, "--out", str(tmp_path / "merged"), "--fail-on", "none")
    assert res.exit_code == 0, res.output
    assert "partial" not in json.loads((tmp_path / "merged" / "results.json").read_text()) or \
        not json.loads((tmp_path / "merged" / "results.json").read_text())["partial"]


# ---- diff -----------------------------------------------------------------------------------

def _results(tmp_path, name, pages):
    path = tmp_path / f"{name}.json"
    json_report.write(run(pages), path)
    return str(path)


def test_diff_of_runs_sharing_no_page_exits_2_saying_so(tmp_path):
    old = _results(tmp_path, "old", [page(1, [finding()], url="https://a.example/x.html")])
    new = _results(tmp_path, "new", [page(1, [finding()], url="https://a.example/y.html")])
    res = invoke("diff", old, new)
    assert res.exit_code == 2
    assert "compared no page" in res.output


def test_diff_matches_local_pages_audited_from_two_folders(tmp_path):
    """Two checkouts of one site: the same page under two folders is one page."""
    def local(folder):
        return dataclasses.replace(page(1, [finding()], url=f"file:///{folder}/news/a.html"), site_path="news/a.html",
                                   site="local files")
    old = _results(tmp_path, "old", [local("ci/one")])
    new = _results(tmp_path, "new", [local("ci/two")])
    res = invoke("diff", old, new)
    assert res.exit_code == 0, res.output
    assert "compared 1 page: 0 new, 0 fixed" in res.output


def test_diff_fail_on_judges_only_new_findings_at_or_above_the_level(tmp_path):
    url = "https://a.example/x.html"
    old = _results(tmp_path, "old", [page(1, [], url=url)])
    new = _results(tmp_path, "new", [page(1, [finding(impact="moderate", html='<img src="n.png">')], url=url)])
    assert invoke("diff", old, new, "--fail-on", "moderate").exit_code == 1
    assert invoke("diff", old, new, "--fail-on", "serious").exit_code == 0


# ---- progress -------------------------------------------------------------------------------

def _failed_page(message="net::ERR_NAME_NOT_RESOLVED at https://gone.example/story.html while loading"):
    return page(2, status="error", error=PageError("navigation", message), url="https://gone.example/story.html")


def test_on_a_terminal_a_page_error_is_printed_above_the_bar_at_once():
    stream = io.StringIO()
    reporter = Reporter(stream=stream)
    reporter.interactive = True
    reporter.start(2)
    try:
        reporter.page_done(1, 2, _failed_page())
        printed = stream.getvalue()
    finally:
        reporter._bar.stop()
    assert "https://gone.example/story.html" in printed and "ERR_NAME_NOT_RESOLVED" in printed


def test_the_summary_table_shows_the_error_message_not_just_its_kind():
    stream = io.StringIO()
    reporter = Reporter(stream=stream)
    reporter.console.width = 250  # one table row a line
    reporter.finish(run([page(1, [finding()]), _failed_page("disk full " + "x" * 200)]), "serious")
    row = next(line for line in stream.getvalue().splitlines() if "gone.example" in line)
    assert "error (navigation): disk full xxx" in row
    assert "x" * 200 not in row and row.rstrip().endswith("…")  # shortened


def test_verbose_lines_say_which_page_they_belong_to():
    stream = io.StringIO()
    reporter = Reporter(stream=stream, verbose=True)
    reporter.start(1)
    done = dataclasses.replace(page(1), timings={"navigate": 1.0})
    reporter.page_done(1, 1, done)
    timing_lines = [line for line in stream.getvalue().splitlines() if "navigate 1.00s" in line]
    assert timing_lines and all("https://news.example/1.html" in line for line in timing_lines)
