"""Images inside the article: img, input[type=image], svg[role=img] and [role=img]; and every svg
and canvas (graphics), which the ACT image rules judge whatever their role."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.common import IdRef
from auditor.facts.record import Record


@dataclass(frozen=True)
class ImageLink(Record):
    """The link (a[href] or [role=link]) an image is inside."""
    href: str | None = None
    download: bool = False
    name: str = ""  # the link's accessible name
    named_from_author: bool = False  # aria-label or aria-labelledby on the link
    text: str = ""


@dataclass(frozen=True)
class ImageCaption(Record):
    """The visible caption that goes with an image: its figure's, or one beside it."""
    text: str = ""
    source: str = ""  # figcaption, caption-like (in the figure) or beside
    selector: str = ""


@dataclass(frozen=True)
class ImageFact(Record):
    selector: str = ""
    html: str = ""
    tag: str = "img"  # img, input, svg or other
    explicit_role: str | None = None  # the role attribute
    role: str | None = None  # the computed role
    alt: str | None = None  # None: no alt attribute
    aria_label: str | None = None
    title: str | None = None
    name: str = ""  # the accessible name
    aria_hidden: bool = False  # inside aria-hidden="true"
    css_shown: bool = False
    on_screen: bool = False
    visible: bool = False  # shown, on screen, or would be if it loaded
    width: int = 0
    height: int = 0
    lang: str = ""  # the closest lang attribute
    # img and input only (None or empty for svg and role=img):
    src: str | None = None
    current_src: str | None = None
    lazy_src: str | None = None  # data-src and similar attributes of lazy loaders
    srcset: tuple[str, ...] = ()
    complete: bool | None = None
    natural_width: int | None = None
    natural_height: int | None = None
    attr_width: int | None = None
    attr_height: int | None = None
    picture_sources: tuple[str, ...] = ()  # the srcset URLs of a parent <picture>'s sources
    link: ImageLink | None = None
    named_ancestor: bool = False  # inside a control named by aria-label(ledby), which names it instead
    describedby: tuple[IdRef, ...] = ()
    figure: int | None = None  # index into PageFacts.figures
    caption: ImageCaption | None = None
    order: int | None = None


@dataclass(frozen=True)
class GraphicFact(Record):
    """An svg (the outermost of nested ones) or canvas element inside the article."""
    selector: str = ""
    html: str = ""
    tag: str = "svg"  # svg or canvas
    explicit_role: str | None = None
    role: str | None = None  # the computed role (axe's)
    name: str = ""  # the accessible name
    aria_hidden: bool = False
    css_shown: bool = False
    on_screen: bool = False
    width: int = 0
    height: int = 0
    named_ancestor: bool = False  # inside an element named by aria-label(ledby), which names it instead
    blank: bool | None = None  # a canvas with no pixel drawn (fully transparent); None: svg, or not readable
    order: int | None = None
