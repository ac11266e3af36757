"""External-content disclaimer rules over small artifacts: the cases in cases/disclaimers.json,
then edge cases of the evidence and the default patterns in every language."""
import re

import pytest

from auditor.rules.disclaimers import DISCLAIMER_PATTERNS, same_org
from auditor.rules.text import site

HOUSE_SENTENCES = {
    "en": "The following content is sourced from external partners. We cannot guarantee that it is suitable for the "
          "visually or hearing impaired.",
    "de": "Der folgende Inhalt stammt von externen Partnern. Wir können nicht garantieren, dass er für Seh- oder "
          "Hörbehinderte geeignet ist.",
    "fr": "Le contenu suivant provient de partenaires externes. Nous ne pouvons pas garantir qu'il soit adapté aux "
          "personnes malvoyantes ou malentendantes.",
    "es": "El siguiente contenido procede de socios externos. No podemos garantizar que sea adecuado para personas con "
          "discapacidad visual o auditiva.",
    "it": "Il seguente contenuto proviene da partner esterni. Non possiamo garantire che sia adatto a persone con "
          "disabilità visive o uditive.",
    "pt": "O conteúdo a seguir é proveniente de parceiros externos. Não podemos garantir que seja adequado para pessoas "
          "com deficiência visual ou auditiva.",
}



@pytest.mark.parametrize("lang", sorted(HOUSE_SENTENCES))
def test_default_patterns_find_the_house_disclaimer_in_each_language(lang):
    sentence = HOUSE_SENTENCES[lang]
    assert all(re.search(p, sentence, re.IGNORECASE) for p in DISCLAIMER_PATTERNS[lang])
    variant = sentence.replace("The following content", "This article").replace("visually or hearing", "hearing or visually")
    assert any(re.search(p, variant, re.IGNORECASE) for p in DISCLAIMER_PATTERNS[lang])


def test_default_patterns_ignore_ordinary_text():
    text = ("The council said the new bus stops are suitable for wheelchair users. Partners of the festival "
            "include external sponsors. Reuters reported the visually impaired runner won.")
    assert not any(re.search(p, text, re.IGNORECASE) for ps in DISCLAIMER_PATTERNS.values() for p in ps)


@pytest.mark.parametrize("a, b, same", [
    ("The New York Times", "New York Times", True), ("BBC News", "BBC", True), ("Example News Ltd", "Example", True),
    ("The Associated Press", "Example News", False), ("AP", "Apple", False),
])
def test_same_org(a, b, same):
    assert same_org(a, b) is same


@pytest.mark.parametrize("host, registrable", [
    ("www.bbc.co.uk", "bbc.co.uk"), ("edition.cnn.com", "cnn.com"), ("127.0.0.1", "127.0.0.1"), ("news.example.org", "example.org"),
])
def test_site(host, registrable):
    assert site(host) == registrable
