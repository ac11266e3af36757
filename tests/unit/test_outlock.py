"""One run at a time in a report folder: a second run exits 2 naming the holder; a killed run never blocks."""
from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import AuditorError
from auditor.outlock import LOCK_NAME, OutputBusy, hold
from auditor.reports import json as json_report
from tests.fixtures.report_data import page, run

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from pathlib import Path
from auditor.outlock import hold
with hold(Path(sys.argv[1]), "audit"):
    print("held", flush=True)
    sys.stdin.read()
"""
RAW_FLOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def started(script: str, *args: str) -> subprocess.Popen:
    """A process running `script`, once it says it holds the lock."""
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "held"
    return proc


def auditor(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env={**os.environ, "CI": "true"})


def test_a_second_run_exits_2_at_once_naming_the_run_that_holds_the_folder(tmp_path):
    out = tmp_path / "a11y-report"
    holder = started(HOLDER, str(out))
    try:
        res = auditor("audit", str(tmp_path / "missing.html"), "--no-config", "--out", str(out))
        assert res.returncode == 2, res.stderr
        line = res.stderr.strip()
        assert re.fullmatch(rf"auditor: error: {re.escape(str(out))}/ is in use by another auditor run "
                            rf"\(pid {holder.pid}, auditor audit, started \d\d:\d\d:\d\d\)", line), line
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # nothing of the second run was written
        saved = tmp_path / "saved.json"
        json_report.write(run([page(1)]), saved)
        for args in (("report", str(saved), "--out", str(out)), ("merge", str(saved), "--out", str(out))):
            res = auditor(*args)
            assert res.returncode == 2 and "is in use by another auditor run" in res.stderr, res.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(tmp_path):
    out = tmp_path / "rep"
    holder = started(HOLDER, str(out))
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert json.loads((out / LOCK_NAME).read_text())["pid"] == holder.pid  # its details are left behind
    res = auditor("audit", str(tmp_path / "missing.html"), "--no-config", "--out", str(out))
    assert res.returncode == 3, res.stderr  # the run went ahead; its one page is an error
    assert json.loads((out / "results.json").read_text())["summary"]["errors"] == 1


def test_details_a_dead_run_left_behind_are_not_shown_as_the_holder(tmp_path):
    """Between taking the lock and writing its details a run is anonymous; a killed run's details must not show then."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock = tmp_path / LOCK_NAME
    lock.write_text(json.dumps({"pid": int(gone.stdout), "host": os.uname().nodename, "command": "auditor audit",
                                "started": "2026-01-01T12:00:00+00:00"}))
    holder = started(RAW_FLOCK, str(lock))
    try:
        with pytest.raises(OutputBusy) as caught:
            with hold(tmp_path, "audit"):
                pass
        assert str(caught.value) == f"{tmp_path}/ is in use by another auditor run"
    finally:
        holder.kill()
        holder.wait()


def test_the_folder_is_held_for_the_command_and_released_after_it(tmp_path):
    with hold(tmp_path, "audit"):
        with pytest.raises(OutputBusy, match=rf"pid {os.getpid()}, auditor audit"):
            with hold(tmp_path, "report"):
                pass
    args = ["audit", str(tmp_path / "missing.html"), "--no-config", "--out", str(tmp_path / "rep")]
    assert [CliRunner().invoke(main, args).exit_code for _ in range(2)] == [3, 3]
    assert (tmp_path / "rep" / LOCK_NAME).read_text() == ""  # cleared: nobody holds it


def test_a_lock_file_planted_as_a_link_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    out = tmp_path / "rep"
    out.mkdir()
    (out / LOCK_NAME).symlink_to(victim)
    with pytest.raises(AuditorError, match="is a symbolic link"):
        with hold(out, "audit"):
            pass
    assert victim.read_text() == "precious"
    (out / LOCK_NAME).unlink()
    os.mkfifo(out / LOCK_NAME)
    with pytest.raises(AuditorError, match="not a regular file"):
        with hold(out, "audit"):
            pass


def test_a_report_folder_that_is_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "rep").write_text("not a folder")
    res = auditor("audit", str(tmp_path / "missing.html"), "--no-config", "--out", str(tmp_path / "rep"))
    assert res.returncode == 2 and res.stderr.startswith("auditor: error: cannot use"), res.stderr
    assert "Traceback" not in res.stderr


def stalling_server() -> tuple[http.server.ThreadingHTTPServer, threading.Event, threading.Event]:
    """A server that answers only when told to: (server, asked, go_on). A run reading from it stays busy."""
    asked, go_on = threading.Event(), threading.Event()

    class Stall(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.set()
            go_on.wait(60)
            self.send_error(404)

        def log_message(self, *a):
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stall), asked, go_on


def test_two_audits_of_one_report_folder_at_once(tmp_path):
    server, asked, go_on = stalling_server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = tmp_path / "rep"
    first = subprocess.Popen([sys.executable, "-m", "auditor", "audit", "--no-config", "--out", str(out),
                              f"http://127.0.0.1:{server.server_address[1]}/sitemap.xml"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert asked.wait(60)  # the first run holds the folder and is reading its sitemap
        second = auditor("audit", str(tmp_path / "missing.html"), "--no-config", "--out", str(out))
        assert second.returncode == 2, second.stderr
        assert f"in use by another auditor run (pid {first.pid}, auditor audit" in second.stderr
        go_on.set()
        assert first.wait(60) == 3, first.stderr.read()
        lines = (out / "results.jsonl").read_text().splitlines()
        assert [json.loads(line)["page"]["requested_url"] for line in lines[1:]] == [
            f"http://127.0.0.1:{server.server_address[1]}/sitemap.xml"]
    finally:
        go_on.set()
        first.kill()
        first.wait()
        server.shutdown()
