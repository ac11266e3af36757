"""Media-alternative rules over small artifacts: the cases in cases/media.json, then edge cases."""
import pytest

from auditor.rules.media import TRANSCRIPT_WORDS, transcript_evidence
from tests.unit.cases import loader

DATA, CASES = loader.load("media")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_media_case(case):
    assert loader.run("media", DATA, case) == loader.expected(case)


def test_transcript_words_cover_the_required_languages():
    assert {"en", "de", "fr", "es", "it", "pt"} <= set(TRANSCRIPT_WORDS)


@pytest.mark.parametrize("text, found", [
    ("Transcript", True), ("Read the full transcript (PDF)", True), ("TRANSCRIPTION", True),
    ("transcripts of the hearing", True), ("Transcriptase inhibitors", False), ("scripted", False),
])
def test_transcript_words_match_whole_words(text, found):
    article = {"controls": [{"text": text, "href": "https://x/"}]}
    assert bool(transcript_evidence(article, TRANSCRIPT_WORDS["en"])) is found
