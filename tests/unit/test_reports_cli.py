"""`auditor report` re-renders a saved results.json without a browser; `auditor audit` writes every format."""
from __future__ import annotations

import json
import re

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


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_report_rerenders_every_format_into_another_folder_with_the_screenshots(saved, tmp_path):
    out = tmp_path / "elsewhere"
    res = invoke("report", str(saved), "--out", str(out), "--junit", str(tmp_path / "j.xml"),
                 "--sarif", str(tmp_path / "s.sarif"), "--markdown", str(tmp_path / "s.md"))
    assert res.exit_code == 0, res.output
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
    assert res.exit_code == 0, res.output
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
    assert res.exit_code == 0, res.output
    assert "Newer article" in saved.read_text()
    assert 'href="older.json"' in (saved.parent / "index.html").read_text()
