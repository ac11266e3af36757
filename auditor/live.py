"""Pages from a browser: audit targets with bounded concurrency under a per-page deadline.

Starts the file server (local files) and a browser, unless the caller shares one; every
target ends in the results, in input order, audited or with its error. Finished pages go
to the stream (results.jsonl) when there is one, so memory does not grow with the run.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from auditor.browser import Browser, find_chromium
from auditor.config import Settings
from auditor.confine import write_inside
from auditor.errors import AuditorError, GatherError, first_line
from auditor.fileserver import FileServer
from auditor.gather import GatherOptions, bundled_axe, gather_page
from auditor.model import Artifacts, ErrorKind, PageResult, error_page
from auditor.pagestore import PageSink
from auditor.procs import descendants
from auditor.rules import runner
from auditor.run import Collected, Judge, now, tool_info
from auditor.targets import Target

Progress = Callable[[int, int, PageResult], None]
UrlGuard = Callable[[str], str | None]  # why a URL may not be requested, or None (the service's address guard)
DEADLINE_GRACE = 2.0  # beyond the page's own time limit, before it is torn down
_AXE_VERSION = re.compile(r"axe v(\d+\.\d+\.\d+)")


def axe_source(settings: Settings) -> tuple[str, str]:
    """(script, version): the bundled axe-core, or the user's --axe-script."""
    if settings.axe_script:
        try:
            source = Path(settings.axe_script).read_text(encoding="utf-8")
        except OSError as exc:
            raise AuditorError(f"cannot read --axe-script {settings.axe_script}: {exc.strerror or exc}") from None
        if "axe" not in source[:2000] or "runPartial" not in source:
            raise AuditorError(f"--axe-script {settings.axe_script} is not an axe-core build with runPartial (4.3 or later)")
    else:
        source = bundled_axe()
    m = _AXE_VERSION.search(source[:500])
    return source, m.group(1) if m else "unknown"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.split("://", 1)[-1])[:60].strip("-") or "page"


async def start_browser(executable: str | None = None, *, proxy: str | None = None) -> Browser:
    """A running browser to share between runs (the web service's); `proxy`: every context's traffic goes there."""
    browser = Browser(find_chromium(executable), proxy=proxy)
    await browser.start()
    return browser


