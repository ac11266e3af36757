"""<figure> elements inside the article, with their caption and media."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.common import IdRef
from auditor.facts.record import Record


@dataclass(frozen=True)
class Figcaption(Record):
    selector: str = ""
    html: str = ""
    text: str = ""  # all its text, shown or not
    visible_text: str = ""  # its rendered text ('' when hidden)
    visible: bool = False
    order: int | None = None


@dataclass(frozen=True)
class CaptionLike(Record):
    """An element in a figure without figcaption that looks like a caption (configured selectors)."""
    selector: str = ""
    text: str = ""  # its rendered text ('' when hidden)


@dataclass(frozen=True)
class FigureMedia(Record):
    """One image, svg, canvas, video, audio or embed inside the figure."""
    kind: str = ""  # the tag name (input[type=image] counts as img)
    visible: bool = False
    width: int = 0
    height: int = 0
    natural_width: int | None = None  # loaded <img> only
    natural_height: int | None = None
    lazy: bool | None = None  # <img> only: has a lazy loader's source, a srcset, or is in a <picture>
    named: bool | None = None  # <img> only: non-empty alt or aria-label
    hidden_from_at: bool = False  # aria-hidden, role presentation/none, or alt="" without aria-label
    src: str | None = None


@dataclass(frozen=True)
class FigureFact(Record):
    selector: str = ""
    html: str = ""
    visible: bool = False
    aria_hidden: bool = False
    role: str | None = None
    in_link: bool = False
    in_nav: bool = False
    aria_label: str = ""
    labelledby: tuple[IdRef, ...] = ()
    describedby: tuple[IdRef, ...] = ()
    figcaption: Figcaption | None = None
    caption_like: CaptionLike | None = None
    text: str = ""  # the figure's rendered text ('' when hidden)
    media: tuple[FigureMedia, ...] = ()
    width: int = 0
    height: int = 0
    order: int | None = None
