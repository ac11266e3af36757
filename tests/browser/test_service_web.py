"""The web page in a real browser: sign in, submit URLs, watch the progress, open the report.

The service runs under uvicorn on a loopback port; the shared Chromium of the test
session browses it. Hostile page text must stay inert, and a report file that carries an
inline script (as if escaping had failed) must not run it.
"""
from __future__ import annotations

import asyncio
import re
import threading
from types import SimpleNamespace

import pytest

from tests.fixtures.service.helpers import AUTH, HERE, TOKEN, LiveServer, app
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    pages = FaultServer(HERE)
    # Each held page answers once the test has seen the progress it wants to see: the audit cannot
    # run ahead of the test, whatever the machine's speed.
    held = {"/slow": threading.Event(), "/second": threading.Event()}

    def holding(path: str, title: str):
        def answer(handler):
            held[path].wait(60)
            handler.send_body(200, f'<!doctype html><html lang="en"><head><title>{title}</title></head><body><main>'
                                   f'<h1>{title}</h1><img src="IMG_1.png" alt="IMG_1.png"></main></body></html>'.encode())
        return answer

    pages.add_route("/slow", holding("/slow", "Slow page"))
    pages.add_route("/second", holding("/second", "Second page"))
    pages.start()
    service = app(tmp_path_factory.mktemp("web"), pages_at_once=1)
    server = LiveServer(service).start()
    yield SimpleNamespace(base=server.base, pages=pages, store=service.state.service.store, held=held)
    for event in held.values():
        event.set()
    server.stop()
    pages.stop()


async def _open(chromium, **context_options):
    ctx = await chromium.browser.new_context(viewport={"width": 1100, "height": 900}, **context_options)
    page = await ctx.new_page()
    seen = SimpleNamespace(errors=[], dialogs=[])
    # Script errors and CSP violations; a 401 sign-in page or a missing favicon is not one.
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), asyncio.ensure_future(d.dismiss())))
    return ctx, page, seen


async def _shows(page, pattern: str) -> str:
    """Wait until the audit's progress line matches `pattern` (the page updates itself); returns the line."""
    handle = await page.wait_for_function(
        """(pattern) => {
             const el = document.getElementById("progress-text");
             const text = el ? el.textContent.replace(/\\s+/g, " ").trim() : "";
             return new RegExp(pattern).test(text) && text;
           }""", arg=pattern, timeout=60_000)
    return await handle.json_value()


def test_sign_in_submit_watch_progress_and_open_the_report(chromium, live):
    slow, second = live.pages.url("/slow"), live.pages.url("/second")

    async def flow():
        ctx, page, seen = await _open(chromium)
        try:
            first = await page.goto(live.base + "/")
            assert first.status == 401
            assert "script-src 'self'" in first.headers["content-security-policy"]
            await page.get_by_label("Access token").fill(TOKEN)
            await page.get_by_role("button", name="Sign in").click()
            await page.get_by_label("Page addresses").fill(f"{slow}\n{second}")
            await page.get_by_role("button", name="Audit").click()
            await page.wait_for_url(re.compile(r"/audits/[0-9a-f]{16}$"))
            texts = [await _shows(page, r"^(Waiting|Running) 0 of 2 pages audited")]
            live.held["/slow"].set()
            # Only the page's script can say this: the server renders the page once, before the audit ends.
            texts.append(await _shows(page, r"^Running 1 of 2 pages audited\.$"))
            live.held["/second"].set()
            texts.append(await _shows(page, r"^Done"))
            await page.get_by_role("link", name="Open the report").click()
            await page.wait_for_load_state("load")
            report = SimpleNamespace(url=page.url, h1=await page.locator("h1").inner_text())
            await page.get_by_role("link", name="Slow page").first.click()
            await page.wait_for_load_state("load")
            report.page_h1 = await page.locator("h1").inner_text()
            report.styled = await page.evaluate("getComputedStyle(document.body).fontFamily")
            return texts, report, seen
        finally:
            await ctx.close()

    texts, report, seen = chromium.call(flow())
    assert texts[1] == "Running 1 of 2 pages audited." and texts[2].startswith("Done"), texts
    assert report.url.endswith("/report/") and report.h1 == "Accessibility report"
    assert report.page_h1 == "Slow page" and report.styled
    assert seen.errors == [] and seen.dialogs == []  # no CSP violation, no script error


