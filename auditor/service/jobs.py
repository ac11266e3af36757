"""The job runner: a bounded pool of workers sharing one browser, fed by a bounded queue.

Each audit runs the same engine as `auditor audit` under a time limit; its results,
HTML report and screenshots go to the store. Stopping the service interrupts running
audits (kept, marked interrupted); after a crash `Store.recover` does the same.
"""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from auditor import engine
from auditor.config import Settings
from auditor.errors import AuditorError, first_line
from auditor.service.config import ServiceConfig
from auditor.service.egress import EgressProxy
from auditor.service.guard import Guard
from auditor.service.scratch import clean_stale, make_scratch
from auditor.service.store import Store
from auditor.service.webhook import notify, payload

MAX_REPORT_BYTES = 200 * 1024 * 1024  # a report folder larger than this is not stored


class QueueFull(Exception):
    pass


def report_files(results, out: Path) -> dict[str, bytes]:
    """Write the HTML report (and results.json) into out and read every file of the folder back."""
    from auditor.reports import write_all

    write_all(results, out)
    files, size = {}, 0
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        size += len(data)
        if size > MAX_REPORT_BYTES:
            break
        files[path.relative_to(out).as_posix()] = data
    return files


class JobRunner:
    def __init__(self, config: ServiceConfig, store: Store, guard: Guard):
        self.config = config
        self.store = store
        self.guard = guard
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.browser: engine.Browser | None = None
        self.proxy: EgressProxy | None = None
        self.running: dict[str, asyncio.Event] = {}
        self.stopping = False
        self._workers: list[asyncio.Task] = []

    async def start(self) -> None:
        # Through the proxy even with --allow-private: it keeps audits off the service's own port.
        self.proxy = EgressProxy(self.guard)
        await self.proxy.start()
        self.browser = await engine.start_browser(self.config.browser, proxy=self.proxy.url)
        await asyncio.to_thread(clean_stale)  # what a killed service left in /tmp
        for audit_id in await asyncio.to_thread(self.store.recover):
            self.queue.put_nowait(audit_id)
        self._workers = [asyncio.ensure_future(self._worker()) for _ in range(self.config.concurrency)]

    async def stop(self) -> None:
        """Interrupt running audits (their partial results are kept), then close the browser."""
        self.stopping = True
        for event in self.running.values():
            event.set()
        for _ in range(100):
            if not self.running:
                break
            await asyncio.sleep(0.1)
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        if self.browser is not None:
            await self.browser.close()
        if self.proxy is not None:
            await self.proxy.close()

    def submit(self, urls: list[str], options: dict[str, Any]) -> str:
        if self.queue.qsize() >= self.config.queue_limit:
            raise QueueFull(f"{self.queue.qsize()} audits are waiting already; try again later")
        audit_id = self.store.create(urls, options)
        self.queue.put_nowait(audit_id)
        return audit_id

    async def _worker(self) -> None:
        while True:
            audit_id = await self.queue.get()
            if self.stopping:
                return  # stays queued in the store; the next start runs it
            try:
                await self._run(audit_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug: the audit fails, the worker lives on
                await asyncio.to_thread(self.store.finish, audit_id, "failed",
                                        error=f"internal error: {type(exc).__name__}: {first_line(exc)}")

    async def _call_webhook(self, audit: dict[str, Any], status: str, error: str | None) -> None:
        url = (audit.get("options") or {}).get("webhook")
        if url and self.config.webhook_secret:
            await notify(url, payload(audit["id"], status, error), self.config.webhook_secret, self.guard)

    def settings(self, options: dict[str, Any]) -> Settings:
        """The service's audit settings (`auditor serve --config`) with the request's own options over them."""
        return self.config.settings.merged(
            standard=options.get("standard"), mobile=options.get("mobile"), timeout=self.config.page_timeout,
            concurrency=self.config.pages_at_once, browser=self.config.browser).validate()

    async def _run(self, audit_id: str) -> None:
        audit = await asyncio.to_thread(self.store.get, audit_id, with_results=False)
        if audit is None or audit["status"] != "queued":
            return
        stop = asyncio.Event()
        self.running[audit_id] = stop
        scratch = make_scratch()
        out = scratch / "run"
        out.mkdir()
        timed_out = asyncio.Event()

        def overrun() -> None:
            timed_out.set()
            stop.set()

        timer = asyncio.get_running_loop().call_later(self.config.audit_timeout, overrun)
        try:
            await asyncio.to_thread(self.store.start, audit_id)
            try:
                request = engine.AuditRequest(self.settings(audit["options"]), tuple(audit["urls"]),
                                              pages_only=True, out_dir=out)
                results = await engine.run_audit(
                    request, engine.BrowserSource(), browser=self.browser, url_guard=self.guard, stop=stop,
                    on_page=lambda done, total, _page: self.store.progress(audit_id, done, total))
            except AuditorError as exc:
                await asyncio.to_thread(self.store.finish, audit_id, "failed", error=str(exc))
                await self._call_webhook(audit, "failed", str(exc))
                return
            if timed_out.is_set():
                status, error = "failed", f"stopped after the time limit of {self.config.audit_timeout:g} s"
            elif stop.is_set():
                status, error = "interrupted", "the service stopped while this audit was running"
            elif results.pages and not any(p.status == "audited" for p in results.pages):
                # Nothing was audited: a green "done" would pass for a clean result.
                first = results.pages[0].error
                status, error = "failed", f"no page could be audited ({first.message if first else 'unknown error'})"
            else:
                status, error = "done", None
            try:
                files = await asyncio.to_thread(report_files, results, out)
            except Exception as exc:  # the results are kept even when the report cannot be written
                files, error = {}, f"the HTML report could not be written: {first_line(exc)}"
            await asyncio.to_thread(self.store.finish, audit_id, status, results=results.to_dict(),
                                    error=error, files=files)
            await self._call_webhook(audit, status, error)
        finally:
            timer.cancel()
            self.running.pop(audit_id, None)
            shutil.rmtree(scratch, ignore_errors=True)
