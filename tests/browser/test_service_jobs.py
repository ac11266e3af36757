"""The service's job runner: the queue limit (429), the per-audit time limit, and restarts.

A page that never answers (/fault/hang) keeps the one worker busy. The last test runs the
real `auditor serve` command, kills it with SIGKILL mid-audit and starts it again.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auditor.service.store import Store
from tests.fixtures.service.helpers import AUTH, TOKEN, app, free_port, submit, wait

pytestmark = pytest.mark.browser


def test_queue_limit_time_limit_and_a_graceful_stop(site, tmp_path):
    """A full queue answers 429; an audit over its time limit is stopped and marked failed;
    stopping the service marks the running audit interrupted and keeps the waiting one."""
    service = app(tmp_path, concurrency=1, queue_limit=1, audit_timeout=5, page_timeout=30)
    with TestClient(service) as client:
        hanging = submit(client, site.url("/fault/hang"))
        wait(client, hanging, until=("running",))
        assert client.get(f"/api/audits/{hanging}/report/", headers=AUTH).status_code == 409
        waiting = submit(client, site.url("/fault/status/404"))  # quick: no audit to run on an error page
        full = client.post("/api/audits", json={"urls": [site.page("basic.html")]}, headers=AUTH)
        assert full.status_code == 429 and full.headers["retry-after"] == "30"
        form = client.post("/audits", content="urls=" + site.page("basic.html"), headers={
            **AUTH, "content-type": "application/x-www-form-urlencoded"})
        assert form.status_code == 429 and "waiting already" in form.text

        t0 = time.monotonic()
        stopped = wait(client, hanging, timeout=30)
        assert time.monotonic() - t0 < 20  # stopped at the 5 s limit, not at the 30 s page timeout
        assert stopped["status"] == "failed" and "time limit of 5 s" in stopped["error"]
        assert stopped["results"]["interrupted"] is True
        assert stopped["results"]["pages"][0]["error"]["kind"] == "interrupted"
        assert "time limit" in client.get(f"/audits/{hanging}", headers=AUTH).text
        after = wait(client, waiting)  # it ran once the queue moved: its only page is an HTTP 404
        assert after["status"] == "failed" and "HTTP 404" in after["error"], after
        # Stopping the service interrupts the running audit and keeps the waiting one for the next start.
        running = submit(client, site.url("/fault/hang"))
        wait(client, running, until=("running",))
        queued = submit(client, site.url("/fault/status/404"))
    store = Store(tmp_path / "service.sqlite3")
    assert store.get(running)["status"] == "interrupted"
    assert store.get(queued)["status"] == "queued"
    with TestClient(app(tmp_path, concurrency=1)) as client:  # the same database, started again
        assert wait(client, queued)["status"] == "failed"  # it ran after the restart: its page is a 404
        kept = client.get(f"/api/audits/{running}", headers=AUTH).json()
        assert kept["status"] == "interrupted" and kept["results"]["pages"][0]["error"]["kind"] == "interrupted"
        assert [h["audit_id"] for h in client.get("/api/history", params={"url": site.url("/fault/status/404")},
                                                  headers=AUTH).json()] == [queued, waiting]


def _get(base: str, path: str, timeout: float = 5) -> dict:
    req = urllib.request.Request(base + path, headers=AUTH)
    with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 - loopback only
        return json.loads(r.read())


def _serve(port: int, db, tmp=None) -> subprocess.Popen:
    env = {**os.environ, "AUDITOR_TOKEN": TOKEN, **({"TMPDIR": str(tmp)} if tmp else {})}
    return subprocess.Popen([sys.executable, "-m", "auditor", "serve", "--port", str(port), "--db", str(db),
                             "--allow-private", "--concurrency", "1", "--timeout", "30"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _until_up(proc: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"auditor serve exited: {proc.stderr.read()}")
        try:
            if _get(base, "/api/health")["status"] == "ok":
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise AssertionError("auditor serve did not start")


def test_a_killed_service_marks_the_audit_it_was_running_interrupted_on_restart(site, tmp_path):
    """... and removes the scratch folder the killed one left in the temp folder."""
    # A short temp folder of its own: Chromium's profile socket must fit in 108 characters.
    tmp = Path(tempfile.mkdtemp(prefix="aud-"))
    port, db = free_port(), tmp_path / "killed.sqlite3"
    base = f"http://127.0.0.1:{port}"
    proc = _serve(port, db, tmp)
    try:
        _until_up(proc, base)
        req = urllib.request.Request(base + "/api/audits", method="POST",
                                     data=json.dumps({"urls": [site.url("/fault/hang")]}).encode(),
                                     headers={**AUTH, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:  # noqa: S310 - loopback only
            audit_id = json.loads(r.read())["id"]
        deadline = time.monotonic() + 30
        while _get(base, f"/api/audits/{audit_id}")["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)  # no chance to clean up: as a crash or an OOM kill
        proc.wait(10)
        assert Store(db).get(audit_id)["status"] == "running"
        left = list(tmp.glob("auditor-service-*"))
        assert len(left) == 1 and (left[0] / "owner").read_text().split()[0] == str(proc.pid)
        proc = _serve(port, db, tmp)
        _until_up(proc, base)
        assert list(tmp.glob("auditor-service-*")) == []
        doc = _get(base, f"/api/audits/{audit_id}")
        assert doc["status"] == "interrupted" and "stopped while" in doc["error"]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        shutil.rmtree(tmp, ignore_errors=True)
    assert "Traceback" not in err
