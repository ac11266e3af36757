"""A run's page results kept on disk and read back one at a time.

A run of 10,000 pages must not hold every finding in memory. The engine appends each
finished page to results.jsonl as it finishes and keeps only where that line starts;
`StoredPages` is the run's page list in input order, parsing a page's line when it is
asked for. Report writers walk it page by page and keep nothing but totals.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, cast, overload

from auditor.confine import open_own_file
from auditor.errors import AuditorError
from auditor.model import PageResult

STREAM_SCHEMA = "auditor/results-stream@1"


class StreamWriter:
    """results.jsonl: a header line, then one {"page": ...} line per finished page."""

    def __init__(self, path: Path, started_at: str, resuming: bool):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._fh = open_own_file(path, append=resuming)  # a link planted there is never followed
        except OSError as exc:
            raise AuditorError(f"cannot write {path}: {exc.strerror or exc}") from None
        end = self._fh.seek(0, 2)
        if end == 0:
            self._write({"schema": STREAM_SCHEMA, "started_at": started_at})
        else:
            self._fh.seek(end - 1)
            if self._fh.read(1) != b"\n":
                self._fh.write(b"\n")  # end a line the killed run left half-written

    def _write(self, obj: dict[str, Any]) -> int:
        offset = self._fh.tell()
        # Page text may hold lone surrogates, which UTF-8 cannot carry.
        self._fh.write((json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "replace"))
        self._fh.flush()
        return offset

    def add(self, page: PageResult) -> int:
        """Append the page; returns the offset its line starts at."""
        return self._write({"page": page.to_dict()})

    def close(self) -> None:
        self._fh.close()


class PageSink:
    """Where a run keeps its finished pages: appended to the stream file when there is one, else in memory."""

    def __init__(self, path: Path | None, started_at: str, resuming: bool = False):
        self.path = path
        self._writer = StreamWriter(path, started_at, resuming) if path is not None else None

    def add(self, page: PageResult) -> int | PageResult:
        """The page's entry: its line's offset in the stream, or the page itself."""
        return self._writer.add(page) if self._writer is not None else page

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def pages(self, entries: list[int | PageResult]) -> Sequence[PageResult]:
        if self.path is not None:
            return StoredPages(self.path, entries)
        return tuple(cast("list[PageResult]", entries))  # without a stream every entry is the page itself


def _parse(line: bytes) -> PageResult:
    return PageResult.from_dict(json.loads(line)["page"])


class StoredPages(Sequence[PageResult]):
    """Pages in input order; each entry is an offset into `path` or a PageResult kept in memory."""

    def __init__(self, path: Path, entries: list[int | PageResult]):
        self.path = path
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, i: int) -> PageResult: ...
    @overload
    def __getitem__(self, i: slice) -> list[PageResult]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self._read(self._entries[i]))
        entry = self._entries[i]
        return entry if isinstance(entry, PageResult) else next(self._read([entry]))

    def __iter__(self) -> Iterator[PageResult]:
        return self._read(self._entries)

    def _read(self, entries: list[int | PageResult]) -> Iterator[PageResult]:
        try:
            with self.path.open("rb") as fh:
                for entry in entries:
                    if isinstance(entry, PageResult):
                        yield entry
                    else:
                        fh.seek(entry)
                        yield _parse(fh.readline())
        except OSError as exc:
            raise AuditorError(f"cannot read the page results back from {self.path}: "
                               f"{exc.strerror or exc}") from None


class MappedPages(Sequence[PageResult]):
    """`pages` with `fn` applied to each page as it is read (e.g. a baseline's known/new split)."""

    def __init__(self, pages: Sequence[PageResult], fn: Callable[[PageResult], PageResult]):
        self._pages, self._fn = pages, fn

    def __len__(self) -> int:
        return len(self._pages)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._fn(p) for p in self._pages[i]]
        return self._fn(self._pages[i])

    def __iter__(self) -> Iterator[PageResult]:
        return map(self._fn, self._pages)


def read_stream(path: Path) -> dict[int, tuple[int, str]]:
    """Pages an earlier, interrupted run finished: index -> (line offset, requested URL), for --resume."""
    done: dict[int, tuple[int, str]] = {}
    try:
        fh = open_own_file(path, read=True)
    except FileNotFoundError:
        return done
    except OSError as exc:
        raise AuditorError(f"cannot read {path} to resume: {exc.strerror or exc}") from None
    with fh:
        offset = 0
        for line in fh:
            start, offset = offset, offset + len(line)
            if not line.endswith(b"\n"):
                break  # cut short when the run was killed
            try:
                page = _parse(line)  # whole, so a damaged line is audited again rather than read back later
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # the header
            if isinstance(page.index, int) and not (page.error and page.error.kind == "interrupted"):
                done[page.index] = (start, page.requested_url)
    return done
