"""Embedded content inside the article: iframes, embeds, objects and player placeholders."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.record import Record

FRAME_TAGS = ("iframe", "embed", "object")


@dataclass(frozen=True)
class FrameFact(Record):
    selector: str = ""
    html: str = ""
    tag: str = "iframe"
    has_video: bool = False  # holds a <video> element
    src: str | None = None  # src, or the URL a lazy loader or placeholder keeps (data-src, cite, ...)
    title: str = ""
    class_name: str = ""  # the class attribute (200 characters at most)
    data: str = ""  # data-account, data-video-id and data-player joined
    visible: bool = False
    width: int = 0
    height: int = 0
    aria_hidden: bool = False
    in_figure: int | None = None  # index into PageFacts.figures
    order: int | None = None

    @property
    def placeholder(self) -> bool:
        """An element a script turns into a player (matched by the placeholder selectors), not a frame."""
        return self.tag not in FRAME_TAGS
