"""Progress on stderr: a bar on a terminal, one line per page otherwise; a summary at the end."""
from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from auditor.model import IMPACTS, PageResult, RunResult
from auditor.policy import fails
from auditor.wording import plural

URL_SHOWN = 60  # characters of the URL the bar shows


class Reporter:
    def __init__(self, stream=None, quiet: bool = False, verbose: bool = False):
        stream = stream or sys.stderr
        self.console = Console(file=stream, highlight=False, soft_wrap=True)
        # CI logs are read later and parsed: plain lines there, a live bar only for people.
        self.interactive = self.console.is_terminal and os.environ.get("CI", "").lower() not in ("true", "1")
        self.quiet = quiet
        self.verbose = verbose
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._in_flight: list[str] = []  # URLs being audited, oldest first

    def start(self, total: int) -> None:
        if self.interactive and not self.quiet:
            self._bar = Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 TextColumn("{task.description}"), console=self.console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("", total=total)

    def page_started(self, url: str) -> None:
        self._in_flight.append(url)
        self._describe()

    def _describe(self, completed: int | None = None) -> None:
        """The bar names the page being audited: the latest one started, and how many others are."""
        if self._bar is None or self._task is None:
            return
        text = ""
        if self._in_flight:
            url = self._in_flight[-1]
            text = url if len(url) <= URL_SHOWN else "…" + url[-(URL_SHOWN - 1):]
            if len(self._in_flight) > 1:
                text += f" (+{len(self._in_flight) - 1})"
        if completed is None:
            self._bar.update(self._task, description=text)
        else:
            self._bar.update(self._task, description=text, completed=completed)

    def page_done(self, done: int, total: int, page: PageResult) -> None:
        if page.requested_url in self._in_flight:
            self._in_flight.remove(page.requested_url)
        if self.quiet:
            return
        if page.error is not None:
            status = f"error ({page.error.kind}): {page.error.message}"
        else:
            failed = sum(f.outcome == "failed" for f in page.findings)
            review = sum(f.outcome == "cantTell" for f in page.findings)
            status = f"{plural(failed, 'failure')}, {review:,} to review"
        if self._bar is not None:
            self._describe(completed=done)
        else:
            self.console.print(f"[{done}/{total}] {page.requested_url}  {page.duration_s:.1f}s  {status}",
                               markup=False)
        if self.verbose and page.timings:
            steps = ", ".join(f"{k} {v:.2f}s" for k, v in page.timings.items())
            self.console.print(f"    {steps}", markup=False)

    def finish(self, results: RunResult, fail_on: str) -> None:
        if self._bar is not None:
            self._bar.stop()
        s = results.summary()
        line = (f"{plural(s['pages'], 'page')}: {s['audited']:,} audited, {s['errors']:,} not audited; "
                f"{plural(s['failed'], 'failure')}, {s['cantTell']:,} to review; {results.duration_s:.1f}s")
        if s.get("ignored"):
            line += f"; {s['ignored']:,} ignored"
        if "new" in s:
            line += f"; baseline: {s['new']:,} new, {s['known']:,} known, {s['fixed']:,} fixed"
        if results.expired_ignores:
            line += f"; {plural(len(results.expired_ignores), 'ignore')} expired"
        if results.interrupted:
            line += " (interrupted)"
        if self.quiet:
            self.console.print(line, markup=False)
            return
        table = Table(title=None, show_edge=False, pad_edge=False)
        table.add_column("page", overflow="fold")
        for impact in IMPACTS:
            table.add_column(impact, justify="right")
        table.add_column("review", justify="right")
        table.add_column("status")
        for page in results.pages[:50]:
            if page.error is not None:
                table.add_row(page.requested_url, "", "", "", "", "", f"error: {page.error.kind}")
                continue
            counts = [sum(f.impact == i and f.outcome == "failed" for f in page.findings) for i in IMPACTS]
            review = sum(f.outcome == "cantTell" for f in page.findings)
            gate = "FAIL" if any(fails(f, fail_on) for f in page.findings) else "ok"
            table.add_row(page.requested_url, *map(str, counts), str(review), gate)
        self.console.print(table)
        if len(results.pages) > 50:
            self.console.print(f"... and {plural(len(results.pages) - 50, 'more page')} (see the report)")
        for expired in results.expired_ignores:
            self.console.print(f"note: ignore {expired}; it no longer applies", markup=False)
        self.console.print(line, markup=False)
