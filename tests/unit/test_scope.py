"""Whose a finding is (article, template, page), template fingerprints that hold site-wide,
baselines that know a template problem on pages they never saw, and the outputs that carry scope."""
from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from auditor.facts.article import ArticleFact, ArticleRegion, Placement
from auditor.fingerprint import fingerprints, legacy_fingerprints, template_describe
from auditor.model import PageResult
from auditor.policy import EXIT_FINDINGS, EXIT_OK, apply_baseline, baseline_document, exit_code, with_fingerprints
from auditor.reports import junit, markdown, sarif
from auditor.scope import judged_by, not_the_article, scope_of, site_templates, with_scopes
from tests.fixtures.report_data import finding, run

BODY = ArticleRegion(selector="article .body", tag="div", text_length=2000)


def article(*regions: ArticleRegion, **elements: Placement) -> ArticleFact:
    return ArticleFact(selector="article", source="article", confidence="high", text_length=2400,
                       regions=regions, elements={k.replace("_", " "): v for k, v in elements.items()})


def region(**kw) -> ArticleRegion:
    return ArticleRegion(**{"selector": "x", "tag": "div", "text_length": 200, **kw})


# ---- which regions inside the article are not the article -----------------------------------

@pytest.mark.parametrize("r, why", [
    (region(hint="related stories"), "related stories"),
    (region(hint="comments"), "comments"),
    (region(hint="advertising", text_length=2000), None),  # most of the article's text: its own wrapper
    (region(hint="sharing", has_headline=True), None),  # holds the headline: the story's own header
    (region(tag="nav"), "navigation"),
    (region(tag="div", role="navigation"), "navigation"),
    (region(tag="footer"), "footer"),
    (region(tag="footer", text_length=2000), None),
    (region(tag="header", has_headline=True, links=9), None),  # the story's header: headline, byline
    (region(tag="header", links=2, link_text_length=20), None),  # a short dateline
    (region(tag="header", links=12, link_text_length=150), "site header"),
    (region(tag="aside", links=5, link_text_length=150), "links beside the article"),
    (region(tag="aside", links=0), None),  # a fact box or pull quote is the article's
])
def test_regions_inside_the_article_that_are_not_the_article(r, why):
    assert not_the_article(r, article(BODY)) == why


def test_a_findings_scope_follows_where_its_element_sits():
    fact = article(BODY, region(selector="aside.related", hint="related stories"),
                   img=Placement(in_article=True, regions=(0,)),
                   rail_img=Placement(in_article=True, regions=(0, 1)),
                   logo=Placement(in_article=False, landmark="header"),
                   gone=Placement(found=False))
    assert scope_of(("img",), fact) == "article"
    assert scope_of(("rail img",), fact) == "template"  # inside the article, but in its related rail
    assert scope_of(("logo",), fact) == "template"
    assert scope_of(("html",), fact) == "template"  # page-level: the template renders it
    assert scope_of(("gone",), fact) == "page"  # not measured: nobody can say
    assert scope_of(("img", "iframe-inner > p"), fact) == "article"  # a frame's element: its iframe's scope
    assert scope_of(("logo", "p"), fact) == "template"


def test_no_article_found_makes_every_element_finding_the_pages():
    none = ArticleFact(source="none", reason="no element holds paragraph text")
    assert not none.found
    assert scope_of(("p",), none) == "page"
    assert scope_of(("html",), none) == "template"
    assert [f.scope for f in with_scopes([finding(target=("p",))], none)] == ["page"]


def test_the_scope_gate_judges_its_own_findings_and_those_nobody_could_place():
    assert judged_by("article", "article") and not judged_by("template", "article")
    assert judged_by("template", "template") and not judged_by("article", "template")
    assert judged_by("page", "article") and judged_by("page", "template") and judged_by(None, "article")
    assert all(judged_by(s, "all") for s in ("article", "template", "page", None))


# ---- template fingerprints -----------------------------------------------------------------

def _page(url, *findings, site=None, site_path=None):
    from auditor.fingerprint import page_key, site_of
    return with_fingerprints(PageResult(requested_url=url, url=url, status="audited", findings=tuple(findings),
                                        site=site or site_of(url), site_path=site_path or page_key(url)))


def logo(**kw):
    return dataclasses.replace(finding(target=("header > a > img",), html='<img src="/static/logo.png?v=20261201">',
                                       **kw), scope="template")


def own(html='<img src="/2026/12/chart.png">'):
    return dataclasses.replace(finding(target=("article img",), html=html), scope="article")


def test_a_template_finding_has_one_fingerprint_on_every_page_of_its_site():
    a = _page("https://news.example/2026/12/01/harbour.html", logo(), own())
    b = _page("https://news.example/politics/council-votes.html", logo(), own())
    assert a.findings[0].fingerprint == b.findings[0].fingerprint
    assert a.findings[1].fingerprint != b.findings[1].fingerprint  # an article's problem is that page's
    other_site = _page("https://other.example/politics/council-votes.html", logo())
    assert other_site.findings[0].fingerprint != a.findings[0].fingerprint
    staging = _page("https://staging.news.example/x.html", logo(), site="news")
    production = _page("https://news.example/y.html", logo(), site="news")
    assert staging.findings[0].fingerprint == production.findings[0].fingerprint


