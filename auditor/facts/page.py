"""All the facts of one page, and the kinds of fact the page scripts collect.

Each kind is one script in auditor/js/facts/ (run together with _shared.js in one evaluate)
and fills one or more fields of `PageFacts`. A rule names the kinds it needs (RuleMeta.facts);
the gatherer collects those and the kinds they require. The arguments a kind's script reads
(selectors and patterns) come from the rules' side (rules/page_args.py): the scripts measure,
the rules decide what to look for and what counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.facts.article import ArticleFact
from auditor.facts.disclaimers import DisclaimerFact
from auditor.facts.figures import FigureFact
from auditor.facts.frames import FrameFact
from auditor.facts.images import GraphicFact, ImageFact
from auditor.facts.media import AudioFact, VideoFact
from auditor.facts.meta import MetaFacts
from auditor.facts.partners import PartnerBlock
from auditor.facts.record import Record
from auditor.facts.texts import TextFacts


@dataclass(frozen=True)
class FactKind:
    name: str
    fields: tuple[str, ...]  # the PageFacts fields its script fills
    args: tuple[str, ...] = ()  # the arguments its script reads (rules/page_args.py supplies them)
    requires: tuple[str, ...] = ()  # kinds it refers to (images point at their figure)

    @property
    def script(self) -> str:
        return f"{self.name}.js"


# In collection order: a kind comes after the kinds it requires.
KINDS: tuple[FactKind, ...] = (
    FactKind("meta", ("meta",)),
    FactKind("figures", ("figures",), args=("captionLike",)),
    FactKind("images", ("images", "graphics"), args=("captionLike",), requires=("figures",)),
    FactKind("media", ("videos", "audios"), args=("openCaptionSelectors",)),
    FactKind("frames", ("frames",), args=("placeholders",)),
    FactKind("texts", ("texts",), args=("notArticle", "elsewhere", "siteFooter", "bylines", "transcriptMarkers")),
    FactKind("partners", ("partner_blocks",), args=("selectors",)),
    FactKind("disclaimers", ("disclaimers",), args=("patterns",)),
)
KIND_NAMES = tuple(k.name for k in KINDS)


def kind(name: str) -> FactKind:
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(f"unknown kind of page fact {name!r} (known: {', '.join(KIND_NAMES)})")


def with_required(names: set[str] | tuple[str, ...]) -> tuple[str, ...]:
    """`names` and every kind they require, in collection order."""
    wanted = set(names)
    for k in reversed(KINDS):
        if k.name in wanted:
            wanted.update(k.requires)
    for name in wanted:
        kind(name)  # unknown names are an error
    return tuple(k.name for k in KINDS if k.name in wanted)


def collected(default: Any = (), factory: Any = None) -> Any:
    """A field one kind of fact fills: absent from the page's answer when that kind was not collected."""
    if factory is not None:
        return field(default_factory=factory, metadata={"collected": True})
    return field(default=default, metadata={"collected": True})


@dataclass(frozen=True)
class PageFacts(Record):
    """What the page scripts measured about one page (Artifacts.article)."""
    url: str = ""
    lang: str = ""  # <html lang>, else the content-language meta
    root: ArticleFact = ArticleFact()  # the article (auditor/facts/article.py)
    kinds: tuple[str, ...] = ()  # the kinds of fact collected
    meta: MetaFacts = collected(MetaFacts())
    images: tuple[ImageFact, ...] = collected()
    graphics: tuple[GraphicFact, ...] = collected()
    figures: tuple[FigureFact, ...] = collected()
    videos: tuple[VideoFact, ...] = collected()
    audios: tuple[AudioFact, ...] = collected()
    frames: tuple[FrameFact, ...] = collected()
    texts: TextFacts = collected(TextFacts())
    partner_blocks: tuple[PartnerBlock, ...] = collected()
    disclaimers: tuple[DisclaimerFact, ...] = collected()
    counts: dict[str, int] = field(default_factory=dict)  # how many were found (the lists are bounded)
    errors: tuple[str, ...] = ()  # what failed in the page, item by item
    ms: dict[str, int] = field(default_factory=dict)  # milliseconds per step in the page

    @property
    def article_start(self) -> int | None:
        """Reading-order position where the article text starts: its first block, else the article element."""
        first = next((b for b in self.texts.blocks if b.where == "start"), None)
        return first.order if first else self.root.order


def from_v1(article: dict[str, Any] | None) -> PageFacts:
    """The collector output of auditor/artifacts@1 (one untyped dict) as typed facts.

    The same data, regrouped: the texts are one record, a frame's `class` is `class_name`, and
    the bylines, which the old collector had already chosen, are byline candidates that the
    rules' choice keeps as they are.
    """
    a = article if isinstance(article, dict) else {}
    text = a.get("text") or {}
    texts = {"start": text.get("start") or "", "blocks": text.get("blocks") or [],
             "bylines": text.get("bylines") or [], "headings": a.get("headings") or [],
             "controls": a.get("controls") or [], "transcript_blocks": a.get("transcript_blocks") or []}
    frames = [{**f, "class_name": f.get("class") or ""} for f in a.get("frames") or []]
    return PageFacts.from_dict({**a, "kinds": list(KIND_NAMES), "texts": texts, "frames": frames})