class LiveRun:
    """One run's pages from a browser. `out_dir` receives screenshots/, `stream` the finished pages,
    `save_artifacts` each page's artifacts JSON."""

    def __init__(self, settings: Settings, judge: Judge, *, out_dir: Path | None = None,
                 stream: Path | None = None, save_artifacts: Path | None = None,
                 progress: Progress | None = None, url_guard: UrlGuard | None = None,
                 on_page_start: Callable[[str], None] | None = None):
        self.settings = settings
        self.on_page_start = on_page_start  # the progress display names the page being audited
        self.judge = judge
        self.out_dir, self.stream_path, self.save_artifacts = out_dir, stream, save_artifacts
        self.progress = progress
        self.files = FileServer()
        self.browser: Browser | None = None
        self.axe_source, self.axe_version = axe_source(settings)
        self.done = 0
        self._inflight = 0
        self._since_restart = 0
        self._restart_lock = asyncio.Lock()
        s = settings
        # The same for every page of the run; only the screenshot's file differs.
        self._gather_options = GatherOptions(
            timeout=s.timeout, tags=s.tags, mobile=s.mobile, wait_for=s.wait_for, headers=dict(s.headers),
            cookies=s.cookies, block=s.block, block_third_party=s.block_third_party, axe_source=self.axe_source,
            slow_rule_budget=s.slow_rule_budget, article_selector=s.article_selector, url_guard=url_guard,
            ignore_selectors=judge.ignore_selectors(), page_facts=runner.page_requests(dict(s.rules)))

    def _options(self, index: int) -> GatherOptions:
        shot = None
        if self.settings.screenshots and self.out_dir is not None:
            shot = self.out_dir / "screenshots" / f"{index + 1:04d}.jpg"
        return replace(self._gather_options, screenshot_path=shot)

    async def run(self, targets: list[Target], stop: asyncio.Event, *, browser: Browser | None = None,
                  indices: list[int] | None = None, previous: dict[int, int] | None = None) -> Collected:
        """Audit `targets`, every one of them ending in the results in order.

        `browser`: share this running browser instead of starting one. `indices`: each
        target's position in the whole run (shards keep it so merged results keep order).
        `previous`: pages already audited by an interrupted run (--resume): index -> the
        offset of their line in the stream.
        """
        started, t0 = now(), time.monotonic()
        indices = indices if indices is not None else list(range(len(targets)))
        previous = previous or {}
        # Each page as it finishes: its line's offset in the stream, or the page itself without one.
        results: list[int | PageResult | None] = [previous.get(i) for i in indices]
        interrupted = False
        todo = [n for n, r in enumerate(results) if r is None]
        needs_browser = any(targets[n].error is None for n in todo)
        self.browser = browser
        sink = PageSink(self.stream_path, started, resuming=bool(previous))
        self.done = len(targets) - len(todo)
        try:
            if needs_browser and self.browser is None:
                self.browser = Browser(find_chromium(self.settings.browser))
                await self.browser.start()
            queue: asyncio.Queue[int] = asyncio.Queue()
            for n in todo:
                queue.put_nowait(n)

            async def worker() -> None:
                while not stop.is_set():
                    try:
                        n = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    await self._maybe_restart()
                    if self.on_page_start:
                        self.on_page_start(targets[n].requested)
                    self._inflight += 1
                    try:
                        page = await self._audit_one(indices[n], targets[n])
                    finally:
                        self._inflight -= 1
                    page = replace(page, index=indices[n])
                    results[n] = sink.add(page)
                    self._since_restart += 1
                    self.done += 1
                    if self.progress:
                        self.progress(self.done, len(targets), page)

            workers = [asyncio.ensure_future(worker()) for _ in range(self.settings.concurrency)]
            all_done = asyncio.gather(*workers, return_exceptions=True)
            stopper = asyncio.ensure_future(stop.wait())
            await asyncio.wait([stopper, all_done], return_when=asyncio.FIRST_COMPLETED)  # type: ignore[type-var]
            stopper.cancel()
            if stop.is_set():
                interrupted = True
                for w in workers:
                    w.cancel()
            for outcome in await all_done:
                if isinstance(outcome, BaseException) and not isinstance(outcome, asyncio.CancelledError):
                    raise outcome  # a bug in the engine itself, not a page's fault
        finally:
            if self.browser is not None and browser is None:
                await self.browser.close()
            self.files.stop()
            sink.close()
        entries = [r if r is not None else error_page(t.requested, ErrorKind.INTERRUPTED,
                                                      "the run was interrupted before this page was audited",
                                                      index=i)
                   for r, t, i in zip(results, targets, indices)]
        return Collected(pages=sink.pages(entries), tool=tool_info(self.axe_version, self.browser.version if self.browser else ""),
                         started_at=started, duration_s=time.monotonic() - t0, interrupted=interrupted)

    async def _maybe_restart(self) -> None:
        """Restart the browser every `restart_every` pages or past the memory cap, between pages.

        Long runs otherwise grow: Chromium keeps caches and leaked renderer memory across
        contexts. New pages wait while the pages in flight finish, then the browser restarts.
        """
        if self.browser is None or self._since_restart == 0:
            return
        due = self._since_restart >= self.settings.restart_every
        if not due and self._since_restart % 10 == 0:
            due = browser_memory_mib() > self.settings.memory_cap_mib
        if not due:
            return
        async with self._restart_lock:
            if self._since_restart == 0:
                return  # another worker restarted it while we waited
            while self._inflight:
                await asyncio.sleep(0.05)
            await self.browser.restart()
            self._since_restart = 0

    async def _audit_one(self, index: int, target: Target) -> PageResult:
        if target.error:
            return error_page(target.requested, ErrorKind.TARGET, target.error)
        assert self.browser is not None and (target.url or target.path)
        t0 = time.monotonic()
        url = target.url or self.files.url_for(target.path, target.root)  # type: ignore[arg-type]
        for attempt in (1, 2):
            try:
                artifacts = await self._gather(index, url, target.requested)
                break
            except GatherError as exc:
                crashed = exc.kind == ErrorKind.BROWSER and not self.browser.connected
                if crashed and attempt == 1:
                    continue  # the browser died under us; a fresh one gets one more try at this page
                return error_page(target.requested, exc.kind, str(exc), duration_s=time.monotonic() - t0)
        page = self.judge(artifacts, index)
        return replace(page, duration_s=time.monotonic() - t0)

    async def _gather(self, index: int, url: str, requested: str) -> Artifacts:
        assert self.browser is not None
        opts = self._options(index)
        try:
            artifacts = await asyncio.wait_for(
                gather_page(self.browser, url, opts, requested_url=requested,
                            with_rules=not self.judge.knows_axe_rules),
                self.settings.timeout + DEADLINE_GRACE)
        except asyncio.TimeoutError:
            await self._check_browser()
            raise GatherError(ErrorKind.TIMEOUT, f"page not audited within the {self.settings.timeout:g} s time limit "
                                         "(it may block its main thread)") from None
        except GatherError:
            raise
        except AuditorError:
            raise
        except Exception as exc:  # Playwright errors when the browser itself goes away
            if not self.browser.connected:
                raise GatherError(ErrorKind.BROWSER, f"the browser crashed: {first_line(exc)}") from None
            raise GatherError(ErrorKind.BROWSER, first_line(exc)) from None
        local = self.files.file_url(artifacts.url)
        if local:
            artifacts.url = local
        if artifacts.screenshot and self.out_dir is not None:
            artifacts.screenshot["path"] = Path(artifacts.screenshot["path"]).relative_to(self.out_dir).as_posix()
        if self.save_artifacts is not None:
            self.save_artifacts.mkdir(parents=True, exist_ok=True)
            dest = self.save_artifacts / f"{index + 1:04d}-{_slug(requested)}.json"
            data = json.dumps(artifacts.to_dict(), ensure_ascii=False).encode("utf-8", "replace")
            try:
                write_inside(dest, data, self.save_artifacts)  # a link planted in the folder is replaced
            except OSError as exc:
                raise AuditorError(f"cannot save artifacts to {dest}: {exc.strerror or exc}") from None
        return artifacts

    async def _check_browser(self) -> None:
        """After a page overran its deadline: make sure the browser still answers, else restart it."""
        assert self.browser is not None
        try:
            ctx = await asyncio.wait_for(self.browser.new_context(), 10)
            await asyncio.wait_for(ctx.close(), 10)
        except Exception:
            await self.browser.restart()


def browser_memory_mib() -> float:
    """Resident memory of this process's descendants (the driver and Chromium): a cheap proxy, checked every few pages."""
    total, page = 0, os.sysconf("SC_PAGE_SIZE")
    for pid in descendants(os.getpid()):
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
    return total / 2**20
