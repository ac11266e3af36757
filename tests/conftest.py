"""Shared test fixtures: a loopback web server with fault routes, and one Chromium per session.

Browser tests open a fresh browser context per page (gather_page does that), so
nothing leaks between tests; the browser process itself is shared for speed.
"""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from tests.support.server import FaultServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def site():
    """http://127.0.0.1:PORT serving tests/fixtures/pages plus the fault routes of tests/support/server.py."""
    server = FaultServer(FIXTURES / "pages")
    server.start()
    yield server
    server.stop()


class BrowserHarness:
    """Runs the async engine on a private event loop thread so sync tests can call it."""

    def __init__(self) -> None:
        from auditor.browser import Browser, find_chromium

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.browser = Browser(find_chromium())
        self.call(self.browser.start())

    def call(self, coro, timeout: float = 180):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def gather(self, url: str, rule_settings: dict | None = None, **options):
        """Artifacts of one page, gathered as `auditor audit` would (with these article-rule settings)."""
        from auditor.gather import GatherOptions, bundled_axe, gather_page
        from auditor.rules.runner import page_requests

        options.setdefault("page_facts", page_requests(rule_settings or {}))
        opts = GatherOptions(axe_source=bundled_axe(), **options)
        return self.call(gather_page(self.browser, url, opts, with_rules=True))

    def audit(self, targets: list[str], settings=None, out_dir: Path | None = None, stream: Path | None = None):
        """A whole run (targets -> RunResult) through the engine's entry point, on the shared browser."""
        from auditor import engine
        from auditor.config import Settings

        request = engine.AuditRequest(settings or Settings(screenshots=False), tuple(targets), out_dir=out_dir,
                                      stream=stream)
        return self.call(engine.run_audit(request, engine.BrowserSource(), browser=self.browser))

    def close(self) -> None:
        self.call(self.browser.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture(scope="session")
def chromium():
    harness = BrowserHarness()
    yield harness
    harness.close()
