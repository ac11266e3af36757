"""Media-alternative rules over small artifacts: the cases in cases/media.json, then edge cases."""
import pytest

from auditor.facts import Control, TextFacts
from auditor.rules.media import TRANSCRIPT_WORDS, transcript_evidence


def test_transcript_words_cover_the_required_languages():
    assert {"en", "de", "fr", "es", "it", "pt"} <= set(TRANSCRIPT_WORDS)


@pytest.mark.parametrize("text, found", [
    ("Transcript", True), ("Read the full transcript (PDF)", True), ("TRANSCRIPTION", True),
    ("transcripts of the hearing", True), ("Transcriptase inhibitors", False), ("scripted", False),
])
def test_transcript_words_match_whole_words(text, found):
    texts = TextFacts(controls=(Control(text=text, href="https://x/"),))
    assert bool(transcript_evidence(texts, TRANSCRIPT_WORDS["en"])) is found
