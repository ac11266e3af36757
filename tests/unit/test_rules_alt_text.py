"""Alt-text rules over small artifacts: the cases in cases/alt_text.json, then edge cases."""
import pytest

from auditor.facts import ImageFact
from auditor.rules.alt_text import PLACEHOLDER_WORDS, filename_verdict, nearly_same, placeholder_reason


@pytest.mark.parametrize("name, src, outcome", [
    ("DSC_0042.JPG", "https://x/DSC_0042.JPG", "failed"),
    ("PXL_20240301_101010123", "https://x/p.jpg", "failed"),
    ("image001", "https://x/i.png", "failed"),
    ("file:///C:/Users/me/Pictures/cat.jpg", "https://x/cat.jpg", "failed"),
    ("Geneva", "https://x/geneva.jpg?w=800", "cantTell"),
    ("geneva-2024", "https://x/geneva-2024.jpg", "failed"),
    ("Protesters in Geneva", "https://x/protesters-in-geneva.jpg", None),
    ("A view of St. Gallen", "https://x/a.jpg", None),
])
def test_filename_verdicts(name, src, outcome):
    verdict = filename_verdict(name, ImageFact(src=src))
    assert (verdict[0] if verdict else None) == outcome


def test_placeholder_words_exist_for_the_required_languages():
    assert {"en", "de", "fr", "es", "it", "pt"} <= set(PLACEHOLDER_WORDS)
    assert placeholder_reason("Bild 2", PLACEHOLDER_WORDS["de"]) == "is a placeholder word with a number"
    assert placeholder_reason("Harbour at dusk", PLACEHOLDER_WORDS["en"]) is None


def test_nearly_same_tolerates_small_differences_only():
    assert nearly_same("Boats in the harbour on Sunday", "Boats in the harbor on Sunday")
    assert not nearly_same("Boats", "Boats in the harbour on Sunday morning after the storm")
