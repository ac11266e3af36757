"""Article text: its opening characters, first and last blocks, byline candidates, and the
headings, links and marked blocks the transcript checks read."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.record import Record


@dataclass(frozen=True)
class TextBlock(Record):
    """A paragraph-like element of the article text (captions, credits and other stories left out)."""
    selector: str = ""
    html: str = ""
    tag: str = ""
    text: str = ""  # its text, script and style left out (500 characters at most)
    where: str = "start"  # start: one of the first blocks; end: one of the last
    visible: bool = False
    order: int | None = None


@dataclass(frozen=True)
class BylineCandidate(Record):
    """An element matching the byline selectors, outside figures, navigation and other stories.
    Which candidates are bylines is the rules' decision (rules/disclaimers.py `bylines`)."""
    selector: str = ""
    text: str = ""  # 300 characters at most
    visible: bool = False
    class_name: str = ""
    within: int | None = None  # index of the nearest candidate that contains this one
    order: int | None = None


@dataclass(frozen=True)
class Heading(Record):
    text: str = ""
    order: int | None = None


@dataclass(frozen=True)
class Control(Record):
    """A link, button, summary, tab or link-like element with text."""
    text: str = ""
    href: str | None = None
    tag: str = ""
    order: int | None = None


@dataclass(frozen=True)
class MarkedBlock(Record):
    """An element whose id or class contains one of the transcript markers."""
    selector: str = ""
    tag: str = ""
    id_class: str = ""
    text_length: int = 0
    order: int | None = None


@dataclass(frozen=True)
class TextFacts(Record):
    start: str = ""  # the article's first 800 characters of text
    blocks: tuple[TextBlock, ...] = ()
    bylines: tuple[BylineCandidate, ...] = ()
    headings: tuple[Heading, ...] = ()
    controls: tuple[Control, ...] = ()
    transcript_blocks: tuple[MarkedBlock, ...] = ()
