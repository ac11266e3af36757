"""Consent dialogs: which consent-management platforms (CMPs) the auditor recognises, by their
markup, and how each is accepted or rejected. Pure data and checks, no browser; the gather layer's
auditor/consent_dialog.py runs auditor/js/consent.js with this table.

    keep     audit the page as a first visit shows it, dialog and all
    dismiss  audit the dialog, accept it, then audit the article as readers see it afterwards
    reject   the same, rejecting instead (where the dialog's first layer offers a reject button)

The default is `dismiss`: most readers accept, and embeds (video players, social posts, maps) are
often held back until they do, so the article a reader meets is the one after accepting. The
dialog is still audited first: it is part of what every reader meets. `reject` audits the article
without the consent-gated embeds (placeholders in their place): use it to check those placeholders.

Selectors come from the vendors' published markup: container ids and classes, first-layer button
ids. A dialog no vendor entry matches is still found when it is an `[aria-modal=true]` or
`[role=dialog]` element whose text talks about cookies or consent (GENERIC_TEXT, seven languages);
its buttons are told apart by their words (ACCEPT_WORDS, REJECT_WORDS).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

CONSENT_MODES = ("dismiss", "reject", "keep")
DEFAULT_MODE = "dismiss"
DONE = {"dismiss": "accepted", "reject": "rejected"}


@dataclass(frozen=True)
class Vendor:
    name: str
    dialog: tuple[str, ...]  # the dialog's container, first that is shown wins
    accept: tuple[str, ...]
    reject: tuple[str, ...]
    frame: bool = False  # the dialog is an iframe; its buttons are inside it


VENDORS: tuple[Vendor, ...] = (
    Vendor("OneTrust", ("#onetrust-banner-sdk", "#onetrust-pc-sdk"),
           ("#onetrust-accept-btn-handler", "#accept-recommended-btn-handler"),
           ("#onetrust-reject-all-handler", ".ot-pc-refuse-all-handler")),
    Vendor("Didomi", ("#didomi-popup", "#didomi-notice", ".didomi-popup-container"),
           ("#didomi-notice-agree-button", ".didomi-continue-with-agreeing"),
           ("#didomi-notice-disagree-button", ".didomi-continue-without-agreeing")),
    Vendor("Quantcast", ("#qc-cmp2-container", ".qc-cmp2-container"),
           ('.qc-cmp2-summary-buttons button[mode="primary"]',),
           ('.qc-cmp2-summary-buttons button[mode="secondary"]',)),
    Vendor("Sourcepoint", ('iframe[id^="sp_message_iframe"]',),
           ("button.sp_choice_type_11", 'button[title="Accept"]', 'button[title="Accept all"]'),
           ("button.sp_choice_type_13", 'button[title="Reject"]', 'button[title="Reject all"]'), frame=True),
    Vendor("Cookiebot", ("#CybotCookiebotDialog",),
           ("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll", "#CybotCookiebotDialogBodyButtonAccept"),
           ("#CybotCookiebotDialogBodyButtonDecline",)),
    Vendor("TrustArc", ("#truste-consent-track", ".truste_box_overlay", "#consent_blackbar"),
           ("#truste-consent-button",), ("#truste-consent-required",)),
    # Usercentrics draws its dialog in an open shadow root: Playwright's CSS reaches into it.
    Vendor("Usercentrics", ("#usercentrics-root", "#usercentrics-cmp-ui"),
           ('[data-testid="uc-accept-all-button"]',), ('[data-testid="uc-deny-all-button"]',)),
)
GENERIC = "generic"
GENERIC_DIALOG = ('[aria-modal="true"]', '[role="dialog"]', '[role="alertdialog"]')
# en, de, fr, es, it, nl, pt: words a cookie dialog uses and an article's dialog (a gallery, a
# newsletter sign-up) rarely does.
GENERIC_TEXT = (r"\bcookies?\b|\bconsent\b|datenschutz|einwilligung|consentement|traceurs|consentimiento|"
                r"consenso|toestemming|consentimento|\bprivacy\b|\btracking\b|\bpartners? (?:and|&) vendors\b")
ACCEPT_WORDS = (r"^(?:accept|agree|allow|i agree|ok|got it|alle akzeptieren|akzeptieren|zustimmen|einverstanden|"
                r"accepter|tout accepter|j'accepte|aceptar|acepto|accetta|accetto|accepteren|akkoord|aceitar|"
                r"concordo)\b")
REJECT_WORDS = (r"^(?:reject|decline|refuse|deny|disagree|continue without|necessary only|only necessary|"
                r"ablehnen|alle ablehnen|nur notwendige|refuser|tout refuser|continuer sans|rechazar|rifiuta|"
                r"rifiuto|continua senza|weigeren|alles weigeren|rejeitar|recusar)\b")


def table() -> dict[str, Any]:
    """What auditor/js/consent.js is given: the vendors and the generic dialog's words."""
    return {"vendors": [asdict(v) for v in VENDORS], "generic": list(GENERIC_DIALOG), "text": GENERIC_TEXT,
            "accept": ACCEPT_WORDS, "reject": REJECT_WORDS}


def vendor(name: str) -> Vendor | None:
    return next((v for v in VENDORS if v.name == name), None)


def is_cookie_text(text: str) -> bool:
    """Whether a dialog's text talks about cookies or consent (what the page script tests, in Python)."""
    return re.search(GENERIC_TEXT, text, re.IGNORECASE) is not None


def button_kind(label: str) -> str | None:
    """'accept', 'reject' or None for a generic dialog's button label."""
    text = " ".join(label.split()).lower()
    if re.search(REJECT_WORDS, text):
        return "reject"
    if re.search(ACCEPT_WORDS, text):
        return "accept"
    return None


def record(found: dict[str, Any] | None, mode: str, done: str = "kept", worked: bool | None = None,
           note: str = "") -> dict[str, Any]:
    """The page's consent record in the results: shown, vendor, dialog, tcf, mode, done, worked, note."""
    found = found or {}
    return {"shown": bool(found.get("vendor")), "vendor": found.get("vendor"), "dialog": found.get("selector"),
            "tcf": bool(found.get("tcf")), "mode": mode, "done": done if found.get("vendor") else "none",
            "worked": worked, "note": note}


def sentence(rec: dict[str, Any] | None) -> str:
    """What the reports say about a page's consent dialog, or '' when none was looked for or shown."""
    if not rec or not rec.get("shown"):
        return ""
    who = "A consent dialog" if rec.get("vendor") == GENERIC else f"A {rec.get('vendor')} consent dialog"
    if rec.get("done") == "kept":
        return f"{who} was shown and left open: the page was audited as a first visit shows it, dialog and all."
    if rec.get("worked"):
        return (f"{who} was shown: it was audited, then {rec.get('done')}; the article was audited as readers "
                "see it afterwards.")
    return f"{who} was shown and could not be {'accepted' if rec.get('mode') == 'dismiss' else 'rejected'} " \
           f"({rec.get('note') or 'it stayed'}): the page was audited with the dialog open."
