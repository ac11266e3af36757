"""What screenshot_quality and screenshot_max_height do to the report folder's size.

    .venv/bin/python bench/screenshot_sizes.py [--limit N] [--budget SECONDS]

Loads each corpus page once from a loopback server (every other host is refused) and takes the
page screenshot as the auditor does (full-page JPEG, clipped to the maximum height) at each
setting; prints the total bytes per setting and how many pages were measured. The HTML pages of
a report are small beside its screenshots (docs/performance.md), so these totals are its size.
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import threading
import time
from pathlib import Path

from playwright.async_api import async_playwright

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"
SETTINGS = ((60, 16_000), (40, 16_000), (40, 8_000), (25, 6_000))  # (quality, max height); the first is the default
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


async def main(limit: int | None, budget: float) -> None:
    pages = sorted(CORPUS.glob("*.html"))[:limit]
    server, base = serve(CORPUS)
    totals = dict.fromkeys(SETTINGS, 0)
    measured, start = 0, time.monotonic()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        ctx = await browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)

        async def only_loopback(route):
            if route.request.url.startswith(base):
                await route.continue_()
            else:
                await route.abort()
        await ctx.route("**/*", only_loopback)
        for path in pages:
            if time.monotonic() - start > budget:
                break
            page = await ctx.new_page()
            try:
                await page.goto(base + path.name, wait_until="load", timeout=30_000)
                width, height = await page.evaluate(
                    "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
                for quality, max_height in SETTINGS:
                    clip = {"x": 0, "y": 0, "width": min(width, 4000), "height": min(height, max_height)}
                    data = await page.screenshot(type="jpeg", quality=quality, full_page=True, clip=clip,
                                                 timeout=30_000, animations="disabled", caret="hide")
                    totals[(quality, max_height)] += len(data)
                measured += 1
            except Exception as exc:  # a page that will not load is left out of every total alike
                print(f"{path.name}: {type(exc).__name__}")
            finally:
                await page.close()
        await browser.close()
    server.shutdown()
    print(f"{measured} of {len(pages)} pages measured in {time.monotonic() - start:.0f} s")
    for (quality, max_height), total in totals.items():
        print(f"quality {quality:3d}, max height {max_height:6,d}: {total / 1e6:8.1f} MB"
              f"  ({total / max(measured, 1) / 1e3:.0f} kB a page)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int)
    parser.add_argument("--budget", type=float, default=1200, help="stop starting pages after this many seconds")
    args = parser.parse_args()
    asyncio.run(main(args.limit, args.budget))
