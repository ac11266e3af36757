"""The new-article gate on a small site served on loopback: one template (logo, navigation with
the current page marked, a dated header, a related-stories rail inside the article, a footer),
several articles. A baseline from three articles knows the template's problems on a fourth it
never saw; only that article's own problems fail the gate."""
from __future__ import annotations

import pytest

from auditor.config import Settings
from auditor.policy import EXIT_FINDINGS, EXIT_OK, apply_baseline, baseline_document, exit_code
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser

ARTICLES = {
    "harbour-reopens-after-storm-repairs": ("Harbour reopens after storm repairs", "Monday 30 November 2026"),
    "council-votes-on-new-cycle-lanes": ("Council votes on new cycle lanes", "Tuesday 1 December 2026"),
    "local-bakery-wins-national-prize": ("Local bakery wins national prize", "Wednesday 2 December 2026"),
    "school-choir-tours-three-cities": ("School choir tours three cities", "Thursday 3 December 2026"),
}
GOOD_BODY = "<p>{title}. The story in full, told by our reporter at length for the readers.</p>" * 6
# The fourth article's own problems: a chart without a text alternative, a link with no name.
BAD_BODY = GOOD_BODY + '<p><img src="/img/turnout-chart.png"></p><p><a href="/data.csv"><img src="/i.png" alt=""></a></p>'


def template(slug: str, body: str, *, cosmetic: bool = False, new_problem: bool = False) -> str:
    title, date = ARTICLES[slug]
    nav = "".join(f'<li><a href="/{s}.html" style="color:#bbb"{" aria-current=page" if s == slug else ""}>'
                  f'{ARTICLES[s][0].split()[0]}</a></li>' for s in ARTICLES)
    related = "".join(f'<li><a href="/{s}.html"><img src="/img/{s}.jpg">{t}</a></li>'
                      for s, (t, _) in ARTICLES.items() if s != slug)
    logo = '<a href="/"><img src="/img/logo.png"></a>'
    header = (f'<header class="site-header"><div class="wrap">{logo}</div><nav><ul class="menu">{nav}</ul></nav>'
              f'<span style="color:#ccc">{date}</span>'
              + ('<form role="search"><input type="search" name="q"></form>' if new_problem else "") + "</header>")
    if cosmetic:  # a redesign that moves markup around and renames classes, the problems unchanged
        header = f'<div class="shell-2027"><div class="top">{header.replace("wrap", "logo-box")}</div></div>'
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'{header}<main><article><h1>{title}</h1>{body.format(title=title)}'
            f'<aside class="related-stories"><h2>Related</h2><ul>{related}</ul></aside></article></main>'
            f'<footer><p style="color:#ddd">© News of the Bay</p></footer></body></html>')


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    root = tmp_path_factory.mktemp("news")
    slugs = list(ARTICLES)
    for slug in slugs[:3]:
        (root / f"{slug}.html").write_text(template(slug, GOOD_BODY))
    new = slugs[3]
    (root / "new.html").write_text(template(new, BAD_BODY))
    (root / "new-fixed.html").write_text(template(new, GOOD_BODY))
    (root / "new-cosmetic.html").write_text(template(new, GOOD_BODY, cosmetic=True))
    (root / "new-template-problem.html").write_text(template(new, GOOD_BODY, new_problem=True))
    server = FaultServer(root)
    server.start()
    yield server, slugs[:3]
    server.stop()


@pytest.fixture(scope="module")
def baseline(chromium, news):
    server, sample = news
    run = chromium.audit([server.page(f"{s}.html") for s in sample], Settings(screenshots=False))
    assert all(p.status == "audited" for p in run.pages), [p.error for p in run.pages]
    return run, baseline_document(run)


def _judged(chromium, server, name, doc):
    run = chromium.audit([server.page(f"{name}.html")], Settings(screenshots=False))
    assert run.pages[0].status == "audited", run.pages[0].error
    return apply_baseline(run, doc, "baseline.json")


def test_the_sample_has_template_problems_recorded_once_per_site(baseline):
    run, doc = baseline
    template_rules = {f.rule for p in run.pages for f in p.findings if f.scope == "template"}
    assert {"image-alt", "color-contrast"} <= template_rules
    assert all(p.article["found"] and p.article["selector"] == "article" for p in run.pages)
    assert all(e["why"] for p in run.pages for e in p.article["excluded"])  # the related rail, left out
    # The run says how it was made, with the tools' versions read from the browser.
    assert run.settings["standard"] == "WCAG2.2AA" and run.settings["axe_version"] and run.settings["browser"]
    entries = [e for e in doc["findings"] if e.get("scope") == "template"]
    assert entries and all(e["site"].startswith("127.0.0.1") for e in entries)
    # The logo is on all three pages but is one entry: the template is fixed once.
    logos = [e for e in entries if e["rule"] == "image-alt" and "logo.png" in " ".join(e["target"])]
    assert len(logos) == 1, logos
    on_pages = [f for p in run.pages for f in p.findings if f.rule == "image-alt" and "logo.png" in f.html]
    assert len(on_pages) == 3 and len({f.fingerprint for f in on_pages}) == 1


def test_a_new_article_fails_only_on_its_own_problems(chromium, news, baseline):
    server, _ = news
    judged = _judged(chromium, server, "new", baseline[1])
    page = judged.pages[0]
    new = sorted((f.rule, f.scope) for f in page.findings if f.outcome == "failed")
    assert new and all(scope == "article" for _, scope in new), new
    assert ("image-alt", "article") in new
    assert {f.scope for f in page.known} == {"template"}
    assert exit_code(judged, "serious") == EXIT_FINDINGS
    # The web team's gate over the same page passes: its template problems are all known.
    assert exit_code(judged, "serious", "template") == EXIT_OK


def test_with_its_problems_fixed_the_new_article_passes(chromium, news, baseline):
    server, _ = news
    judged = _judged(chromium, server, "new-fixed", baseline[1])
    assert [(f.rule, f.html) for f in judged.pages[0].findings if f.outcome == "failed"] == []
    assert judged.pages[0].known
    assert exit_code(judged, "serious") == EXIT_OK


def test_template_problems_moved_by_a_cosmetic_redesign_stay_known(chromium, news, baseline):
    server, _ = news
    judged = _judged(chromium, server, "new-cosmetic", baseline[1])
    assert [(f.rule, f.html) for f in judged.pages[0].findings if f.outcome == "failed"] == []
    assert exit_code(judged, "serious") == EXIT_OK


def test_a_genuinely_new_template_problem_is_new(chromium, news, baseline):
    server, _ = news
    judged = _judged(chromium, server, "new-template-problem", baseline[1])
    new = [(f.rule, f.scope, f.html) for f in judged.pages[0].findings if f.outcome == "failed"]
    assert new and all(scope == "template" and "search" in html for _, scope, html in new), new
    assert exit_code(judged, "serious", "article") == EXIT_OK
    assert exit_code(judged, "serious", "template") == EXIT_FINDINGS
