"""`auditor audit` as a user runs it: a separate process, its own Chromium, real exit codes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from auditor.procs import descendants

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "results.schema.json").read_text())


def auditor(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "CI": "true"}
    return subprocess.Popen([sys.executable, "-m", "auditor", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)


def run(*args: str, timeout: float = 120) -> tuple[int, str, str]:
    proc = auditor(*args)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def test_audit_writes_valid_results_and_exits_1_on_serious_findings(site, tmp_path):
    out = tmp_path / "r.json"
    code, _, err = run("audit", site.page("basic.html"), str(tmp_path / "nope.html"),
                       "--json", str(out), "--out", str(tmp_path / "rep"), "--earl", str(tmp_path / "run.jsonld"))
    assert code == 1, err
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, SCHEMA)
    assert [p["status"] for p in doc["pages"]] == ["audited", "error"]
    _assert_earl_matches(json.loads((tmp_path / "run.jsonld").read_text()), doc)
    assert doc["tool"]["axe_version"].startswith("4.")
    assert doc["tool"]["browser"].startswith("Chromium")
    assert (tmp_path / "rep" / "results.json").exists()
    assert "Traceback" not in err


def test_exit_3_when_a_page_fails_and_nothing_reaches_the_threshold(site, tmp_path):
    code, _, err = run("audit", site.page("basic.html"), site.url("/fault/status/500"),
                       "--fail-on", "none", "--json", "-", "--out", str(tmp_path))
    assert code == 3, err


def test_json_to_stdout(site, tmp_path):
    code, out, err = run("audit", site.page("basic.html"), "--fail-on", "none", "--json", "-",
                         "--out", str(tmp_path), "--no-screenshots")
    assert code == 0, err
    assert json.loads(out)["summary"]["audited"] == 1


@pytest.mark.parametrize("args,needle", [
    (["audit"], "give at least one TARGET"),
    (["audit", "x.html", "--standard", "WCAG3"], "standard"),
    (["audit", "x.html", "--timeout", "-1"], "timeout"),
    (["audit", "x.html", "--header", "nocolon"], "--header"),
    (["audit", "x.html", "--browser", "/no/such/chromium"], "browser"),
])
def test_usage_errors_exit_2_with_one_line(args, needle, tmp_path):
    code, _, err = run(*args, "--out", str(tmp_path))
    assert code == 2
    assert needle in err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 3


def _is_chromium(pid: int) -> bool:
    try:
        return b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
    except OSError:
        return False


@pytest.mark.slow
def test_a_crashed_browser_is_restarted_and_the_run_carries_on(site, tmp_path):
    state = {"proc": None, "killed": 0}

    def crash(handler):
        # First visit: answer, then kill this run's Chromium while the page is being audited.
        first = state["killed"] == 0
        handler.send_body(200, b"<!doctype html><html lang=en><title>Crash</title><main><h1>x</h1></main></html>")
        if first:
            def kill():
                for pid in descendants(state["proc"].pid):
                    if _is_chromium(pid):
                        try:
                            os.kill(pid, signal.SIGKILL)
                            state["killed"] += 1
                        except ProcessLookupError:
                            pass
            threading.Timer(0.3, kill).start()

    url = site.add_route("/crash-once", crash)
    out = tmp_path / "r.json"
    proc = auditor("audit", url, site.page("basic.html?after-crash"), "--concurrency", "1",
                   "--json", str(out), "--out", str(tmp_path), "--fail-on", "none")
    state["proc"] = proc
    _, err = proc.communicate(timeout=120)
    assert state["killed"] > 0, "the test did not manage to kill the browser"
    doc = json.loads(out.read_text())
    assert len(doc["pages"]) == 2
    assert doc["pages"][1]["status"] == "audited", doc["pages"][1]["error"]
    # The page that was being audited when the browser died gets one more try on the new browser.
    assert doc["pages"][0]["status"] == "audited", doc["pages"][0]["error"]
    assert "Traceback" not in err


def test_sigterm_writes_what_was_gathered_marked_interrupted(site, tmp_path):
    out = tmp_path / "r.json"
    proc = auditor("audit", site.page("basic.html"), site.url("/fault/hang"), site.url("/fault/hang?2"),
                   "--concurrency", "1", "--timeout", "60", "--json", str(out), "--out", str(tmp_path))
    deadline = time.monotonic() + 60
    seen = ""
    while "[1/3]" not in seen and time.monotonic() < deadline:
        seen += proc.stderr.readline()
    assert "[1/3]" in seen, seen
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, SCHEMA)
    assert doc["interrupted"] is True
    assert [p["status"] for p in doc["pages"]] == ["audited", "error", "error"]
    assert {p["error"]["kind"] for p in doc["pages"][1:]} == {"interrupted"}
    # An interrupted run has an exit code of its own, and says how to continue.
    assert proc.returncode == 130, err
    assert "interrupted after 1 of 3 pages" in err and "--resume" in err
    assert "Traceback" not in err


def _assert_earl_matches(earl_doc, results):
    """The EARL file, expanded as JSON-LD, holds one assertion per rule outcome of the audited page."""
    from pyld import jsonld

    earl = "http://www.w3.org/ns/earl#"
    flat = jsonld.flatten(jsonld.expand(earl_doc))
    nodes = {n["@id"]: n for n in (flat["@graph"] if isinstance(flat, dict) else flat)}
    assertions = [n for n in nodes.values() if earl + "Assertion" in n.get("@type", ())]
    [audited] = [p for p in results["pages"] if p["status"] == "audited"]
    act_ids = {r["id"]: r["act"] for r in results["rules"]}
    assert len(assertions) == sum(max(1, len(act_ids.get(r["rule"], ()))) for r in audited["rules"]) > 0
    outcomes = {nodes[a[earl + "result"][0]["@id"]][earl + "outcome"][0]["@id"] for a in assertions}
    assert outcomes <= {earl + o for o in ("passed", "failed", "cantTell", "inapplicable")}
    assert earl + "failed" in outcomes and earl + "passed" in outcomes
