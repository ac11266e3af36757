"""Typed page facts: what the page scripts (auditor/js/facts/) measure and the rules judge.

One module per kind of fact, each a few frozen records (`auditor.facts.record.Record`) that
round-trip through JSON; `PageFacts` holds them all. docs/artifacts.schema.json is generated
from these types (`python -m auditor.facts.schema`). Like the rest of the model, nothing here
imports the browser, the rules or the reports.
"""
from auditor.facts.article import ArticleFact, ArticleRegion, Placement
from auditor.facts.common import IdRef
from auditor.facts.disclaimers import Contrast, DisclaimerFact
from auditor.facts.figures import CaptionLike, Figcaption, FigureFact, FigureMedia
from auditor.facts.frames import FrameFact
from auditor.facts.images import GraphicFact, ImageCaption, ImageFact, ImageLink
from auditor.facts.media import (
    AudioFact,
    AudioProbe,
    MediaFact,
    MediaSource,
    NearbyText,
    SoundProbe,
    TrackFact,
    VideoFact,
)
from auditor.facts.meta import MetaFacts
from auditor.facts.page import KIND_NAMES, KINDS, FactKind, PageFacts, from_v1, kind, with_required
from auditor.facts.partners import PartnerBlock
from auditor.facts.record import FactError, Record
from auditor.facts.texts import BylineCandidate, Control, Heading, MarkedBlock, TextBlock, TextFacts

Root = ArticleFact  # its name before the article fact (issue 11)

__all__ = [
    "ArticleFact", "ArticleRegion", "AudioFact", "AudioProbe", "BylineCandidate", "CaptionLike", "Contrast",
    "Control", "DisclaimerFact", "FactError", "FactKind", "Figcaption", "FigureFact", "FigureMedia",
    "FrameFact", "GraphicFact", "Heading", "IdRef", "ImageCaption", "ImageFact", "ImageLink", "KINDS",
    "KIND_NAMES", "MarkedBlock", "MediaFact", "MediaSource", "MetaFacts", "NearbyText", "PageFacts",
    "PartnerBlock", "Placement", "Record", "Root", "SoundProbe", "TextBlock", "TextFacts",
    "TrackFact", "VideoFact", "from_v1", "kind", "with_required",
]
