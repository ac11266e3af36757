"""Consent dialogs in a page (part of the gather layer): find the one shown, audit it, accept or
reject it and wait for it to go. What is recognised and which buttons are pressed is
auditor/consent.py's table; this module drives the page.

With `dismiss`/`reject` the dialog is audited on its own first (axe limited to the dialog, or run
inside the dialog's iframe); the article pass after it no longer sees the dialog, so one problem
is reported once. When the dialog does not go, the article pass sees it again and the first
pass's findings are dropped (never twice); the record says it did not work and why.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from auditor import consent
from auditor.errors import first_line

Left = Callable[[float], float]
AuditDialog = Callable[[Any, dict[str, Any]], Awaitable[dict[str, Any]]]  # (frame, axe context) -> axe result
GONE_WITHIN = 5.0  # seconds a dismissed dialog has to disappear


def _script() -> str:
    from auditor.gather import js

    return js("consent.js")


async def detect(page: Any) -> dict[str, Any]:
    try:
        found: dict[str, Any] = await page.evaluate(_script(), consent.table())
    except Exception as exc:
        return {"vendor": None, "error": first_line(exc)}
    return found


async def handle(page: Any, mode: str, left: Left, audit_dialog: AuditDialog) -> tuple[dict[str, Any], dict | None]:
    """(the page's consent record, the dialog's own axe result or None) after `mode` was applied."""
    found = await detect(page)
    if not found.get("vendor") or mode == "keep":
        return consent.record(found, mode), None
    dialog_axe = await _audit(page, found, audit_dialog)
    button = await _press(page, found, "accept" if mode == "dismiss" else "reject", left)
    if button is None:
        return consent.record(found, mode, "none", False, f"no {'accept' if mode == 'dismiss' else 'reject'} "
                                                        "button found in the dialog"), None
    if not await _gone(page, found["vendor"], min(GONE_WITHIN, left(0.3))):
        return consent.record(found, mode, consent.DONE[mode], False,
                              f"clicked {button} but the dialog was still shown {GONE_WITHIN:g} s later"), None
    done = consent.record(found, mode, consent.DONE[mode], True, f"clicked {button}")
    # Which findings came from the dialog, so they can be told from the article's (scope: the site's template).
    targets = {tuple(map(str, n["target"])) for key in ("violations", "incomplete")
               for r in (dialog_axe or {}).get(key, []) for n in r["nodes"]}
    done["dialog_targets"] = [list(t) for t in sorted(targets)]
    return done, dialog_axe


async def _audit(page: Any, found: dict[str, Any], audit_dialog: AuditDialog) -> dict | None:
    try:
        if not found.get("frame"):
            return await audit_dialog(page.main_frame, {"include": [[found["selector"]]], "exclude": []})
        handle = await page.query_selector(found["selector"])
        frame = await handle.content_frame() if handle else None
        if frame is None:
            return None
        result = await audit_dialog(frame, {"include": [["html"]], "exclude": []})
        for key in ("violations", "incomplete"):  # targets inside the iframe, as axe writes them from the top
            for rule in result.get(key, []):
                for node in rule["nodes"]:
                    node["target"] = [found["selector"], *node["target"]]
        return result
    except Exception:
        return None  # the dialog went away or refused axe: the article pass still audits the page


async def _press(page: Any, found: dict[str, Any], which: str, left: Left) -> str | None:
    """Click the dialog's accept or reject button; the selector clicked, or None when there is none."""
    known = consent.vendor(found["vendor"])
    candidates = [found.get(which)] if known is None else list(getattr(known, which))
    root = page
    if found.get("frame"):
        root = page.frame_locator(found["selector"]).first
    for selector in filter(None, candidates):
        button = root.locator(selector).first
        try:
            if await button.count() == 0 or not await button.is_visible():
                continue
            await button.click(timeout=min(5.0, left(0.3)) * 1000)
            return selector
        except Exception:
            continue
    return None


async def _gone(page: Any, vendor: str, seconds: float) -> bool:
    check = f"(t) => {{ const r = ({_script()})(t); return r.vendor !== {vendor!r}; }}"
    try:
        await page.wait_for_function(check, arg=consent.table(), timeout=seconds * 1000)
        return True
    except Exception:
        return False


def merged(axe: dict[str, Any], dialog: dict[str, Any] | None) -> dict[str, Any]:
    """The article pass's axe result with the dialog pass's nodes added (a node both saw, once)."""
    if not dialog:
        return axe
    out = dict(axe)
    for key in ("violations", "incomplete"):
        rules = {r["id"]: dict(r, nodes=list(r["nodes"])) for r in axe.get(key, [])}
        for rule in dialog.get(key, []):
            into = rules.setdefault(rule["id"], dict(rule, nodes=[]))
            seen = {tuple(map(str, n["target"])) for n in into["nodes"]}
            into["nodes"] += [n for n in rule["nodes"] if tuple(map(str, n["target"])) not in seen]
        out[key] = list(rules.values())
    return out
