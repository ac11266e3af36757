"""Records several kinds of fact share."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.record import Record


@dataclass(frozen=True)
class IdRef(Record):
    """One id of an aria-labelledby / aria-describedby list and the element it names."""
    id: str = ""
    text: str = ""  # the referenced element's rendered text (300 characters at most)
    visible: bool = False
    missing: bool = False  # no element has this id
