"""The consent table (pure): every vendor the issue names, the generic dialog's words in seven
languages, buttons told apart by their words, and the union of the dialog and article passes."""
import pytest

from auditor import consent
from auditor.consent_dialog import merged


def test_every_named_vendor_has_a_dialog_an_accept_and_a_reject_selector():
    names = {v.name for v in consent.VENDORS}
    assert {"OneTrust", "Didomi", "Quantcast", "Sourcepoint", "Cookiebot", "TrustArc", "Usercentrics"} <= names
    for v in consent.VENDORS:
        assert v.dialog and v.accept and v.reject, v.name
    assert [v.name for v in consent.VENDORS if v.frame] == ["Sourcepoint"]


@pytest.mark.parametrize("text", [
    "We use cookies to improve your experience", "Wir verwenden Cookies. Datenschutz", "Votre consentement",
    "Utilizamos cookies y solicitamos su consentimiento", "Il tuo consenso", "Uw toestemming voor cookies",
    "Precisamos do seu consentimento"])
def test_a_cookie_dialog_is_told_by_its_words_in_seven_languages(text):
    assert consent.is_cookie_text(text)


@pytest.mark.parametrize("text", ["Sign up for our newsletter", "Gallery: 12 photos", "Kekse backen"])
def test_other_dialogs_are_not_cookie_dialogs(text):
    assert not consent.is_cookie_text(text)


@pytest.mark.parametrize("label,kind", [
    ("Accept all cookies", "accept"), ("Alle akzeptieren", "accept"), ("Tout accepter", "accept"),
    ("Reject all", "reject"), ("Ablehnen", "reject"), ("Continuer sans accepter", "reject"),
    ("Continue without agreeing", "reject"), ("Cookie settings", None), ("Mehr erfahren", None)])
def test_generic_buttons_are_told_apart_by_their_words(label, kind):
    assert consent.button_kind(label) == kind


def _node(*target):
    return {"target": list(target), "html": "<x>", "impact": "serious", "failureSummary": ""}


def test_the_passes_union_keeps_each_node_once():
    article = {"violations": [{"id": "image-alt", "nodes": [_node("#a")]}], "incomplete": [], "ran": ["image-alt"]}
    dialog = {"violations": [{"id": "image-alt", "nodes": [_node("#a"), _node("#logo")]},
                             {"id": "button-name", "nodes": [_node("#close")]}], "incomplete": []}
    out = merged(article, dialog)
    assert {r["id"]: [n["target"] for n in r["nodes"]] for r in out["violations"]} == {
        "image-alt": [["#a"], ["#logo"]], "button-name": [["#close"]]}
    assert out["ran"] == ["image-alt"] and article["violations"][0]["nodes"] == [_node("#a")]  # input untouched
    assert merged(article, None) is article


def test_the_record_says_none_when_no_dialog_was_shown():
    assert consent.record({"vendor": None, "tcf": True}, "dismiss") == {
        "shown": False, "vendor": None, "dialog": None, "tcf": True, "mode": "dismiss", "done": "none",
        "worked": None, "note": ""}


def test_the_reports_sentence_says_what_happened():
    shown = consent.record({"vendor": "OneTrust", "selector": "#onetrust-banner-sdk"}, "dismiss", "accepted", True)
    assert consent.sentence(shown) == ("A OneTrust consent dialog was shown: it was audited, then accepted; the "
                                       "article was audited as readers see it afterwards.")
    stuck = consent.record({"vendor": "generic"}, "reject", "rejected", False, "clicked x but the dialog stayed")
    assert consent.sentence(stuck).startswith("A consent dialog was shown and could not be rejected (clicked x")
    assert consent.sentence(consent.record({"vendor": "Didomi"}, "keep")).endswith("dialog and all.")
    assert consent.sentence(consent.record(None, "dismiss")) == "" and consent.sentence(None) == ""


def test_the_html_page_report_carries_the_sentence(tmp_path):
    import dataclasses

    from auditor.reports import html
    from tests.fixtures.report_data import page, run

    shown = dataclasses.replace(page(1, screenshot=None), consent=consent.record(
        {"vendor": "Cookiebot"}, "dismiss", "accepted", True))
    html.write(run([shown, page(2, screenshot=None)]), tmp_path)
    pages = sorted((tmp_path / "pages").glob("*.html")) if (tmp_path / "pages").is_dir() else []
    texts = [p.read_text(encoding="utf-8") for p in pages or sorted(tmp_path.rglob("*.html")) if p.name != "index.html"]
    assert sum("A Cookiebot consent dialog was shown: it was audited, then accepted" in t for t in texts) == 1
