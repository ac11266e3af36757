"""The page's metadata about itself: canonical and source links, Open Graph, JSON-LD."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.facts.record import Record


@dataclass(frozen=True)
class MetaFacts(Record):
    canonical: tuple[str, ...] = ()
    og_url: str | None = None
    og_site_name: str | None = None
    original_source: tuple[str, ...] = ()
    syndication_source: tuple[str, ...] = ()
    # JSON-LD blocks reduced to the organisation and authorship keys (see auditor/js/facts/meta.js)
    jsonld: tuple[Any, ...] = ()
