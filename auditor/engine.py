"""The one way into the engine: `run_audit(request, source)` -> RunResult.

The CLI (`audit`, `--from-artifacts`, `merge`) and the web service all call it. A request
says what to audit and where the run's files go; a source says where the pages come from:

- `BrowserSource()`: open the targets in a browser (the one passed as `browser=`, shared,
  else one started for the run);
- `ArtifactsSource(folder)`: judge saved artifacts again, without a browser;
- `ShardResults(files)`: pages already judged by the shards of a run (`auditor merge`);
- `SavedResults(file)`: a run's saved results (`auditor report`, e.g. to apply a baseline).

Here and nowhere else: settings are validated, targets expanded and selected, pages judged
under the run's rule settings and ignores (auditor/run.py's Judge), the baseline applied and
the run's result assembled. `audit()` is the synchronous wrapper for the CLI: Ctrl-C and
SIGTERM stop the run and keep what is done.
"""
from __future__ import annotations

import asyncio
import json
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from auditor.browser import Browser, find_chromium
from auditor.config import Settings
from auditor.errors import AuditorError
from auditor.live import LiveRun, Progress, UrlGuard, axe_source, start_browser
from auditor.merge import collect_shards
from auditor.model import Artifacts, ErrorKind, PageResult, RunResult, error_page
from auditor.pagestore import PageSink, read_stream
from auditor.policy import apply_baseline, read_baseline
from auditor.run import Collected, Judge, now, tool_info
from auditor.selection import select
from auditor.targets import Target, expand_targets

# start_browser is the shells' way to a shared browser: they never import the gather layer.
__all__ = ["AuditRequest", "ArtifactsSource", "Browser", "BrowserSource", "SavedResults", "ShardResults", "audit",
           "check_settings", "find_browser", "run_audit", "start_browser"]


@dataclass(frozen=True)
class AuditRequest:
    """What to audit and where the run's files go.

    `targets` are the command line's: URLs, files, folders, sitemaps, @lists. With `pages_only`
    each target is one page URL, opened as given (the web service: it reads no sitemaps or files
    for its users). `out_dir` receives screenshots/; `stream` the finished pages (results.jsonl),
    which then live on disk rather than in memory; `save_artifacts` each page's artifacts JSON.
    """
    settings: Settings = field(default_factory=Settings)
    targets: tuple[str, ...] = ()
    pages_only: bool = False
    out_dir: Path | None = None
    stream: Path | None = None
    save_artifacts: Path | None = None
    shard: tuple[int, int] | None = None
    resume: bool = False


@dataclass
class Run:
    """What a source gets from the engine for one run."""
    request: AuditRequest
    judge: Judge
    stop: asyncio.Event
    browser: Browser | None = None
    url_guard: UrlGuard | None = None
    on_page: Progress | None = None
    on_start: Callable[[int], None] | None = None
    on_page_start: Callable[[str], None] | None = None

    def started(self, total: int) -> None:
        if self.on_start is not None:
            self.on_start(total)


class Source(Protocol):
    async def collect(self, run: Run) -> Collected: ...


class BrowserSource:
    """Open the request's targets in a browser."""

    async def collect(self, run: Run) -> Collected:
        request, settings = run.request, run.request.settings
        targets = await asyncio.to_thread(_targets, request)
        chosen = select(targets, include=settings.include, exclude=settings.exclude, limit=settings.limit,
                        sample=settings.sample, shard=request.shard)
        previous: dict[int, int] = {}
        if request.resume and request.stream is not None:
            # Only pages whose target is still the same at that position count as done.
            previous = {i: offset for i, (offset, requested) in read_stream(request.stream).items()
                        if i < len(targets) and targets[i].requested == requested}
        live = LiveRun(settings, run.judge, out_dir=request.out_dir, stream=request.stream,
                       save_artifacts=request.save_artifacts, progress=run.on_page, url_guard=run.url_guard,
                       on_page_start=run.on_page_start)
        run.started(len(chosen))
        return await live.run([t for _, t in chosen], run.stop, browser=run.browser,
                              indices=[i for i, _ in chosen], previous=previous)


def _targets(request: AuditRequest) -> list[Target]:
    if request.pages_only:
        return [Target(requested=url, url=url) for url in request.targets]
    settings = request.settings
    return expand_targets(list(request.targets), timeout=settings.timeout, sitemap_max_pages=settings.sitemap_max_pages,
                          sitemap_max_fetches=settings.sitemap_max_fetches)


