"""A folder from a pull request is hostile: links planted in it must not carry files from outside
it into the results or the report. `auditor audit` as CI runs it, in its own process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SECRET = "AKIA-SECRET-7f3a9c"
# What a planted link might reach: a page-like file whose content would land in findings and titles.
CREDENTIALS = (f"<!doctype html><html><head><title>{SECRET}</title></head><body>"
               f"<p>aws_secret_access_key = {SECRET}</p><img src='{SECRET}.png'></body></html>")
ARTICLE = """<!doctype html><html lang="en"><head><title>Local story</title></head><body><main>
<h1>Local story</h1><p>The council met on Tuesday.</p>
<img src="photo.jpg">
<iframe title="archive" src="archive/credentials.html"></iframe>
<iframe title="notes" src="notes.txt"></iframe>
</main></body></html>"""


def test_links_out_of_an_audited_folder_leak_nothing_into_results_or_reports(tmp_path):
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "credentials.html").write_text(CREDENTIALS)
    site = tmp_path / "site"
    site.mkdir()
    (site / "article.html").write_text(ARTICLE)
    (site / "latest.html").symlink_to("article.html")  # inside: audited like the article
    (site / "leak.html").symlink_to(outside / "credentials.html")  # a page that is a link out
    (site / "archive").symlink_to(outside)  # a folder link out, loaded by the article's iframe
    (site / "notes.txt").symlink_to(outside / "credentials.html")  # a file link out, loaded by the other iframe
    (site / "photo.jpg").symlink_to(outside / "credentials.html")
    out = tmp_path / "rep"
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(site), "--no-config", "--out", str(out),
                           "--json", str(tmp_path / "results.json"), "--sarif", str(tmp_path / "a.sarif"),
                           "--junit", str(tmp_path / "junit.xml"), "--markdown", str(tmp_path / "a.md"),
                           "--block-third-party", "--fail-on", "none"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "CI": "true"})
    assert proc.returncode == 3, proc.stderr  # the refused link and folder are page errors
    doc = json.loads((tmp_path / "results.json").read_text())
    pages = {Path(p["requested_url"]).name: p for p in doc["pages"]}
    assert sorted(pages) == ["archive", "article.html", "latest.html", "leak.html"]
    assert pages["article.html"]["status"] == pages["latest.html"]["status"] == "audited"
    assert pages["leak.html"]["error"]["message"].startswith("refused: leak.html is a symbolic link")
    assert pages["archive"]["error"]["kind"] == "target"
    written = [p for p in [*out.rglob("*"), *tmp_path.glob("*.*")] if p.is_file()]
    assert {"results.json", "results.jsonl", "index.html", "a.sarif", "junit.xml", "a.md"} <= {p.name for p in written}
    leaked = [p.name for p in written if SECRET.encode() in p.read_bytes()]
    assert leaked == [], f"the secret reached {leaked}"
    assert SECRET not in proc.stdout + proc.stderr


def test_links_planted_in_the_report_folder_are_replaced_not_written_through(tmp_path):
    """A report folder checked out from a pull request may hold links to files the run would overwrite."""
    from auditor.live import _slug

    site = tmp_path / "site"
    site.mkdir()
    (site / "article.html").write_text(ARTICLE.replace('<img src="photo.jpg">', ""))
    victims = {name: tmp_path / f"victim-{name}" for name in ("jsonl", "shot", "artifacts")}
    for victim in victims.values():
        victim.write_text("precious")
    out, saved = tmp_path / "rep", tmp_path / "saved"
    (out / "screenshots").mkdir(parents=True)
    saved.mkdir()
    (out / "results.jsonl").symlink_to(victims["jsonl"])
    (out / "screenshots" / "0001.jpg").symlink_to(victims["shot"])
    (saved / f"0001-{_slug((site / 'article.html').as_uri())}.json").symlink_to(victims["artifacts"])
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(site / "article.html"), "--no-config",
                           "--out", str(out), "--save-artifacts", str(saved), "--block-third-party", "--fail-on", "none"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "CI": "true"})
    assert proc.returncode == 0, proc.stderr
    assert {name: v.read_text() for name, v in victims.items()} == dict.fromkeys(victims, "precious")
    written = [out / "results.jsonl", out / "screenshots" / "0001.jpg", *saved.glob("0001-*.json")]
    assert [p.is_symlink() for p in written] == [False, False, False] and all(p.stat().st_size for p in written)
