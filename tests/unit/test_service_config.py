"""`auditor serve --config FILE`: the service's audits start from the file's settings, the request's
own options go over them, and keys that only concern `auditor audit` are ignored and named."""
from __future__ import annotations

import socket

from click.testing import CliRunner

from auditor.cli import main
from auditor.config import Settings
from auditor.service.config import ServiceConfig, audit_settings
from auditor.service.jobs import JobRunner

CONFIG = """\
standard = "WCAG2.0A"
mobile = true
timeout = 12
block_third_party = true
out = "reports"
fail_on = "minor"
limit = 3

[rules]
max_alt_length = 20

[[ignore]]
rule = "image-alt-filename"
reason = "archive pictures are named by the camera"
"""


def test_the_file_gives_every_audit_its_defaults_and_the_request_goes_over_them(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text(CONFIG, encoding="utf-8")
    settings, ignored = audit_settings(path)
    assert ignored == ("out", "fail_on", "limit")
    assert (settings.out, settings.fail_on, settings.limit) == ("a11y-report", "serious", None)
    assert settings.standard == "WCAG2.0A" and settings.mobile and settings.block_third_party
    assert settings.rules == {"max_alt_length": 20}
    assert [ig.rule for ig in settings.ignore] == ["image-alt-filename"]

    config = ServiceConfig(db=tmp_path / "s.db", page_timeout=7, pages_at_once=1, settings=settings).validate()
    runner = JobRunner(config, store=None, guard=None)
    asked = runner.settings({"standard": "WCAG2.1AA", "mobile": False})
    assert (asked.standard, asked.mobile) == ("WCAG2.1AA", False)  # the request's own options win
    assert (asked.timeout, asked.concurrency) == (7, 1)  # the service's flags win over the file
    assert asked.rules == {"max_alt_length": 20} and asked.ignore == settings.ignore and asked.block_third_party
    assert runner.settings({}).standard == "WCAG2.0A"


def test_only_the_file_named_is_read(tmp_path, monkeypatch):
    (tmp_path / "auditor.toml").write_text('standard = "WCAG2.0A"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert audit_settings(None) == (Settings(), ())


def _serve(*args: str):
    """`auditor serve` on a port that is taken: whatever the settings, it never starts serving."""
    with socket.create_server(("127.0.0.1", 0)) as busy:
        return CliRunner().invoke(main, ["serve", "--port", str(busy.getsockname()[1]), *args])


def test_a_bad_file_stops_serve_in_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('standerd = "WCAG2.1AA"\n', encoding="utf-8")
    result = _serve("--config", str(bad), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"auditor: error: {bad}: unknown key 'standerd' (did you mean 'standard'?)")


def test_a_missing_baseline_stops_serve_before_the_first_audit(tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text(f'baseline = "{tmp_path / "none.json"}"\n', encoding="utf-8")
    result = _serve("--config", str(config), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "none.json does not exist" in result.output
