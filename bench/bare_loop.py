"""The reference the issue measures against (not a test): a bare Playwright loop of
load + inject axe.min.js + axe.run, third-party requests dropped, N pages at concurrency C.

    .venv/bin/python bench/bare_loop.py [--pages 40] [--concurrency 2]

Run it beside bench/bench.py under the same conditions: the ratio of the two is what the
auditor's extra work (settling, scrolling, frames, the article collector, screenshots,
reports) costs, whatever else the machine is doing.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from auditor.browser import Browser, find_chromium  # noqa: E402
from auditor.fileserver import FileServer  # noqa: E402
from auditor.gather import bundled_axe  # noqa: E402
from bench import DEFAULT_CORPUS, PeakMemory  # noqa: E402


async def loop(pages: list[Path], concurrency: int, timeout: float) -> list[float]:
    files, browser, axe = FileServer(), Browser(find_chromium()), bundled_axe()
    await browser.start()
    queue = list(pages)
    durations: list[float] = []

    async def worker() -> None:
        while queue:
            path = queue.pop(0)
            url = files.url_for(path)
            host = urllib.parse.urlsplit(url).hostname
            t0 = time.monotonic()
            ctx = await browser.new_context()

            async def block(route, host=host):  # this page's host, not the next one's
                own = urllib.parse.urlsplit(route.request.url).hostname == host
                await (route.continue_() if own or route.request.url.startswith("data:") else route.abort())

            await ctx.route("**/*", block)
            page = await ctx.new_page()
            try:
                await asyncio.wait_for(_one(page, url, axe), timeout)
            except Exception as exc:
                print(f"{path.name}: {type(exc).__name__}", file=sys.stderr)
            await ctx.close()
            durations.append(time.monotonic() - t0)

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await browser.close()
        files.stop()
    return durations


async def _one(page, url: str, axe: str) -> None:
    await page.goto(url, wait_until="load")
    await page.evaluate(axe)
    await page.evaluate("() => axe.run().then(r => r.violations.length)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--skip", nargs="*", default=[], help="page names to leave out of the first N")
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=180)
    args = ap.parse_args()
    pages = [p for p in sorted(DEFAULT_CORPUS.glob("*.html"))[: args.pages] if p.name not in args.skip]
    mem = PeakMemory(os.getpid())
    mem.start()
    t0 = time.monotonic()
    durations = asyncio.run(loop(pages, args.concurrency, args.timeout))
    wall = time.monotonic() - t0
    mem.stop.set()
    mem.join()
    durations.sort()
    print(f"bare loop, concurrency {args.concurrency}: {len(pages)} pages in {wall:.1f}s; "
          f"median {durations[len(durations) // 2]:.2f}s, worst {durations[-1]:.1f}s; "
          f"CPU {mem.cpu_s:.0f}s ({mem.cpu_s / len(pages):.2f}s a page); peak PSS {mem.peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
