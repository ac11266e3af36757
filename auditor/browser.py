"""Finding, launching and keeping one Chromium alive for a whole run.

Playwright's own browser download cannot be relied on (offline CI, locked-down
runners), so we look for an installed Chromium and launch it by path.
"""
from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

from auditor.errors import BrowserError

# Without these Chromium phones home at start-up; on a closed network that is a
# storm of refused connections and DNS failures that slows every page.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-quic",
    # WebRTC sends STUN/TURN datagrams straight to any address a page names, past every proxy,
    # and shows the page the machine's addresses as ICE candidates. This policy allows UDP only
    # through a proxy, which ours never carries: no datagram leaves. (Chromium 156 honours this
    # switch; --force-webrtc-ip-handling-policy=... was measured to change nothing.)
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--mute-audio",
    "--hide-scrollbars",
]

SYSTEM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _playwright_managed() -> str | None:
    """Playwright's own Chromium, when someone installed it (we never download it)."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for exe in sorted(root.glob("chromium-*/chrome-linux*/chrome"), reverse=True):
        if os.access(exe, os.X_OK):
            return str(exe)
    return None


def find_chromium(explicit: str | None = None) -> str:
    """--browser PATH, then AUDITOR_CHROMIUM, then Playwright's managed build, then the system's."""
    for source, path in (("--browser", explicit), ("AUDITOR_CHROMIUM", os.environ.get("AUDITOR_CHROMIUM"))):
        if path:
            if os.path.isfile(path) and os.access(path, os.X_OK):
                return path
            raise BrowserError(f"{source} names {path!r}, which is not an executable file")
    managed = _playwright_managed()
    if managed:
        return managed
    for name in SYSTEM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError(
        "no Chromium found: install Debian's 'chromium' package (apt-get install chromium), "
        "or point AUDITOR_CHROMIUM (or --browser) at a Chromium or Chrome executable"
    )


def launch_args() -> list[str]:
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return args


class Browser:
    """One Chromium for the run; restarted when it crashes or when asked to.

    Pages ask for `context()`; after a crash the next caller gets a fresh browser.
    With `proxy` (the web service's egress proxy) every context sends its traffic there.
    """

    def __init__(self, executable: str, *, headless: bool = True, proxy: str | None = None):
        self.executable = executable
        self.headless = headless
        self.proxy = proxy
        # Playwright's objects, typed loosely: only this layer may import Playwright, lazily.
        self._pw_manager: Any = None
        self._pw: Any = None
        self._browser: Any = None
        self._lock = asyncio.Lock()
        self.version = ""
        self.restarts = 0

    async def start(self) -> None:
        from playwright.async_api import async_playwright

        self._pw_manager = async_playwright()
        self._pw = await self._pw_manager.start()
        await self._launch()

    async def _launch(self) -> None:
        try:
            self._browser = await self._pw.chromium.launch(
                executable_path=self.executable, headless=self.headless, args=launch_args(),
                timeout=60_000,
            )
        except Exception as exc:  # Playwright raises plain Error with a long log
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BrowserError(f"could not start Chromium at {self.executable}: {first}") from exc
        self.version = f"Chromium {self._browser.version}"

    @property
    def connected(self) -> bool:
        return self._browser is not None and self._browser.is_connected()

    async def new_context(self, **options):
        async with self._lock:
            if not self.connected:
                await self._relaunch()
        if self.proxy:
            # Playwright adds <-loopback> to the bypass rules, so loopback goes through the proxy too.
            options["proxy"] = {"server": self.proxy}
        return await self._browser.new_context(**options)

    async def _relaunch(self) -> None:
        old, self._browser = self._browser, None
        if old is not None:
            try:
                await asyncio.wait_for(old.close(), 5)
            except Exception:
                pass
        self.restarts += 1
        await self._launch()

    async def restart(self) -> None:
        """Tear the browser down and start a new one (after a hang or a crash)."""
        async with self._lock:
            await self._relaunch()

    async def close(self) -> None:
        try:
            if self._browser is not None:
                await asyncio.wait_for(self._browser.close(), 10)
        except Exception:
            pass
        finally:
            self._browser = None
            if self._pw_manager is not None:
                try:
                    await asyncio.wait_for(self._pw_manager.__aexit__(None, None, None), 10)
                except Exception:
                    pass
                self._pw_manager = None
