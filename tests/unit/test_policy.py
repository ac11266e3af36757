"""Ignores, baselines, fingerprints, exit codes: pure functions over results."""
import dataclasses
import datetime as dt

from auditor.config import Ignore
from auditor.fingerprint import describe, fingerprints, page_key
from auditor.model import Finding, PageResult, RunResult, error_page
from auditor.policy import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_PAGE_ERRORS,
    active_ignores,
    apply_baseline,
    apply_ignores,
    baseline_document,
    exit_code,
    with_fingerprints,
)


def finding(rule="image-alt", target=("img",), html='<img src="a.jpg">', impact="critical", outcome="failed"):
    return Finding(rule=rule, engine="axe", outcome=outcome, impact=impact, wcag=("1.1.1",), act=(),
                   target=target, html=html, message="m", help_url="")


def page(url="https://news.example/a/story.html", findings=()):
    return PageResult(requested_url=url, url=url, status="audited", findings=tuple(findings))


def run(*pages):
    return RunResult(tool={}, started_at="2026-01-01T00:00:00Z", duration_s=1, pages=tuple(pages))


def test_exit_codes_follow_the_contract():
    assert exit_code(run(page(findings=[finding(impact="serious")])), "serious") == EXIT_FINDINGS
    assert exit_code(run(page(findings=[finding(impact="moderate")])), "serious") == EXIT_OK
    assert exit_code(run(page(findings=[finding(outcome="cantTell")])), "minor") == EXIT_OK
    assert exit_code(run(page(), error_page("x", "http", "HTTP 500")), "serious") == EXIT_PAGE_ERRORS
    # 1 wins over 3
    assert exit_code(run(page(findings=[finding()]), error_page("x", "http", "HTTP 500")), "serious") == EXIT_FINDINGS
    assert exit_code(run(page(findings=[finding()])), "none") == EXIT_OK


def test_ignores_by_rule_url_and_selector_move_findings_aside_with_a_note():
    ad = finding(rule="color-contrast", target=("#ad-1 > span",))
    img = finding(target=("main img",))
    p = page(findings=[ad, img])
    inside = {"#ad-1 > span": [".ad-slot"]}
    by_selector = apply_ignores(p, [Ignore(selector=".ad-slot", reason="third-party ads")], inside)
    assert by_selector.findings == (img,)
    assert by_selector.ignored[0].rule == "color-contrast"
    assert "third-party ads" in by_selector.ignored[0].note
    by_rule = apply_ignores(p, [Ignore(rule="image-*")], {})
    assert [f.rule for f in by_rule.findings] == ["color-contrast"]
    by_url = apply_ignores(p, [Ignore(url="https://news.example/archive/*")], {})
    assert by_url.findings == p.findings  # other URL: nothing ignored
    both = apply_ignores(p, [Ignore(rule="color-contrast", url="https://news.example/a/*")], {})
    assert both.findings == (img,)


def test_an_expired_ignore_stops_applying_and_is_reported():
    ignores = [Ignore(rule="image-alt", reason="legacy", expires=dt.date(2026, 1, 31))]
    active, expired = active_ignores(ignores, today=dt.date(2026, 2, 1))
    assert active == [] and "expired on 2026-01-31" in expired[0] and "legacy" in expired[0]
    active, expired = active_ignores(ignores, today=dt.date(2026, 1, 31))
    assert active == ignores and expired == []
    assert exit_code(run(apply_ignores(page(findings=[finding()]), active_ignores(ignores, dt.date(2026, 2, 1))[0], {})),
                     "serious") == EXIT_FINDINGS


def test_only_ignored_findings_left_means_exit_0():
    p = apply_ignores(page(findings=[finding()]), [Ignore(rule="image-alt")], {})
    assert exit_code(run(p), "serious") == EXIT_OK
    assert run(p).summary()["ignored"] == 1


def test_descriptions_ignore_cosmetic_attributes_and_cache_busters():
    a = describe('<img class="hero big" style="x" src="/media/2026/DSC_0042.jpg?v=123456" alt="DSC_0042.jpg">')
    b = describe('<img src="https://cdn.example/other/DSC_0042.jpg?v=999999" alt="DSC_0042.jpg" class="new">')
    assert a == b
    assert describe('<img src="x.jpg" alt="A dog">') != describe('<img src="x.jpg" alt="A cat">')
    assert describe('<a href="/x">Read more</a>') != describe('<a href="/x">Subscribe</a>')


def test_fingerprints_survive_selector_changes_and_number_repeats():
    old = [finding(target=("div:nth-child(3) > img",), html='<img src="a.jpg">'),
           finding(target=("div:nth-child(4) > img",), html='<img src="a.jpg">')]
    new = [finding(target=("section > div:nth-child(7) > img",), html='<img class="x" src="a.jpg">'),
           finding(target=("section > div:nth-child(9) > img",), html='<img src="a.jpg">')]
    url = "https://news.example/a/story.html"
    assert fingerprints(url, old) == fingerprints(url, new)
    assert len(set(fingerprints(url, old))) == 2
    # same page on staging: same path, same prints
    assert fingerprints("http://staging:8080/a/story.html", old) == fingerprints(url, old)
    assert fingerprints("https://news.example/b/other.html", old) != fingerprints(url, old)


def test_baseline_marks_known_reports_new_and_fixed():
    before = run(with_fingerprints(page(findings=[finding(html='<img src="a.jpg">'),
                                                  finding(html='<img src="b.jpg">')])))
    baseline = baseline_document(before)
    after = run(with_fingerprints(page(findings=[finding(html='<img class="moved" src="a.jpg">'),
                                                 finding(html='<img src="c.jpg">')])))
    judged = apply_baseline(after, baseline, "baseline.json")
    s = judged.summary()
    assert (s["new"], s["known"], s["fixed"]) == (1, 1, 1)
    assert judged.pages[0].findings[0].html == '<img src="c.jpg">'
    assert judged.baseline["fixed"][0]["page"] == page_key(judged.pages[0].requested_url)
    # known findings do not fail the run
    only_known = apply_baseline(run(with_fingerprints(page(findings=[finding(html='<img src="a.jpg">')]))),
                                baseline, "b.json")
    assert exit_code(only_known, "serious") == EXIT_OK


def test_applying_a_baseline_again_keeps_known_findings_known():
    """`merge --baseline` over shards that used the baseline already, or `report --baseline`."""
    baseline = baseline_document(run(with_fingerprints(page(findings=[finding(html='<img src="a.jpg">')]))))
    once = apply_baseline(run(with_fingerprints(page(findings=[finding(html='<img src="a.jpg">')]))), baseline, "b")
    twice = apply_baseline(once, baseline, "b")
    assert [len(p.known) for p in twice.pages] == [1]
    assert twice.baseline["fixed"] == [] and twice.summary()["fixed"] == 0


def test_a_page_that_errors_now_does_not_mark_its_old_findings_fixed():
    baseline = baseline_document(run(with_fingerprints(page(findings=[finding()]))))
    judged = apply_baseline(run(error_page("https://news.example/a/story.html", "timeout", "slow")), baseline, "b")
    assert judged.baseline["fixed"] == []


def test_fingerprints_round_trip_through_json():
    p = with_fingerprints(page(findings=[finding()]))
    again = PageResult.from_dict(p.to_dict())
    assert again.findings[0].fingerprint == p.findings[0].fingerprint is not None
    assert dataclasses.replace(again, timings={}) == dataclasses.replace(p, timings={})
