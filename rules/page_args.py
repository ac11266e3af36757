"""What the page scripts look for: the rules' side of each kind of fact's arguments.

auditor/facts/page.py names the arguments each kind's script reads; this table supplies them,
from the rules' own constants (what a caption, a byline or a player placeholder looks like)
and from the rule settings (`reads` names the options). The runner sends the arguments of the
kinds the selected rules need; the page only applies them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from auditor.rules.captions import CAPTION_LIKE, OPEN_CAPTIONS, PLAYER_PLACEHOLDERS
from auditor.rules.disclaimers import BYLINE_SELECTORS, DISCLAIMER_PATTERNS, ELSEWHERE, NOT_ARTICLE_TEXT, SITE_FOOTER
from auditor.rules.media import TRANSCRIPT_MARKERS
from auditor.rules.text import all_languages


@dataclass(frozen=True)
class PageArg:
    kind: str  # the kind of fact whose script reads it
    name: str  # its name in the script's arguments
    value: Callable[[dict[str, Any]], Any]  # rule option values -> the argument (plain JSON data)
    reads: tuple[str, ...] = ()  # the rule options it is built from


def _constant(items: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    return lambda options: list(items)


PAGE_ARGS: tuple[PageArg, ...] = (
    PageArg("figures", "captionLike", _constant(CAPTION_LIKE)),
    PageArg("images", "captionLike", _constant(CAPTION_LIKE)),
    PageArg("media", "openCaptionSelectors", lambda o: [OPEN_CAPTIONS, *(o.get("open_caption_selectors") or ())],
            reads=("open_caption_selectors",)),
    PageArg("frames", "placeholders", _constant(PLAYER_PLACEHOLDERS)),
    PageArg("texts", "notArticle", _constant(NOT_ARTICLE_TEXT)),
    PageArg("texts", "elsewhere", _constant(ELSEWHERE)),
    PageArg("texts", "siteFooter", _constant(SITE_FOOTER)),
    PageArg("texts", "bylines", _constant(BYLINE_SELECTORS)),
    PageArg("texts", "transcriptMarkers", _constant(TRANSCRIPT_MARKERS)),
    PageArg("partners", "selectors", lambda o: list(o.get("partner_selectors") or ()), reads=("partner_selectors",)),
    PageArg("disclaimers", "patterns", lambda o: all_languages(o.get("disclaimer_patterns"), DISCLAIMER_PATTERNS),
            reads=("disclaimer_patterns",)),
)
