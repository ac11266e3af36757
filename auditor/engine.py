"""`audit(targets, settings)`: the one entry point the CLI and the service share.

Expands targets, starts the file server and one browser, audits pages with bounded
concurrency under a per-page deadline, judges each page's artifacts, and returns
every requested page in input order, audited or with its error.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from auditor import __version__
from auditor.browser import Browser, find_chromium
from auditor.config import Settings
from auditor.errors import AuditorError, GatherError
from auditor.fileserver import FileServer
from auditor.gather import GatherOptions, bundled_axe, first_line, gather_page
from auditor.model import Artifacts, PageResult, RuleInfo, RunResult, error_page
from auditor.pagestore import StoredPages, StreamWriter, read_stream
from auditor.procs import descendants
from auditor.policy import active_ignores, apply_baseline, apply_ignores, read_baseline, with_fingerprints
from auditor.selection import select
from auditor.rules import axe as axe_rules
from auditor.rules import runner
from auditor.targets import Target, expand_targets

Progress = Callable[[int, int, PageResult], None]
DEADLINE_GRACE = 2.0  # beyond the page's own time limit, before it is torn down
_AXE_VERSION = re.compile(r"axe v(\d+\.\d+\.\d+)")


@dataclass
class RunPaths:
    out_dir: Path | None = None  # screenshots go to out_dir/screenshots
    save_artifacts: Path | None = None
    # JSON Lines file each finished page is appended to (results.jsonl). With it, finished pages
    # live on disk rather than in memory, and the results read them back one at a time.
    stream: Path | None = None


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


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text.split("://", 1)[-1])[:60].strip("-") or "page"


class Auditor:
    def __init__(self, settings: Settings, paths: RunPaths, progress: Progress | None = None,
                 url_guard: Callable[[str], str | None] | None = None):
        self.settings = settings
        self.url_guard = url_guard  # the web service's SSRF guard: sees every URL a page requests
        self.paths = paths
        self.progress = progress
        self.files = FileServer()
        self.browser: Browser | None = None
        self.axe_source, self.axe_version = axe_source(settings)
        self.axe_rules: list[RuleInfo] = []
        self.done = 0
        self._inflight = 0
        self._since_restart = 0
        self._restart_lock = asyncio.Lock()
        self._ignores, _ = active_ignores(settings.ignore)
        s = settings
        # The same for every page of the run; only the screenshot's file differs.
        self._gather_options = GatherOptions(
            timeout=s.timeout, tags=s.tags, mobile=s.mobile, wait_for=s.wait_for, headers=dict(s.headers),
            cookies=s.cookies, block=s.block, block_third_party=s.block_third_party, axe_source=self.axe_source,
            slow_rule_budget=s.slow_rule_budget, article_selector=s.article_selector, url_guard=url_guard,
            ignore_selectors=tuple(sorted({ig.selector for ig in self._ignores if ig.selector})),
            collector_args=runner.collector_args(dict(s.rules)))

    def _options(self, index: int) -> GatherOptions:
        shot = None
        if self.settings.screenshots and self.paths.out_dir is not None:
            shot = self.paths.out_dir / "screenshots" / f"{index + 1:04d}.jpg"
        return replace(self._gather_options, screenshot_path=shot)

    async def run(self, targets: list[Target], stop: asyncio.Event | None = None,
                  browser: Browser | None = None, indices: list[int] | None = None,
                  previous: dict[int, int] | None = None) -> RunResult:
        """Audit `targets`, every one of them ending in the results in order.

        `browser`: share this running browser instead of starting one. `indices`: each
        target's position in the whole run (shards keep it so merged results keep order).
        `previous`: pages already audited by an interrupted run (--resume): index -> the
        offset of their line in the stream.
        """
        started, t0 = _now(), time.monotonic()
        indices = indices if indices is not None else list(range(len(targets)))
        previous = previous or {}
        # Each page as it finishes: its line's offset in the stream, or the page itself without one.
        results: list[int | PageResult | None] = [previous.get(i) for i in indices]
        stop = stop or asyncio.Event()
        interrupted = False
        todo = [n for n, r in enumerate(results) if r is None]
        needs_browser = any(targets[n].error is None for n in todo)
        self.browser = browser
        stream = StreamWriter(self.paths.stream, started, bool(previous)) if self.paths.stream else None
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
                    self._inflight += 1
                    try:
                        page = await self._audit_one(indices[n], targets[n])
                    finally:
                        self._inflight -= 1
                    page = replace(page, index=indices[n])
                    results[n] = stream.add(page) if stream is not None else page
                    self._since_restart += 1
                    self.done += 1
                    if self.progress:
                        self.progress(self.done, len(targets), page)

            workers = [asyncio.ensure_future(worker()) for _ in range(self.settings.concurrency)]
            all_done = asyncio.gather(*workers, return_exceptions=True)
            stopper = asyncio.ensure_future(stop.wait())
            await asyncio.wait([stopper, all_done], return_when=asyncio.FIRST_COMPLETED)
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
            if stream is not None:
                stream.close()
        entries = [r if r is not None else error_page(t.requested, "interrupted",
                                                      "the run was interrupted before this page was audited",
                                                      index=i)
                   for r, t, i in zip(results, targets, indices)]
        pages = StoredPages(self.paths.stream, entries) if stream is not None else tuple(entries)
        _, expired = active_ignores(self.settings.ignore)
        return RunResult(tool=self.tool_info(), started_at=started, duration_s=time.monotonic() - t0,
                         pages=pages, interrupted=interrupted, rules=tuple(self.rule_infos()),
                         expired_ignores=tuple(expired))

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

    def tool_info(self) -> dict[str, str]:
        return {"name": "auditor", "version": __version__, "axe_version": self.axe_version,
                "browser": self.browser.version if self.browser else ""}

    def learn_axe_rules(self, artifacts: Artifacts) -> None:
        """The run's axe rule list comes from the first page that carries it (see gather's with_rules)."""
        if not self.axe_rules and artifacts.axe.get("rules"):
            self.axe_rules = axe_rules.rule_infos(artifacts)

    def rule_infos(self) -> list[RuleInfo]:
        return self.axe_rules + runner.article_rule_infos()

    async def _audit_one(self, index: int, target: Target) -> PageResult:
        if target.error:
            return error_page(target.requested, "target", target.error)
        t0 = time.monotonic()
        url = target.url or self.files.url_for(target.path, target.root)
        for attempt in (1, 2):
            try:
                artifacts = await self._gather(index, url, target.requested)
                break
            except GatherError as exc:
                crashed = exc.kind == "browser" and not self.browser.connected
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
                gather_page(self.browser, url, opts, requested_url=requested, with_rules=not self.axe_rules),
                self.settings.timeout + DEADLINE_GRACE)
        except asyncio.TimeoutError:
            await self._check_browser()
            raise GatherError("timeout", f"page not audited within the {self.settings.timeout:g} s time limit "
                                         "(it may block its main thread)") from None
        except GatherError:
            raise
        except AuditorError:
            raise
        except Exception as exc:  # Playwright errors when the browser itself goes away
            if not self.browser.connected:
                raise GatherError("browser", f"the browser crashed: {first_line(exc)}") from None
            raise GatherError("browser", first_line(exc)) from None
        self.learn_axe_rules(artifacts)
        local = self.files.file_url(artifacts.url)
        if local:
            artifacts.url = local
        if artifacts.screenshot and self.paths.out_dir is not None:
            artifacts.screenshot["path"] = Path(artifacts.screenshot["path"]).relative_to(self.paths.out_dir).as_posix()
        if self.paths.save_artifacts is not None:
            self.paths.save_artifacts.mkdir(parents=True, exist_ok=True)
            dest = self.paths.save_artifacts / f"{index + 1:04d}-{_slug(requested)}.json"
            dest.write_text(json.dumps(artifacts.to_dict(), ensure_ascii=False), encoding="utf-8", errors="replace")
        return artifacts

    async def _check_browser(self) -> None:
        """After a page overran its deadline: make sure the browser still answers, else restart it."""
        assert self.browser is not None
        try:
            ctx = await asyncio.wait_for(self.browser.new_context(), 10)
            await asyncio.wait_for(ctx.close(), 10)
        except Exception:
            await self.browser.restart()

    def judge(self, artifacts: Artifacts, index: int = 0) -> PageResult:
        settings = dict(self.settings.rules)
        found, rule_errors = runner.judge(artifacts, settings)
        shot = (artifacts.screenshot or {}).get("path")
        page = PageResult(requested_url=artifacts.requested_url, url=artifacts.url, status="audited",
                          http_status=artifacts.http_status, title=artifacts.title,
                          findings=tuple(found), timings=dict(artifacts.timings),
                          rule_errors=tuple(rule_errors), screenshot=shot, index=index)
        return apply_ignores(with_fingerprints(page), self._ignores, artifacts.ignore_matches)


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


def audit(target_args: list[str], settings: Settings, paths: RunPaths | None = None,
          progress: Progress | None = None, on_start: Callable[[int], None] | None = None,
          shard: tuple[int, int] | None = None, resume: bool = False) -> RunResult:
    """Synchronous entry point for the CLI: Ctrl-C or SIGTERM stop the run and keep what is done."""
    settings.validate()
    paths = paths or RunPaths()
    baseline = read_baseline(settings.baseline) if settings.baseline else None
    targets = expand_targets(target_args, timeout=settings.timeout, sitemap_max_pages=settings.sitemap_max_pages,
                             sitemap_max_fetches=settings.sitemap_max_fetches)
    chosen = select(targets, include=settings.include, exclude=settings.exclude, limit=settings.limit,
                    sample=settings.sample, shard=shard)
    previous: dict[int, int] = {}
    if resume and paths.stream is not None:
        # Only pages whose target is still the same at that position count as done.
        previous = {i: offset for i, (offset, requested) in read_stream(paths.stream).items()
                    if i < len(targets) and targets[i].requested == requested}
    auditor = Auditor(settings, paths, progress)
    if on_start:
        on_start(len(chosen))

    async def main() -> RunResult:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread (e.g. the web service): the caller stops us
        return await auditor.run([t for _, t in chosen], stop, indices=[i for i, _ in chosen],
                                 previous=previous)

    results = asyncio.run(main())
    if baseline is not None:
        results = apply_baseline(results, baseline, settings.baseline)
    return results


def rejudge(artifacts_dir: Path, settings: Settings) -> RunResult:
    """Judge saved artifacts again, without a browser (--from-artifacts)."""
    files = sorted(artifacts_dir.glob("*.json"))
    if not files:
        raise AuditorError(f"no artifacts (*.json) in {artifacts_dir}")
    auditor = Auditor(settings, RunPaths())
    t0, started, pages = time.monotonic(), _now(), []
    for path in files:
        try:
            artifacts = Artifacts.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            pages.append(error_page(path.as_uri(), "target", f"cannot read artifacts {path.name}: {exc}"))
            continue
        auditor.learn_axe_rules(artifacts)
        auditor.axe_version = artifacts.axe.get("version") or auditor.axe_version
        pages.append(auditor.judge(artifacts, len(pages)))
    tool = auditor.tool_info()
    _, expired = active_ignores(settings.ignore)
    results = RunResult(tool=tool, started_at=started, duration_s=time.monotonic() - t0, pages=tuple(pages),
                        rules=tuple(auditor.rule_infos()), expired_ignores=tuple(expired))
    if settings.baseline:
        results = apply_baseline(results, read_baseline(settings.baseline), settings.baseline)
    return results
