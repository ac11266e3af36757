"""Elements matching the configured partner selectors (anywhere on the page)."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.record import Record


@dataclass(frozen=True)
class PartnerBlock(Record):
    selector: str = ""
    html: str = ""
    matched: str = ""  # the selector it matched
    text: str = ""
    visible: bool = False
    in_article: bool = False
    order: int | None = None
