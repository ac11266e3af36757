"""`auditor login` and `--storage-state` as a user runs them: a sign-in form that sets a cookie,
a subscriber page that needs it, and the session's values in no output whatsoever."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from auditor.config import Settings

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "real"
COOKIE_VALUE = "PLANTED-COOKIE-VALUE-9913"
LOCAL_VALUE = "PLANTED-LOCAL-VALUE-4471"


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, cwd=cwd,
                          env={**env, "CI": "true"}, timeout=180)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def paywalled(site):
    """/real/sign-in sets the session cookie for the right password; /real/subscriber needs it."""
    def sign_in(handler):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        if query.get("password") == ["hunter2"]:
            handler.send_body(302, b"", headers={"Location": "/real/subscriber",
                                                 "Set-Cookie": f"subscriber={COOKIE_VALUE}; Path=/; HttpOnly"})
        else:
            handler.send_body(302, b"", headers={"Location": "/pages/real/login.html?failed=1"})

    def subscriber(handler):
        signed_in = f"subscriber={COOKIE_VALUE}" in (handler.headers.get("Cookie") or "")
        handler.send_body(200, (FIXTURES / ("subscriber.html" if signed_in else "paywall.html")).read_bytes())

    site.add_route("/real/sign-in", sign_in)
    return site.add_route("/real/subscriber", subscriber)


def _login_args(site, password: str) -> list[str]:
    return ["login", site.page("real/login.html"), "--no-config", "--action", "fill #email reader@example.org",
            "--action", f"fill #password {password}", "--action", "click #sign-in",
            "--action", "wait-for-url **/real/subscriber"]


def test_login_saves_the_session_and_the_audit_reads_the_subscriber_page_without_leaking_it(
        site, paywalled, chromium, tmp_path):
    code, out, err = run(*_login_args(site, "hunter2"), "--save-state", "state.json", cwd=tmp_path)
    assert code == 0, err
    assert "saved 1 cookie (127.0.0.1), local storage for 1 origin to state.json" in err
    state = tmp_path / "state.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert COOKIE_VALUE in state.read_text() and LOCAL_VALUE in state.read_text()

    code, out, err = run("audit", paywalled, "--no-config", "--storage-state", "state.json", "--out", "report",
                         "--json", "results.json", "--junit", "junit.xml", "--sarif", "results.sarif",
                         "--markdown", "summary.md", "--save-artifacts", "artifacts", "--fail-on", "none", "-v",
                         cwd=tmp_path)
    assert code == 0, err
    assert '"minutes-photo"' in (tmp_path / "results.json").read_text() or \
        "#minutes-photo" in (tmp_path / "results.json").read_text()  # the subscriber's article was audited
    config = run("config", "--no-config", "--storage-state", "state.json", cwd=tmp_path)
    outputs = {"stdout": out + config[1], "stderr": err + config[2]}
    outputs.update({str(p.relative_to(tmp_path)): p.read_bytes().decode("utf-8", "replace")
                    for p in tmp_path.rglob("*") if p.is_file() and p.name != "state.json"})
    assert len(outputs) > 8  # results, jsonl, html pages, junit, sarif, markdown, artifacts, stdout, stderr
    leaks = sorted(name for name, text in outputs.items() if COOKIE_VALUE in text or LOCAL_VALUE in text)
    assert leaks == []

    # Without the state, the same URL is the paywall: the finding came from the session.
    page = chromium.audit([paywalled], Settings(screenshots=False)).pages[0]
    assert page.status == "audited" and not any(f.target == ("#minutes-photo",) for f in page.findings)


def test_a_failed_sign_in_is_one_line_exit_3_and_writes_no_state(site, paywalled, tmp_path):
    code, out, err = run(*_login_args(site, "wrong"), "--save-state", "state.json", "--timeout", "10", cwd=tmp_path)
    assert code == 3
    assert err.startswith(f"auditor: error: login at {site.page('real/login.html')} failed: action 4 "
                          "'wait-for-url **/real/subscriber' failed: the page's address did not match"), err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "state.json").exists()


def test_login_takes_its_page_and_actions_from_the_login_table(site, paywalled, tmp_path):
    (tmp_path / "auditor.toml").write_text(
        f'storage_state = "state.json"\n[login]\nurl = "{site.page("real/login.html")}"\n'
        'actions = ["fill #email reader@example.org", "fill #password hunter2", "click #sign-in",'
        ' "wait-for-url **/real/subscriber"]\n')
    code, out, err = run("login", cwd=tmp_path)
    assert code == 0, err
    assert COOKIE_VALUE in (tmp_path / "state.json").read_text()
