"""diff between runs, merge of shards, GitHub annotations."""
import dataclasses

import pytest

from auditor.annotations import github_annotations
from auditor.config import Settings
from auditor.diff import diff, markdown
from auditor.errors import AuditorError
from auditor.model import Finding, PageResult, RuleInfo, RunResult, error_page
from auditor.policy import with_fingerprints


def f(html, rule="image-alt", impact="critical", target=("img",)):
    return Finding(rule=rule, engine="axe", outcome="failed", impact=impact, wcag=(), act=(), target=target,
                   html=html, message="Images must have alternative text", help_url="")


def page(url, *findings, index=None):
    return with_fingerprints(PageResult(requested_url=url, url=url, status="audited", findings=findings, index=index))


def run(*pages, started="2026-01-01T00:00:00Z", rules=()):
    return RunResult(tool={"name": "auditor"}, started_at=started, duration_s=1.0, pages=pages, rules=rules)


def test_diff_new_fixed_unchanged_by_fingerprint():
    old = run(page("https://x/a", f('<img src="1.jpg">'), f('<img src="2.jpg">')))
    new = run(page("https://x/a", f('<img class="c" src="1.jpg">', target=("div > img",)), f('<img src="3.jpg">')),
              page("https://x/b", f('<img src="9.jpg">')))
    d = diff(old, new)
    assert [c.finding.html for c in d.new] == ['<img src="3.jpg">']
    assert [c.finding.html for c in d.fixed] == ['<img src="2.jpg">']
    assert len(d.unchanged) == 1
    assert d.not_compared == ("/b",)
    text = markdown(d)
    assert "**1 new**, **1 fixed**, 1 unchanged, on 1 page compared" in text
    assert d.to_dict()["summary"] == {"new": 1, "fixed": 1, "unchanged": 1, "pages_compared": 1}


def _merge(tmp_path, *runs, on_load=None, settings=None):
    """Shard results written as files, merged as `auditor merge` does: through the engine's entry point."""
    from auditor import engine
    from auditor.reports import json as json_report

    files = []
    for n, shard in enumerate(runs):
        files.append(tmp_path / f"shard{n}" / "results.json")
        if shard.shard is None:  # as `--shard K/N` records it
            shard = dataclasses.replace(shard, shard={"k": n + 1, "n": len(runs), "targets": "sha256:1", "total": 9})
        json_report.write(shard, files[-1])
    request = engine.AuditRequest(settings or Settings(), stream=tmp_path / "merged" / "results.jsonl")
    return files, engine.audit(request, engine.ShardResults(tuple(files), on_load=on_load))


def test_merge_orders_pages_by_index_and_unions_rules(tmp_path):
    a = run(page("https://x/0", index=0), page("https://x/2", index=2),
            rules=(RuleInfo("image-alt", "axe", "t"),))
    b = run(page("https://x/1", index=1), error_page("https://x/3", "http", "HTTP 404", index=3),
            started="2025-12-31T00:00:00Z", rules=(RuleInfo("image-alt", "axe", "t"), RuleInfo("x", "article", "y")))
    _, m = _merge(tmp_path, a, b)
    assert [p.index for p in m.pages] == [0, 1, 2, 3]
    assert [r.id for r in m.rules] == ["image-alt", "x"]
    assert m.started_at == "2025-12-31T00:00:00Z"
    assert m.summary()["errors"] == 1


def test_merge_refuses_overlapping_shards(tmp_path):
    a = run(page("https://x/0", index=0))
    with pytest.raises(AuditorError, match="more than one results file"):
        _merge(tmp_path / "twice", a, a)
    with pytest.raises(AuditorError, match="without an index"):
        _merge(tmp_path / "unindexed", run(page("https://x/0")))


def test_merged_pages_stay_on_disk_and_keep_their_findings(tmp_path):
    from auditor.pagestore import StoredPages

    a = run(page("https://x/2", f('<img src="2.jpg">'), index=2), page("https://x/0", index=0))
    b = run(page("https://x/1", index=1))
    seen = []
    files, merged = _merge(tmp_path, a, b, on_load=lambda path, r: seen.append(path))
    assert isinstance(merged.pages, StoredPages)  # one shard in memory at a time
    assert seen == files
    assert list(merged.pages) == [a.pages[1], b.pages[0], a.pages[0]]
    assert merged.summary()["failed"] == 1


def test_annotations_for_failing_findings_and_page_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    local = (tmp_path / "site" / "a.html").as_uri()
    res = run(page(local, f('<img src="1.jpg">', target=("main", "img")), f("<p>", rule="minor-thing", impact="minor")),
              error_page("https://x/down", "http", "HTTP 503"))
    text = github_annotations(res, "serious")
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=site/a.html,title=image-alt (critical)::")
    assert "main → img" in lines[0]  # frame levels print as in every report (model.target_text)
    # Properties escape ':' and ','; the message is data, where only '%', CR and LF are escaped.
    assert lines[1] == "::error title=page not audited::https://x/down: http: HTTP 503"
    many = run(page("https://x/a", *[f(f'<img src="{i}.jpg">') for i in range(80)]))
    assert github_annotations(many, "serious").splitlines()[-1].startswith("::warning")
    # message text with newlines and percents is escaped, never breaking the command
    odd = run(page("https://x/a", dataclasses.replace(f("<img>"), message="50%\nbad")))
    assert "50%25%0Abad" in github_annotations(odd, "serious")
