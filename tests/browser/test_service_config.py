"""`auditor serve --config FILE` end to end: the file's ignore and rule setting change what the
service's audits find, exactly as they do for `auditor audit --config FILE`."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.fixtures.service.helpers import AUTH, HERE, TOKEN, free_port
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser

CONFIG = """\
standard = "WCAG2.1A"
out = "cli-report"

[rules]
max_alt_length = 20

[[ignore]]
rule = "image-alt-filename"
reason = "archive pictures are named by the camera"
"""


def _call(base: str, path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(base + path, headers={**AUTH, "Content-Type": "application/json"},
                                 data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310 - loopback only
        return json.loads(r.read())


def _findings(page: dict, key: str) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((f["rule"], tuple(f["target"])) for f in page[key])


def test_the_config_file_shapes_the_services_audits_as_it_does_the_clis(tmp_path):
    pages = FaultServer(HERE)
    pages.start()
    config = tmp_path / "auditor.toml"
    config.write_text(CONFIG, encoding="utf-8")
    url = pages.page("configured.html")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "serve", "--port", str(port),
                             "--db", str(tmp_path / "s.db"), "--allow-private", "--config", str(config)],
                            env={**os.environ, "AUDITOR_TOKEN": TOKEN}, stderr=subprocess.PIPE, text=True)
    try:
        cli = subprocess.run([sys.executable, "-m", "auditor", "audit", url, "--config", str(config),
                              "--no-screenshots", "--json", "-", "-q"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert cli.returncode in (0, 1), cli.stderr
        expected = json.loads(cli.stdout)["pages"][0]
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "auditor serve did not start"
            try:
                _call(base, "/api/health")
                break
            except OSError:
                time.sleep(0.2)
        audit_id = _call(base, "/api/audits", {"urls": [url]})["id"]
        while (doc := _call(base, f"/api/audits/{audit_id}"))["status"] not in ("done", "failed", "interrupted"):
            assert time.monotonic() < deadline + 60, doc["status"]
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        pages.stop()
    assert doc["status"] == "done", doc["error"]
    assert doc["options"]["standard"] == "WCAG2.1A"  # the file's, as the request named none
    assert "ignored there, as they only concern 'auditor audit': out" in err and "Traceback" not in err
    page = doc["results"]["pages"][0]
    rules = {f["rule"] for f in page["findings"]}
    assert "image-alt-too-long" in rules  # 20 characters at most, by the file's [rules]
    assert "image-alt-filename" not in rules  # left out by the file's [[ignore]] ...
    assert [f["note"] for f in page["ignored"] if f["rule"] == "image-alt-filename"] == [
        "ignored by rule 'image-alt-filename': archive pictures are named by the camera"]  # ... and said so
    assert _findings(page, "findings") == _findings(expected, "findings")
    assert _findings(page, "ignored") == _findings(expected, "ignored")
