"""Where axe's time goes on given pages: each WCAG rule timed on its own (not a test).

    .venv/bin/python bench/axe_rule_times.py PAGE.html [PAGE.html ...]

Pages are served from loopback with third-party requests dropped, as the benchmark does.
Timing a rule alone includes axe's per-run set-up, so the figures over-count small rules.
"""
from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from auditor.browser import Browser, find_chromium
from auditor.fileserver import FileServer
from auditor.gather import GatherOptions, _context_options, bundled_axe, request_filter

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


async def profile(paths: list[str]) -> None:
    files = FileServer()
    browser = Browser(find_chromium())
    await browser.start()
    opts = GatherOptions(block_third_party=True)
    try:
        for path in paths:
            url = files.url_for(Path(path).resolve())
            ctx = await browser.new_context(**_context_options(opts))
            await ctx.route("**/*", request_filter(url, opts))
            page = await ctx.new_page()
            await page.goto(url, wait_until="load")
            await page.evaluate(bundled_axe())
            counts = await page.evaluate("() => [document.getElementsByTagName('*').length, document.links.length]")
            ids = await page.evaluate("(t) => axe.getRules(t).map(r => r.ruleId)", TAGS)
            t0 = time.monotonic()
            await page.evaluate("(t) => axe.run(document, {runOnly: {type: 'tag', values: t}, resultTypes: ['violations', 'incomplete']}).then(() => 1)", TAGS)
            total = time.monotonic() - t0
            times = []
            for rid in ids:
                t = time.monotonic()
                await page.evaluate("(id) => axe.run(document, {runOnly: {type: 'rule', values: [id]}, resultTypes: ['violations', 'incomplete']}).then(() => 1)", rid)
                times.append((time.monotonic() - t, rid))
            times.sort(reverse=True)
            top = ", ".join(f"{rid} {t:.2f}" for t, rid in times[:6])
            print(f"{Path(path).name}: {counts[0]} elements, {counts[1]} links; all rules {total:.2f}s; {top}", flush=True)
            await ctx.close()
    finally:
        await browser.close()
        files.stop()


if __name__ == "__main__":
    asyncio.run(profile(sys.argv[1:]))
