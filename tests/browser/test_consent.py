"""Consent dialogs on local fixture pages (a vendor's dialog in the top document, Sourcepoint's in an
iframe, a generic German one), all without any network: found and named, kept, or audited and then
accepted or rejected, so the article is audited as readers see it afterwards, each problem once."""
from __future__ import annotations

import pytest

from auditor.config import Settings

pytestmark = pytest.mark.browser

# fixture, vendor, the dialog's own finding (rule, target), the article's finding
PAGES = [
    ("consent-onetrust.html", "OneTrust", ("button-name", ("#onetrust-close",)), ("image-alt", ("#storm-photo",))),
    ("consent-sourcepoint.html", "Sourcepoint", ("image-alt", ('iframe[id^="sp_message_iframe"]', "#sp-logo")),
     ("image-alt", ("#ferry-photo",))),
    ("consent-generic.html", "generic", ("label", ("#cmp-stats",)), ("image-alt", ("#kueste",))),
]


def _count(page, rule, target):
    return sum(1 for f in page.findings if f.rule == rule and tuple(f.target) == target)


@pytest.mark.parametrize("fixture,vendor,dialog,article", PAGES, ids=[p[1] for p in PAGES])
def test_dismiss_audits_the_dialog_then_the_article_after_accepting(chromium, site, fixture, vendor, dialog, article):
    page = chromium.audit([site.page(f"real/{fixture}")], Settings(screenshots=False, consent="dismiss")).pages[0]
    assert page.status == "audited", page.error
    assert page.consent["shown"] and page.consent["vendor"] == vendor
    assert (page.consent["done"], page.consent["worked"]) == ("accepted", True), page.consent
    assert page.title.endswith("(accepted)")  # the accept button was the one pressed
    assert _count(page, *dialog) == 1, [(f.rule, f.target) for f in page.findings]  # from the dialog pass, once
    assert list(dialog[1]) in page.consent["dialog_targets"] and list(article[1]) not in page.consent["dialog_targets"]
    assert _count(page, *article) == 1


def test_reject_presses_the_reject_button_and_keep_leaves_the_dialog(chromium, site):
    url = site.page("real/consent-onetrust.html")
    rejected = chromium.audit([url], Settings(screenshots=False, consent="reject")).pages[0]
    assert rejected.title.endswith("(rejected)") and rejected.consent["done"] == "rejected"
    assert rejected.consent["tcf"] is True  # the page installed __tcfapi
    kept = chromium.audit([url], Settings(screenshots=False, consent="keep")).pages[0]
    assert kept.title == "Storm reaches the coast"
    assert kept.consent["shown"] and (kept.consent["done"], kept.consent["worked"]) == ("kept", None)
    assert _count(kept, "button-name", ("#onetrust-close",)) == 1


def test_a_page_without_a_dialog_says_none_was_shown(chromium, site):
    page = chromium.audit([site.page("basic.html")], Settings(screenshots=False, consent="dismiss")).pages[0]
    assert page.consent == {"shown": False, "vendor": None, "dialog": None, "tcf": False, "mode": "dismiss",
                            "done": "none", "worked": None, "note": ""}

