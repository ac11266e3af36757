"""Finding the article in the browser: by markup (configured selector, itemprop=articleBody,
<article>, <main>, JSON-LD articleBody), by text density when markup says nothing, and saying
so when there is none; the regions inside it that are the site's are left out."""
from __future__ import annotations

import json

import pytest

from auditor.config import Settings
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser

PROSE = "".join(f"<p>Paragraph {n} of the story, long enough to read as the article's own prose, "
                "with a sentence or two more so that it counts as text.</p>" for n in range(8))
TEXT = " ".join(f"Paragraph {n} of the story, long enough to read as the article's own prose, "
                "with a sentence or two more so that it counts as text." for n in range(8))
NAV = "<nav>" + "".join(f'<a href="/s{n}">Section {n}</a> ' for n in range(12)) + "</nav>"
TEASERS = "".join(f'<div class="teaser"><a href="/story-{n}">Another story number {n}</a></div>' for n in range(10))


def doc(body: str, head: str = "") -> str:
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>{head}</head><body>{body}</body></html>'


PAGES = {
    "itemprop": doc(f'<header>{NAV}</header><div class="page"><h1>Headline</h1>'
                    f'<div itemprop="articleBody" class="story">{PROSE}</div></div>'),
    "article": doc(f'{NAV}<main><article class="story"><h1>Headline</h1>{PROSE}'
                   '<aside class="related-stories"><h2>Related</h2><ul>'
                   + "".join(f'<li><a href="/r{n}">Related story {n}</a></li>' for n in range(5))
                   + '</ul></aside><div id="relatedContentUpper"><a href="/o1">Other people read this</a></div>'
                   '<div id="comments"><p>Comments are closed on this one, sorry.</p></div>'
                   '</article></main><aside><article><p>A teaser, not the story.</p></article></aside>'),
    "main": doc(f'{NAV}<main id="content"><h1>Headline</h1>{PROSE}</main><footer><p>© Site</p></footer>'),
    "json-ld": doc(f'<div id="top">{NAV}</div><div id="x1"><h1>Headline</h1><div id="x2">{PROSE}</div></div>'
                   f'<div id="x3"><p>{"Side text of the site that is not the story at all. " * 8}</p></div>',
                   head='<script type="application/ld+json">' + json.dumps(
                       {"@type": "NewsArticle", "headline": "Headline", "articleBody": TEXT}) + "</script>"),
    "density": doc(f'<div id="top">{NAV}{TEASERS}</div><div id="c"><h1>Headline</h1><div id="b">{PROSE}</div></div>'
                   f'<div id="bottom">{TEASERS}</div>'),
    "none": doc(f'<div id="top">{NAV}</div><div id="list">{TEASERS}</div>'),
}


@pytest.fixture(scope="module")
def found(chromium, tmp_path_factory):
    root = tmp_path_factory.mktemp("finding")
    for name, html in PAGES.items():
        (root / f"{name}.html").write_text(html)
    server = FaultServer(root)
    server.start()
    try:
        results = chromium.audit([server.page(f"{name}.html") for name in PAGES], Settings(screenshots=False))
        configured = chromium.audit([server.page("density.html")],
                                    Settings(screenshots=False, article_selector="#b"))
    finally:
        server.stop()
    pages = dict(zip(PAGES, results.pages))
    assert all(p.status == "audited" for p in pages.values()), {k: p.error for k, p in pages.items()}
    return pages, configured.pages[0]


@pytest.mark.parametrize("name, source, selector", [
    ("itemprop", "itemprop", ".page"),  # widened to take in the headline just above it
    ("article", "article", ".story"),
    ("main", "main", "#content"),
    ("json-ld", "json-ld", "#x1"),
    ("density", "density", "#c"),
])
def test_the_article_is_found_and_says_how(found, name, source, selector):
    article = found[0][name].article
    assert article["found"] is True, article
    assert (article["source"], article["selector"]) == (source, selector), article
    assert article["headline"] == "Headline" and article["confidence"] in ("high", "medium", "low")
    assert article["reason"]


def test_a_page_without_an_article_says_so_and_its_findings_are_the_pages(found):
    page = found[0]["none"]
    assert page.article["found"] is False and page.article["source"] == "none"
    assert "no element holds article text" in page.article["reason"]
    assert {f.scope for f in page.findings if f.target and f.target[0] not in ("html", "body")} <= {"page"}


def test_the_configured_selector_wins(found):
    article = found[1].article
    assert (article["source"], article["selector"], article["confidence"]) == ("configured", "#b", "high")


def test_related_stories_and_comments_inside_the_article_are_left_out(found):
    article = found[0]["article"].article
    why = {e["selector"]: e["why"] for e in article["excluded"]}
    assert set(why) == {".related-stories", "#relatedContentUpper", "#comments"}, why
    assert why["#relatedContentUpper"] == "related stories"  # a camelCase name is read word by word
    assert why["#comments"] == "comments"


def test_a_bare_page_with_its_text_straight_in_the_body_has_the_body_as_its_article(chromium, tmp_path):
    (tmp_path / "bare.html").write_text(doc(f"<h1>Headline</h1>{PROSE}<img src='x.png'>"))
    server = FaultServer(tmp_path)
    server.start()
    try:
        page = chromium.audit([server.page("bare.html")], Settings(screenshots=False)).pages[0]
    finally:
        server.stop()
    assert (page.article["found"], page.article["source"], page.article["selector"]) == (True, "density", "body")
    assert [f.scope for f in page.findings if f.rule == "image-alt"] == ["article"]
