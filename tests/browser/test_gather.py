"""The gatherer on real pages in real Chromium: axe runs in every frame, facts are recorded."""
import pytest

pytestmark = pytest.mark.browser


def _targets(artifacts, rule):
    return [n["target"] for r in artifacts.axe["violations"] if r["id"] == rule for n in r["nodes"]]


def test_axe_runs_on_the_page_and_records_metadata(chromium, site):
    art = chromium.gather(site.page("basic.html"))
    assert art.title == "Basic article"
    assert art.http_status == 200
    assert art.url == site.page("basic.html")
    assert _targets(art, "image-alt") == [['img']]
    assert art.axe["version"].startswith("4.")
    assert {"load", "axe_inject", "axe_run", "collect"} <= set(art.timings)
    assert any(r["id"] == "image-alt" and "wcag111" in r["tags"] for r in art.axe["rules"])


def test_axe_reaches_same_and_cross_origin_frames_with_frame_aware_targets(chromium, site):
    art = chromium.gather(site.page("frames.html"))
    targets = _targets(art, "image-alt")
    assert ["#same", "img"] in targets
    assert ["#cross", "img"] in targets


def test_only_the_kinds_of_fact_the_rules_need_are_collected(chromium, site):
    from auditor.rules import all_rules
    from auditor.rules.runner import judge, page_requests

    alt_rules = tuple(r for r in all_rules() if r.meta.id == "image-alt-filename")
    art = chromium.gather(site.page("articles/alt-text.html"), page_facts=page_requests({}, alt_rules))
    assert art.article.kinds == ("figures", "images"), "images refer to their figure"
    assert art.article.images and not art.article.texts.blocks and not art.article.frames
    assert set(art.article.ms) >= {"figures", "images"} and "texts" not in art.article.ms
    found, errors = judge(art, rules=alt_rules)
    assert not errors and any(f.rule == "image-alt-filename" for f in found)
    _, errors = judge(art)
    assert "external-content-disclaimer-missing" in {e.rule for e in errors}, "judged without its facts: an error"