@dataclass(frozen=True)
class ArtifactsSource:
    """Judge the artifacts a run saved (--save-artifacts) again, without a browser (--from-artifacts)."""
    folder: Path

    async def collect(self, run: Run) -> Collected:
        files = sorted(self.folder.glob("*.json"))
        if not files:
            raise AuditorError(f"no artifacts (*.json) in {self.folder}")
        _, axe_version = axe_source(run.request.settings)
        started, t0 = now(), time.monotonic()
        sink = PageSink(run.request.stream, started)
        entries: list[int | PageResult] = []
        run.started(len(files))
        try:
            for n, path in enumerate(files):
                await asyncio.sleep(0)  # lets a signal's stop through between pages
                if run.stop.is_set():
                    break
                try:
                    artifacts = Artifacts.from_dict(json.loads(path.read_text(encoding="utf-8")))
                except (OSError, ValueError, TypeError, KeyError) as exc:
                    page = error_page(path.as_uri(), ErrorKind.TARGET, f"cannot read artifacts {path.name}: {exc}", index=n)
                else:
                    axe_version = artifacts.axe.get("version") or axe_version
                    page = run.judge(artifacts, n)
                entries.append(sink.add(page))
                if run.on_page is not None:
                    run.on_page(len(entries), len(files), page)
        finally:
            sink.close()
        interrupted = len(entries) < len(files)
        entries += [error_page(path.as_uri(), ErrorKind.INTERRUPTED, "the run was interrupted before this page was judged",
                               index=n)
                    for n, path in enumerate(files) if n >= len(entries)]
        return Collected(pages=sink.pages(entries), tool=tool_info(axe_version), started_at=started,
                         duration_s=time.monotonic() - t0, interrupted=interrupted)


@dataclass(frozen=True)
class ShardResults:
    """The results files of a run's shards (--shard K/N), merged in the order of the whole target list.
    `on_load` sees each shard's results as it is read (the CLI copies its screenshots)."""
    files: tuple[str | Path, ...]
    on_load: Callable[[Path, RunResult], None] | None = None

    async def collect(self, run: Run) -> Collected:
        return collect_shards(list(self.files), PageSink(run.request.stream, ""), self.on_load)


@dataclass(frozen=True)
class SavedResults:
    """A results file a run wrote (`auditor report`): its pages are judged already; the engine
    applies what the request adds, such as a baseline."""
    path: Path

    async def collect(self, run: Run) -> Collected:
        from auditor.reports import load_results

        saved = await asyncio.to_thread(load_results, self.path)
        return Collected(pages=saved.pages, tool=saved.tool, started_at=saved.started_at,
                         duration_s=saved.duration_s, interrupted=saved.interrupted, rules=saved.rules,
                         expired_ignores=saved.expired_ignores, baseline=saved.baseline)


async def run_audit(request: AuditRequest, source: Source, *, browser: Browser | None = None,
                    url_guard: UrlGuard | None = None, stop: asyncio.Event | None = None,
                    on_page: Progress | None = None, on_start: Callable[[int], None] | None = None,
                    on_page_start: Callable[[str], None] | None = None) -> RunResult:
    """One run, from whichever source, to its result.

    `browser`: a running browser to share (from `start_browser`). `url_guard(url)` returns why
    a URL may not be requested, or None (the web service's address guard). `stop`: set it to
    end the run early; what is done is kept and the rest is marked interrupted. `on_start(total)`
    and `on_page(done, total, page)` report progress; `on_page_start(requested)` names the page
    a worker starts on.
    """
    settings = request.settings.validate()
    # A missing or broken baseline stops the run before any page is opened.
    baseline = (settings.baseline, read_baseline(settings.baseline)) if settings.baseline else None
    judge = Judge(settings)
    run = Run(request, judge, stop or asyncio.Event(), browser, url_guard, on_page, on_start, on_page_start)
    got = await source.collect(run)
    results = RunResult(tool=got.tool, started_at=got.started_at, duration_s=got.duration_s, pages=got.pages,
                        interrupted=got.interrupted,
                        rules=got.rules if got.rules is not None else judge.rule_infos(),
                        expired_ignores=(got.expired_ignores if got.expired_ignores is not None
                                         else tuple(judge.expired_ignores)),
                        baseline=got.baseline)
    if baseline is not None:
        results = apply_baseline(results, baseline[1], baseline[0])
    return results


def audit(request: AuditRequest, source: Source, *, on_page: Progress | None = None,
          on_start: Callable[[int], None] | None = None,
          on_page_start: Callable[[str], None] | None = None) -> RunResult:
    """`run_audit` for the CLI: Ctrl-C or SIGTERM stop the run and keep what is done."""
    async def main() -> RunResult:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread: the caller stops us
        return await run_audit(request, source, stop=stop, on_page=on_page, on_start=on_start,
                               on_page_start=on_page_start)

    return asyncio.run(main())


def check_settings(settings: Settings) -> Settings:
    """What would stop every run with these settings, found now: bad values, the baseline file, the
    axe script. The web service checks its settings at start-up, not at its first audit."""
    settings.validate()
    if settings.baseline:
        read_baseline(settings.baseline)
    axe_source(settings)
    return settings


def find_browser(explicit: str | None = None) -> str:
    """The Chromium a run would use (--browser, AUDITOR_CHROMIUM, ...); a one-line error when there is none."""
    return find_chromium(explicit)
