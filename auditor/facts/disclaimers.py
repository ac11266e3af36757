"""The smallest elements whose text matches a disclaimer pattern, and whether readers can perceive them."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.record import Record


@dataclass(frozen=True)
class Contrast(Record):
    font_size: float = 16
    font_weight: int = 400
    large: bool = False
    foreground: str | None = None
    background: str | None = None
    ratio: float | None = None  # None: could not be measured (see reason)
    how: str | None = None  # axe, or computed styles
    reason: str | None = None


@dataclass(frozen=True)
class DisclaimerFact(Record):
    selector: str = ""
    html: str = ""
    text: str = ""
    in_article: bool = False
    display_none: bool = False
    visibility_hidden: bool = False
    opacity_zero: bool = False
    zero_size: bool = False
    offscreen: bool = False
    clipped: bool = False
    aria_hidden: bool = False
    inert: bool = False
    contrast: Contrast | None = None  # measured when the text is rendered
    order: int | None = None