def test_hostile_page_text_stays_inert_in_the_browser(chromium, live):
    hostile = live.pages.page("hostile.html") + "?q=\"><script>alert('url')</script><svg/onload=alert('svg')>"

    async def flow():
        ctx, page, seen = await _open(chromium, extra_http_headers=AUTH)
        try:
            await page.goto(live.base + "/")
            await page.get_by_label("Page addresses").fill(hostile)
            await page.get_by_role("button", name="Audit").click()
            await page.wait_for_url(re.compile(r"/audits/[0-9a-f]{16}$"))
            await page.get_by_role("link", name="Open the report").wait_for(timeout=60_000)
            injected = {"audit": await page.evaluate("document.querySelectorAll('img[src=x], svg[onload], script:not([src])').length")}
            await page.goto(live.base + "/")
            injected["index"] = await page.evaluate("document.querySelectorAll('img[src=x], svg[onload], script:not([src])').length")
            await page.go_back()
            await page.get_by_role("link", name="Open the report").click()
            await page.get_by_role("link", name=re.compile("Hostile")).first.click()
            await page.wait_for_load_state("load")
            injected["report"] = await page.evaluate("document.querySelectorAll('img[src=x], svg[onload], script:not([src])').length")
            title = await page.locator("h1").inner_text()
            return injected, title, seen
        finally:
            await ctx.close()

    injected, title, seen = chromium.call(flow())
    assert injected == {"audit": 0, "index": 0, "report": 0}
    assert "<script>alert('title')</script>" in title  # shown as text
    assert seen.dialogs == []


def test_a_report_file_with_an_inline_script_does_not_run_it(chromium, live):
    """As if escaping had failed: the Content-Security-Policy is the second line of defence."""
    audit_id = live.store.create(["http://example.invalid/"], {"standard": "WCAG2.2AA", "mobile": False})
    forged = (b"<!doctype html><html lang=en><head><title>report</title></head><body><h1>Report</h1>"
              b"<script>document.title = 'pwned'</script>"
              b"<img src=x onerror=\"document.title = 'pwned by a handler'\"></body></html>")
    live.store.finish(audit_id, "done", files={"index.html": forged})

    async def flow():
        ctx, page, seen = await _open(chromium, extra_http_headers=AUTH)
        try:
            async with page.expect_console_message(lambda m: "Content Security Policy" in m.text) as refused:
                response = await page.goto(f"{live.base}/api/audits/{audit_id}/report/")
            return response.status, await page.title(), (await refused.value).text, seen
        finally:
            await ctx.close()

    status, title, refusal, seen = chromium.call(flow())
    assert status == 200 and title == "report"
    assert "script-src 'self'" in refusal  # the policy refused the inline script


def test_the_service_pages_pass_their_own_audit(chromium, live):
    """The form, the list of audits and an audit's page, audited by the auditor at WCAG 2.2 AA."""
    from auditor.config import Settings

    url = live.pages.page("changing.html")
    audit_id = live.store.create([url], {"standard": "WCAG2.2AA", "mobile": False})
    live.store.finish(audit_id, "done", results={"pages": [
        {"requested_url": url, "url": url, "status": "audited", "title": "A page", "error": None,
         "findings": [{"outcome": "failed"}, {"outcome": "cantTell"}]}]})
    settings = Settings(screenshots=False, headers=(("Authorization", f"Bearer {TOKEN}"),))
    results = chromium.audit([live.base + "/", f"{live.base}/audits/{audit_id}", live.base + "/login",
                              live.base + "/docs"], settings)
    for page in results.pages:
        assert page.status == "audited", page.error
        assert [(f.rule, f.target) for f in page.findings if f.outcome == "failed"] == [], page.url


def test_a_form_posted_from_another_port_of_the_same_host_is_refused(chromium, live):
    """The cookie is SameSite=Strict, and 127.0.0.1:OTHER is the same site: only the origin check
    (and the form token the other page cannot read) keep a signed-in editor's browser from posting."""
    target = live.pages.page("changing.html")
    attack = live.pages.add_route("/csrf", lambda h: h.send_body(200, (
        f'<!doctype html><html lang="en"><head><title>Win a prize</title></head><body><main>'
        f'<form id="f" method="post" action="{live.base}/audits"><input name="urls" value="{target}"></form>'
        f'<script>fetch("{live.base}/api/audits", {{method: "POST", mode: "no-cors", credentials: "include",'
        f' headers: {{"Content-Type": "text/plain"}}, body: JSON.stringify({{urls: ["{target}"]}})}})'
        f'.finally(() => document.getElementById("f").submit());</script></main></body></html>').encode()))
    before = len(live.store.recent(100))

    async def flow():
        ctx, page, _seen = await _open(chromium)
        try:
            await page.goto(live.base + "/login")
            await page.get_by_label("Access token").fill(TOKEN)
            await page.get_by_role("button", name="Sign in").click()
            await page.wait_for_url(live.base + "/")
            async with page.expect_response(live.base + "/audits") as answer:
                await page.goto(attack)
            response = await answer.value
            await page.wait_for_load_state("load")
            return response.status, await page.locator("main").inner_text()
        finally:
            await ctx.close()

    status, text = chromium.call(flow())
    assert status == 403 and "from its own pages only" in text
    assert len(live.store.recent(100)) == before
