"""Whose a finding is: the article's (an editor fixes it), the site template's (the web team
fixes it once), or the page's (no article could be found, so nobody can say).

The page script (auditor/js/facts/article.js) finds the article element and measures the
regions inside it that may be the site's: landmarks, and elements whose id or class matches
one of HINTS. Here, over those facts alone, it is decided which regions are not the article,
and so the scope of every finding. Pure functions: no browser, no I/O.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from auditor.facts.article import ArticleFact, ArticleRegion
from auditor.model import SHADOW_JOIN, Finding

SCOPES = ("article", "template", "page")
ARTICLE, TEMPLATE, PAGE = SCOPES

# (name, regular expression over one id or class token). The name says why a region is not the
# article. Tokens are matched whole or at a -, _ or camelCase boundary (the page script splits
# "relatedContent" as "related-Content"), so "ad" finds "ad-slot", "top_ad" and "topAd" but not
# "header", "lead" or "download".
_EDGE_L, _EDGE_R = r"(?:^|[-_])", r"(?:$|[-_])"
HINTS: tuple[tuple[str, str], ...] = (
    ("related stories", _EDGE_L + r"(?:related|more-?stories|more-?news|read-?more|read-?next|next-?(?:article|story)|"
                        r"also-?read|see-?also|other-?stories|recirc\w*)" + _EDGE_R),
    ("recommendations", _EDGE_L + r"(?:recommend\w*|outbrain|taboola|trending|popular|most-?read|most-?viewed|"
                        r"top-?stories|suggest\w*)" + _EDGE_R),
    ("comments", _EDGE_L + r"(?:comments?|disqus|discussion|replies|respond)" + _EDGE_R),
    ("advertising", _EDGE_L + r"(?:ads?|advert\w*|adslot|adunit|ad\d+|dfp|gpt|sponsor\w*|promo\w*|commercial|"
                    r"paid-?content|native-?ad)" + _EDGE_R),
    ("sharing", _EDGE_L + r"(?:share|sharing|social|sharebar|share-?tools)" + _EDGE_R),
    ("sign-up", _EDGE_L + r"(?:newsletter|subscribe|subscription|signup|sign-?up|paywall|registration)" + _EDGE_R),
    ("site navigation", _EDGE_L + r"(?:breadcrumbs?|menu|navbar|masthead|site-?header|site-?footer|sidebar)" + _EDGE_R),
)

# A region holding more than this share of the article's text is the article's own wrapper,
# whatever its class says (e.g. "story-promo-body" around the whole story).
MOST_OF_THE_TEXT = 0.6
# Page-level targets: what axe reports on the document as a whole (its language, its title, its
# landmarks) belongs to the template that renders every page.
PAGE_LEVEL = ("html", ":root", "head", "body")


def not_the_article(region: ArticleRegion, article: ArticleFact) -> str | None:
    """Why a region inside the article is not the article's own content, or None when it is."""
    big = article.text_length and region.text_length > MOST_OF_THE_TEXT * max(article.text_length, 1)
    links_share = region.link_text_length / region.text_length if region.text_length else 0.0
    if region.hint:
        return None if big or region.has_headline else region.hint
    kind = region.role.lower() or region.tag
    if kind in ("nav", "navigation"):
        return "navigation"
    if kind in ("search",):
        return "search"
    if kind in ("footer", "contentinfo"):
        return None if big else "footer"
    if kind in ("header", "banner"):
        # The story's own header holds its headline, or is short and has few links (byline, date).
        if region.has_headline or (region.links < 5 and links_share <= 0.5):
            return None
        return "site header"
    if kind in ("aside", "complementary"):
        # A fact box or pull quote is the article's; a list of links beside it is not.
        if region.links >= 3 and links_share >= 0.4:
            return "links beside the article"
        return None
    if kind in ("form",):
        return None if big else "form"
    return None


def excluded(article: ArticleFact) -> dict[int, str]:
    """Region index -> why it is not the article, for the regions that are not."""
    out = {}
    for n, region in enumerate(article.regions):
        why = not_the_article(region, article)
        if why:
            out[n] = why
    return out


def element_of(target: tuple[str, ...] | list[str]) -> str:
    """The top-frame element a target points at: the element, its iframe, or its shadow host."""
    return str(target[0]).split(SHADOW_JOIN)[0].strip() if target else ""


def scope_of(target: tuple[str, ...] | list[str], article: ArticleFact, out: dict[int, str] | None = None) -> str:
    element = element_of(target)
    if not element or element in PAGE_LEVEL:
        return TEMPLATE
    if not article.found:
        return PAGE
    placed = article.elements.get(element)
    if placed is None or not placed.found:
        return PAGE  # not measured: nobody can say whose it is, so both gates judge it
    if not placed.in_article:
        return TEMPLATE
    out = excluded(article) if out is None else out
    return TEMPLATE if any(n in out for n in placed.regions) else ARTICLE


def with_scopes(findings: Iterable[Finding], article: ArticleFact) -> list[Finding]:
    out = excluded(article)
    return [dataclasses.replace(f, scope=scope_of(f.target, article, out)) for f in findings]


def summary(article: ArticleFact) -> dict[str, Any]:
    """The page's `article` record in the results: which element, how found, what was left out."""
    regions = excluded(article)
    return {
        "found": article.found,
        "selector": article.selector if article.found else None,
        "source": article.source if article.found else "none",
        "confidence": article.confidence or None,
        "reason": article.reason,
        "headline": article.headline or None,
        "text_length": article.text_length,
        "excluded": [{"selector": article.regions[n].selector, "why": why} for n, why in regions.items()][:50],
    }


def judged_by(finding_scope: str | None, gate: str) -> bool:
    """Whether a `--scope` gate judges a finding: `page` findings (no article found) and findings of
    older results (no scope) are judged by every gate, so nothing passes because nobody could tell."""
    return gate == "all" or finding_scope in (gate, PAGE, None)


# ---- template problems once per site ---------------------------------------------------------

@dataclasses.dataclass
class TemplateProblem:
    """One problem of a site's template: the same fingerprint on many pages, fixed once."""
    site: str
    finding: Finding  # as first seen
    first_page: int  # its position in the run's pages (0-based)
    pages: int = 0  # pages it is on


@dataclasses.dataclass
class SiteTemplate:
    site: str
    audited: int = 0  # pages of the site audited
    problems: dict[str, TemplateProblem] = dataclasses.field(default_factory=dict)  # by fingerprint


class TemplateTally:
    """Each site's template problems, once each, with how many of its audited pages have them,
    added up page by page (a run's pages may be read back from disk one at a time)."""

    def __init__(self) -> None:
        self.sites: dict[str, SiteTemplate] = {}

    def add(self, page: Any, n: int) -> None:
        """`page`: a PageResult, `n` its position in the run."""
        if page.status != "audited":
            return
        entry = self.sites.setdefault(page.site or "?", SiteTemplate(page.site or "?"))
        entry.audited += 1
        here: set[str] = set()
        for f in page.findings:
            key = f.fingerprint or f"{f.rule}|{f.html}"
            if f.scope != TEMPLATE or key in here:
                continue
            here.add(key)
            if key not in entry.problems:
                entry.problems[key] = TemplateProblem(entry.site, f, n)
            entry.problems[key].pages += 1


def site_templates(pages: Iterable[Any]) -> dict[str, SiteTemplate]:
    tally = TemplateTally()
    for n, page in enumerate(pages):
        tally.add(page, n)
    return tally.sites
