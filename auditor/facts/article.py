"""The article: which element holds the article's own content, how it was found, the regions
inside it that may be the site's rather than the article's, and where each element a finding
may point at sits. auditor/js/facts/article.js measures; auditor/scope.py judges.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.facts.record import Record

# How the article element was found, most explicit first. "none": no element holds article text
# (the other page scripts then look at the whole body). Artifacts of older versions say "body" for it.
SOURCES = ("configured", "itemprop", "article", "main-article", "main", "json-ld", "density", "none")
NOT_FOUND = ("none", "body", "")


@dataclass(frozen=True)
class ArticleRegion(Record):
    """An element inside the article that may be the site's rather than the article's: a landmark
    (header, nav, footer, aside, search), or one whose id or class matched a hint (related stories,
    comments, advertising, ...; auditor/scope.py sends the hints). Which ones are not the article
    is auditor/scope.py's decision."""
    selector: str = ""
    tag: str = ""
    role: str = ""  # its role attribute
    hint: str = ""  # the name of the hint its id or class matched, "" for a landmark
    id_class: str = ""  # 200 characters at most
    text_length: int = 0
    link_text_length: int = 0  # of its text, the part inside links
    links: int = 0
    has_headline: bool = False  # it holds the article's headline
    within: int | None = None  # index of the nearest region that contains this one


@dataclass(frozen=True)
class Placement(Record):
    """Where an element a finding may point at sits (by its top-frame selector)."""
    in_article: bool = False  # inside the article element (or the element itself)
    regions: tuple[int, ...] = ()  # indices of the article's regions that contain it
    landmark: str = ""  # its nearest landmark: header, footer, nav, aside, main, search, form, or ""
    found: bool = True  # the selector matched an element


@dataclass(frozen=True)
class ArticleFact(Record):
    """The element taken as the article (PageFacts.root): the one definition of the article that
    the article rules look in and that decides each finding's scope."""
    selector: str = ""
    html: str = ""
    source: str = ""  # how it was found: one of SOURCES
    order: int | None = None
    confidence: str = ""  # high (markup and text agree), medium, low; "" when none was found
    reason: str = ""  # how it was decided, or why no article was found
    headline: str = ""  # the article's headline (its h1), 200 characters at most
    text_length: int = 0  # paragraph text inside the article
    page_text_length: int = 0  # paragraph text on the whole page
    regions: tuple[ArticleRegion, ...] = ()
    elements: dict[str, Placement] = field(default_factory=dict)  # element selector -> where it sits

    @property
    def found(self) -> bool:
        return self.source not in NOT_FOUND