def test_template_descriptions_leave_out_what_changes_from_page_to_page():
    assert template_describe('<span class="d">Tuesday 1 December 2026, 10:42 am</span>') == \
        template_describe('<span class="d">Wednesday 2 December 2026, 9:03 pm</span>')
    rail = '<a href="/2026/12/01/harbour-reopens-after-storm-repairs.html">Harbour reopens after storm repairs</a>'
    other = '<a href="/politics/council-votes-on-new-cycle-lanes">Council votes on new cycle lanes at last</a>'
    assert template_describe(rail) == template_describe(other)
    short = '<a href="/2026/12/02/bakery-wins">Bakery wins</a>'  # a short headline is still a headline
    assert template_describe(short) == template_describe(rail)
    # What makes the template's element itself stays in: the logo is not the search button.
    assert template_describe('<img src="/static/logo.png">') != template_describe('<img src="/static/search.png">')
    assert template_describe('<a href="/sport">Sport</a>') != template_describe('<a href="/weather">Weather</a>')


def test_identical_template_elements_are_numbered_within_the_template_only():
    rail = [dataclasses.replace(finding(target=(f"aside li:nth-child({n}) img",), html=f'<img src="/i/{s}.jpg">'),
                                scope="template") for n, s in enumerate(("a-long-slug-one-here", "b-long-slug-two-x"))]
    with_article = fingerprints([own(), *rail], "/x", "news.example")
    without = fingerprints(rail, "/y", "news.example")
    assert with_article[1:] == without  # the article's findings do not shift the template's numbers


# ---- baselines -----------------------------------------------------------------------------

def test_a_baseline_from_some_pages_knows_the_template_on_a_page_it_never_saw():
    sample = run([_page(f"https://news.example/story-{n}.html", logo(), own(f'<img src="/c{n}.png">'))
                  for n in range(3)])
    doc = baseline_document(sample)
    template_entries = [e for e in doc["findings"] if e.get("scope") == "template"]
    assert len(template_entries) == 1 and template_entries[0]["site"] == "news.example"
    new_article = run([_page("https://news.example/brand-new.html", logo(), own('<img src="/new.png">'))])
    judged = apply_baseline(new_article, doc, "b.json")
    page = judged.pages[0]
    assert [f.scope for f in page.known] == ["template"] and [f.scope for f in page.findings] == ["article"]
    assert exit_code(judged, "serious") == EXIT_FINDINGS
    assert exit_code(judged, "serious", "template") == EXIT_OK
    # The template problem is not "fixed" for the sample pages this run did not audit.
    assert judged.baseline["fixed"] == []


def test_a_template_problem_is_fixed_when_its_page_was_audited_and_no_page_of_the_site_has_it():
    sample = run([_page("https://news.example/a.html", logo())])
    doc = baseline_document(sample)
    judged = apply_baseline(run([_page("https://news.example/a.html")]), doc, "b.json")
    assert [e["rule"] for e in judged.baseline["fixed"]] == ["image-alt"]


def test_old_baselines_with_page_path_fingerprints_keep_working():
    url = "https://news.example/a.html"
    found = [own()]
    old_entry = {"fingerprint": legacy_fingerprints(url, found)[0], "rule": "image-alt", "page": "/a.html",
                 "target": ["article img"], "message": "m"}
    judged = apply_baseline(run([_page(url, *found)]), {"schema": "auditor/baseline@1", "findings": [old_entry]},
                            "old.json")
    assert [f.rule for f in judged.pages[0].known] == ["image-alt"] and judged.pages[0].findings == ()


# ---- the run's template problems once per site, and the outputs ---------------------------

def _site_run():
    pages = [_page(f"https://news.example/{n}.html", logo(), *([own()] if n == 0 else [])) for n in range(3)]
    pages.append(_page("https://news.example/3.html"))
    return run(pages)


def test_template_problems_are_counted_once_per_site_with_their_pages():
    sites = site_templates(_site_run().pages)
    entry = sites["news.example"]
    assert entry.audited == 4
    assert [(p.finding.rule, p.pages) for p in entry.problems.values()] == [("image-alt", 3)]


def test_markdown_junit_and_sarif_carry_the_scope():
    results = _site_run()
    assert "| 3 of 4 (news.example) |" in markdown.render(results)
    suites = ET.fromstring(junit.render(results)).findall("testsuite")
    template_suites = [s for s in suites if s.get("name", "").endswith("(site template)")]
    assert template_suites
    assert all(any(p.get("name") == "scope" and p.get("value") == "template" for p in s.iter("property"))
               for s in template_suites)
    doc = sarif.document(results)
    assert {r["properties"]["scope"] for r in doc["runs"][0]["results"]} == {"template", "article"}


def test_the_html_report_puts_the_article_first_and_lists_each_template_problem_once(tmp_path):
    from auditor.reports import html

    results = _site_run()
    results = dataclasses.replace(results, pages=tuple(
        dataclasses.replace(p, article={"found": True, "selector": "article", "source": "article",
                                        "confidence": "high", "reason": "", "excluded": []})
        for p in results.pages))
    html.write(results, tmp_path)
    first = (tmp_path / "pages" / "0001.html").read_text()
    assert first.index("In this article") < first.index("Site template")
    index = (tmp_path / "index.html").read_text()
    assert index.count("Site template problems") == 1
    assert re.search(r"on 3\s*of 4", index), "the template problem is listed once, with its pages"
    assert index.count('<td class="num">on ') == 1
