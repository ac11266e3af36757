"""`auditor login`: run a sign-in once and hand back the browser's storage state.

Part of the gather layer. The sign-in page opens as an audited page would (viewport, headers,
cookies, blocking), in a fresh context without any earlier state; the actions run under the
page's deadline; what the context holds afterwards (cookies, local storage) is returned for
auditor/storage_state.py to write. Nothing here logs or returns a cookie's value elsewhere.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

from auditor.actions import Action
from auditor.errors import GatherError
from auditor.gather import GatherOptions, NetworkMonitor, classify_navigation_error, context_options, request_filter
from auditor.interact import run_actions


async def sign_in(browser: Any, url: str, opts: GatherOptions, actions: tuple[Action, ...]) -> dict[str, Any]:
    """The storage state after opening `url` and running `actions`; GatherError when a step fails."""
    context = await browser.new_context(**context_options(replace(opts, storage_state=None)))
    try:
        if opts.cookies:
            await context.add_cookies([{"name": n, "value": v, "url": url} for n, v in opts.cookies])
        handler = request_filter(url, opts)
        if handler is not None:
            await context.route("**/*", handler)
        page = await context.new_page()
        net = NetworkMonitor(page)
        deadline = time.monotonic() + opts.timeout

        def left(share: float = 1.0) -> float:
            return max(0.1, (deadline - time.monotonic()) * share)

        try:
            response = await page.goto(url, wait_until="domcontentloaded", timeout=left(0.8) * 1000)
        except Exception as exc:
            raise classify_navigation_error(exc) from None
        if response is not None and response.status >= 400:
            raise GatherError("http", f"HTTP {response.status} {response.status_text}".strip())
        await net.quiet(min(opts.settle_cap, left(0.2)))
        await run_actions(page, actions, left)
        await net.quiet(min(opts.settle_cap, left(0.5)))
        state: dict[str, Any] = await context.storage_state()
        return state
    finally:
        try:
            await asyncio.wait_for(context.close(), 10)
        except Exception:
            pass
