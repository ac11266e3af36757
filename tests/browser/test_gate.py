"""The CI gate on real pages: fingerprints across redesigns, ignores matched in the page,
resume, and shards that merge back into the unsharded run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.config import Ignore, Settings
from auditor.policy import apply_baseline, baseline_document

pytestmark = pytest.mark.browser


def test_a_cosmetic_redesign_keeps_every_known_problem_known(chromium, site):
    before = chromium.audit([site.page("gate/v1.html")])
    after = chromium.audit([site.page("gate/v2-cosmetic.html")])
    assert {"image-alt", "image-alt-filename", "color-contrast"} <= {f.rule for f in before.pages[0].findings}
    judged = apply_baseline(_rename(after, before), baseline_document(before), "b.json")
    known = {f.rule for f in judged.pages[0].known}
    assert {"image-alt", "image-alt-filename", "color-contrast"} <= known
    # Only findings about markup the redesign really added (its banner) may be new.
    new = [(f.rule, f.html) for f in judged.pages[0].findings]
    assert all(rule not in ("image-alt", "image-alt-filename", "color-contrast") for rule, _ in new), new
    assert judged.summary()["fixed"] == 0


def _rename(result, like):
    """Serve both versions as the same article: a redesign keeps the article's URL."""
    import dataclasses

    from auditor.policy import with_fingerprints

    pages = [with_fingerprints(dataclasses.replace(p, requested_url=q.requested_url, url=q.url,
                                                   site=q.site, site_path=q.site_path,
                                                   findings=tuple(dataclasses.replace(f, fingerprint=None)
                                                                  for f in p.findings)))
             for p, q in zip(result.pages, like.pages)]
    return dataclasses.replace(result, pages=tuple(pages))


def test_a_really_new_problem_is_new(chromium, site):
    before = chromium.audit([site.page("gate/v1.html")])
    after = chromium.audit([site.page("gate/v3-new-problem.html")])
    judged = apply_baseline(_rename(after, before), baseline_document(before), "b.json")
    new = [f for f in judged.pages[0].findings]
    assert [(f.rule, f.html) for f in new] == [("image-alt", '<img src="second-chart.png">')]
    assert judged.summary()["fixed"] == 0


def test_an_ignore_selector_covers_elements_inside_the_matching_element(chromium, site):
    settings = Settings(screenshots=False, ignore=(Ignore(selector=".ad-slot", reason="ads"),))
    result = chromium.audit([site.page("gate/v1.html")], settings)
    page = result.pages[0]
    assert [f.rule for f in page.ignored] == ["color-contrast"]
    assert "ads" in page.ignored[0].note
    assert all(f.rule != "color-contrast" for f in page.findings)


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          env={**os.environ, "CI": "true"}, cwd=cwd, timeout=300)


@pytest.mark.slow
def test_shards_merge_into_the_unsharded_run(site, tmp_path):
    urls = [site.page(f"gate/v1.html?n={n}") for n in range(5)] + [site.url("/fault/status/404")]
    common = ["--no-screenshots", "--fail-on", "none", "--no-config"]
    whole = _cli("audit", *urls, "--out", str(tmp_path / "whole"), *common)
    assert whole.returncode == 3, whole.stderr
    shards = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}"
        r = _cli("audit", *urls, "--shard", f"{k}/3", "--out", str(out), *common)
        assert r.returncode in (0, 3), r.stderr
        shards.append(str(out / "results.json"))
    counts = [len(json.loads(Path(s).read_text())["pages"]) for s in shards]
    assert sum(counts) == len(urls) and max(counts) < len(urls)
    merged = _cli("merge", *shards, "--out", str(tmp_path / "merged"), "--fail-on", "none")
    assert merged.returncode == 3, merged.stderr
    a = json.loads((tmp_path / "whole" / "results.json").read_text())
    b = json.loads((tmp_path / "merged" / "results.json").read_text())

    def comparable(doc):
        return [(p["index"], p["requested_url"], p["status"], sorted((f["rule"], f["fingerprint"]) for f in p["findings"]))
                for p in doc["pages"]]
    assert comparable(a) == comparable(b)
    assert a["summary"] == b["summary"]


@pytest.mark.slow
def test_resume_skips_pages_that_are_done(site, tmp_path):
    counter = {"n": 0}

    def counted(handler):
        counter["n"] += 1
        handler.send_body(200, b"<!doctype html><html lang=en><title>Counted</title><main><h1>x</h1></main></html>")

    done_url = site.add_route("/counted-page", counted)
    other = site.page("basic.html?resume")
    out = tmp_path / "rep"
    first = _cli("audit", done_url, "--out", str(out), "--no-screenshots", "--no-config", "--fail-on", "none")
    assert first.returncode == 0, first.stderr
    assert counter["n"] == 1
    # Pretend the run had two targets and was interrupted after the first: the stream holds page 0 only.
    resumed = _cli("audit", done_url, other, "--out", str(out), "--resume", "--no-screenshots", "--no-config",
                   "--fail-on", "none")
    assert resumed.returncode == 0, resumed.stderr
    assert counter["n"] == 1, "the finished page was audited again"
    doc = json.loads((out / "results.json").read_text())
    assert [p["requested_url"] for p in doc["pages"]] == [done_url, other]
    assert all(p["status"] == "audited" for p in doc["pages"])


@pytest.mark.slow
def test_the_browser_is_restarted_every_n_pages_and_no_page_is_lost(chromium, site):
    before = chromium.browser.restarts
    urls = [site.page(f"basic.html?restart={n}") for n in range(5)]
    result = chromium.audit(urls, Settings(screenshots=False, restart_every=2, concurrency=1))
    assert [p.status for p in result.pages] == ["audited"] * 5
    assert chromium.browser.restarts - before == 2  # before pages 3 and 5
    # With pages in flight the restart waits for them: nothing is cut off.
    before = chromium.browser.restarts
    result = chromium.audit(urls, Settings(screenshots=False, restart_every=2, concurrency=2))
    assert [p.status for p in result.pages] == ["audited"] * 5
    assert chromium.browser.restarts - before >= 1


def test_a_streamed_run_reads_its_pages_back_from_disk_in_input_order(chromium, site, tmp_path):
    from auditor.pagestore import StoredPages

    urls = [site.page(f"basic.html?disk={n}") for n in range(4)] + [str(tmp_path / "missing.html")]
    stream = tmp_path / "results.jsonl"
    result = chromium.audit(urls, Settings(screenshots=False, concurrency=2), stream=stream)
    assert isinstance(result.pages, StoredPages)  # finished pages are not held in memory
    assert [p.requested_url for p in result.pages] == urls[:4] + [(tmp_path / "missing.html").as_uri()]
    assert [p.index for p in result.pages] == [0, 1, 2, 3, 4]
    assert result.summary()["audited"] == 4 and result.summary()["errors"] == 1
    lines = stream.read_text().splitlines()
    assert len(lines) == 6 and json.loads(lines[0])["schema"] == "auditor/results-stream@1"
