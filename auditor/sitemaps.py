"""Reading sitemaps (sitemaps.org): page lists and index files, local or fetched, plain or gzip.

What a sitemap names is hostile by assumption (it comes from a site, or a pull request),
so the reading is bounded: each document is read once however often it is named, a run
reads at most `max_fetches` documents and takes at most `max_pages` pages from them, a
document may hold at most 50 MB of XML however well it compresses (decompressed while it
streams, never whole in memory), DTDs and entities are refused, and a sitemap fetched over
http(s) may name only http(s) URLs, never a local path. Every failure becomes an error
target in its place, and a cap that is reached says so there, naming its setting.
"""
from __future__ import annotations

import http.client
import os
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator
from xml.parsers import expat

MAX_DEPTH = 3  # an index may name indexes this deep (sitemaps.org allows none)
MAX_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed
MAX_URL = 2048  # sitemaps.org: a URL is shorter than 2,048 characters
DEFAULT_MAX_PAGES = 50_000  # the sitemaps.org limit for one sitemap file
DEFAULT_MAX_FETCHES = 100
READ_TIMEOUTS = 4  # a whole document may take this many page time limits to arrive
CHUNK = 64 * 1024
_SNIFF = 2048


class SitemapError(Exception):
    """Why one sitemap document could not be read, in a few words."""


@dataclass(frozen=True)
class Doc:
    """Where one sitemap document is: an http(s) URL or a local file; `named` is how it was written."""
    named: str
    url: str | None = None
    path: Path | None = None

    @property
    def key(self) -> str:
        if self.url is not None:
            return urllib.parse.urldefrag(self.url)[0]
        assert self.path is not None  # a document is a URL or a path
        try:
            return os.path.realpath(self.path)
        except ValueError:  # a NUL byte: reading it fails, in its place
            return str(self.path)


def scheme(text: str) -> str | None:
    """The URL scheme of `text` ('' for a path), or None when it is not even a URL ('http://[::1')."""
    try:
        return urllib.parse.urlsplit(text).scheme
    except ValueError:
        return None


def is_web_url(text: str) -> bool:
    return scheme(text) in ("http", "https")


class _WebRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect to ftp://; a sitemap may only move to another http(s) URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_web_url(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl[:200]} refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_WebRedirectsOnly)


def reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}" if exc.code >= 400 else str(exc.reason)
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _deadline_chunks(read, seconds: float) -> Iterator[bytes]:
    end = time.monotonic() + seconds
    while data := read(CHUNK):
        yield data
        if time.monotonic() > end:
            raise SitemapError(f"took longer than {seconds:g} s to arrive")


@contextmanager
def _raw(doc: Doc, timeout: float) -> Iterator[Iterator[bytes]]:
    """The document's bytes as they come, from the web or a regular file."""
    if doc.url is not None:
        req = urllib.request.Request(doc.url, headers={"User-Agent": "auditor (sitemap reader)"})
        with _OPENER.open(req, timeout=timeout) as resp:
            yield _deadline_chunks(resp.read, timeout * READ_TIMEOUTS)
        return
    assert doc.path is not None
    fd = os.open(doc.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not hang us
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SitemapError("is not a regular file")
        yield iter(lambda: fh.read(CHUNK), b"")


def _decoded(raw: Iterable[bytes], limit: int = MAX_BYTES) -> Iterator[bytes]:
    """The XML, gunzipped as it streams when it starts as gzip does; an error past `limit` bytes."""
    raw = iter(raw)
    head = b""
    for chunk in raw:
        head += chunk
        if len(head) >= 2:
            break
    total = 0

    def counted(data: bytes) -> bytes:
        nonlocal total
        total += len(data)
        if total > limit:
            raise SitemapError(f"holds more than {limit // 2**20} MB of XML")
        return data

    if head[:2] != b"\x1f\x8b":
        for chunk in chain((head,), raw):
            yield counted(chunk)
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        for chunk in chain((head,), raw):
            data = chunk
            while data:
                if inflater.eof:  # gzip files may hold several members, one after another
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                out = inflater.decompress(data, CHUNK)  # never more than CHUNK bytes at a time
                data = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
                yield counted(out)
        yield counted(inflater.flush())
    except zlib.error as exc:
        raise SitemapError(f"is not valid gzip ({exc})") from None
    if not inflater.eof:
        raise SitemapError("is cut short (the gzip stream ends early)")


def _looks_like_sitemap(head: bytes) -> bool:
    head = head[:_SNIFF].lstrip().lower()
    return b"<urlset" in head or b"<sitemapindex" in head


class _Parser:
    """Streaming XML parser that keeps only the <loc> texts: memory stays small whatever the file holds."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.locs: list[str] = []
        self._text: list[str] | None = None
        self._size = 0
        p = expat.ParserCreate(namespace_separator="}")
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.StartDoctypeDeclHandler = self._refuse_dtd
        p.EntityDeclHandler = self._refuse_dtd
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._data
        self._p = p

    def _refuse_dtd(self, *args) -> None:
        raise SitemapError("has a DTD or entity declarations, which sitemaps never need; refused")

    def _start(self, name: str, attrs) -> None:
        local = name.rsplit("}", 1)[-1]
        if self.kind is None:
            self.kind = local
            if local not in ("urlset", "sitemapindex"):
                raise SitemapError(f"is not a sitemap (its root element is <{local[:40]}>)")
        if local == "loc":
            self._text, self._size = [], 0

    def _data(self, text: str) -> None:
        if self._text is not None and self._size <= MAX_URL:
            self._text.append(text)
            self._size += len(text)

    def _end(self, name: str) -> None:
        if self._text is not None and name.rsplit("}", 1)[-1] == "loc":
            loc = "".join(self._text).strip()
            self._text = None
            if loc:
                self.locs.append(loc)

    def feed(self, data: bytes, final: bool = False) -> list[str]:
        try:
            self._p.Parse(data, final)
        except expat.ExpatError as exc:
            raise SitemapError(f"is not valid XML: {expat.ErrorString(exc.code)}: line {exc.lineno}, "
                               f"column {exc.offset}") from None
        found, self.locs = self.locs, []
        return found


_READ_ERRORS = (OSError, urllib.error.URLError, http.client.HTTPException, ValueError)


class SitemapReader:
    """Expands sitemap targets for one run, sharing the run's caps on pages and documents read.

    `target(requested, url=None, error=None)` makes the Target records (targets.py owns them).
    """

    def __init__(self, target, timeout: float = 30.0, max_pages: int = DEFAULT_MAX_PAGES,
                 max_fetches: int = DEFAULT_MAX_FETCHES):
        self.target = target
        self.timeout = timeout
        self.max_pages, self.max_fetches = max_pages, max_fetches
        self.pages_left, self.fetches_left = max_pages, max_fetches

    def _fetch_cap(self) -> str:
        return f"the limit of {self.max_fetches} sitemap files read per run was reached (setting sitemap_max_fetches)"

    def _page_cap(self) -> str:
        return f"the limit of {self.max_pages} pages from sitemaps per run was reached (setting sitemap_max_pages)"

    def expand(self, doc: Doc, sniff: bool = True) -> list | None:
        """The pages of the sitemap `doc`, errors in place; None when `sniff` finds it is not a sitemap."""
        if self.fetches_left <= 0:
            return [self.target(doc.named, error=f"sitemap {doc.named} not read: {self._fetch_cap()}")]
        out: list = []
        if not self._read(doc, out, depth=0, seen_docs=set(), seen_pages=set(), sniff=sniff):
            return None
        return out or [self.target(doc.named, error=f"sitemap {doc.named} lists no pages")]

    def _read(self, doc: Doc, out: list, depth: int, seen_docs: set[str], seen_pages: set[str],
              sniff: bool = False) -> bool:
        """Read one document (counted against the cap) into `out`; False when sniffing finds no sitemap."""
        seen_docs.add(doc.key)
        self.fetches_left -= 1
        try:
            with self._entries(doc, sniff) as entries:
                if entries is None:
                    return False
                kind, locs = entries
                if kind == "urlset":
                    self._pages(doc, locs, out, seen_pages)
                    return True
                children, more = self._collect(locs)
        except SitemapError as exc:
            out.append(self.target(doc.named, error=f"sitemap {doc.named} {exc}"))
            return True
        except _READ_ERRORS as exc:
            out.append(self.target(doc.named, error=f"could not read sitemap {doc.named}: {reason(exc)}"))
            return True
        unread = self._children(doc, children, out, depth, seen_docs, seen_pages)
        if unread or more:
            why = (f"nested deeper than {MAX_DEPTH} levels" if depth + 1 > MAX_DEPTH
                   else self._page_cap() if self.pages_left <= 0 else self._fetch_cap())
            count = f"{unread}{' or more' if more else ''}"
            out.append(self.target(doc.named, error=f"sitemap index {doc.named}: {count} of its sitemaps not read: "
                                                    f"{why}"))
        return True

    @contextmanager
    def _entries(self, doc: Doc, sniff: bool) -> Iterator[tuple[str, Iterator[str]] | None]:
        """(root element, its <loc> texts as they stream), or None when sniffing finds no sitemap."""
        with _raw(doc, self.timeout) as raw:
            chunks = _decoded(raw)
            head = b""
            for chunk in chunks:
                head += chunk
                if len(head) >= _SNIFF:
                    break
            if sniff and not _looks_like_sitemap(head):
                yield None
                return
            parser = _Parser()

            def locs() -> Iterator[str]:
                yield from parser.feed(head)
                for chunk in chunks:
                    yield from parser.feed(chunk)
                yield from parser.feed(b"", final=True)

            stream = locs()
            first = next(stream, None)  # by the first <loc> (or the end) the root element is known
            if parser.kind not in ("urlset", "sitemapindex"):
                raise SitemapError("is not a sitemap (no <urlset> or <sitemapindex>)")
            yield parser.kind, chain(() if first is None else (first,), stream)

    def _collect(self, locs: Iterator[str]) -> tuple[list[str], bool]:
        """An index's distinct entries, up to what a run may read at all; True when it names more."""
        children: dict[str, None] = {}
        for loc in locs:
            if loc not in children:
                if len(children) >= self.max_fetches:
                    return list(children), True  # stop reading the index here
                children[loc] = None
        return list(children), False

    def _pages(self, doc: Doc, locs: Iterator[str], out: list, seen_pages: set[str]) -> None:
        for loc in locs:
            if loc in seen_pages:
                continue  # named twice (in one file or two of an index): one page
            if self.pages_left <= 0:
                out.append(self.target(doc.named, error=f"sitemap {doc.named} lists more pages, not read: "
                                                        f"{self._page_cap()}"))
                return
            seen_pages.add(loc)
            self.pages_left -= 1
            if len(loc) >= MAX_URL:
                out.append(self.target(loc[:200] + "…", error=f"sitemap entry is longer than {MAX_URL} characters"))
            elif is_web_url(loc):
                out.append(self.target(loc, url=loc))
            else:
                out.append(self.target(loc[:200], error=f"sitemap entry is not an http(s) URL: {loc[:200]}"))

    def _children(self, doc: Doc, children: list[str], out: list, depth: int, seen_docs: set[str],
                  seen_pages: set[str]) -> int:
        """Read an index's sitemaps in order; returns how many a cap left unread."""
        unread = 0
        for loc in children:
            child = _child(doc, loc)
            if isinstance(child, str):
                out.append(self.target(loc[:200], error=child))
            elif child.key in seen_docs:
                continue  # read already (an index naming itself, or a sitemap named twice): its pages are in
            elif depth + 1 > MAX_DEPTH or self.fetches_left <= 0 or self.pages_left <= 0:
                unread += 1
            else:
                self._read(child, out, depth + 1, seen_docs, seen_pages)
        return unread


def _child(parent: Doc, loc: str) -> Doc | str:
    """Where an index entry points, or why it may not be read."""
    if is_web_url(loc):
        return Doc(loc, url=loc)
    if parent.url is not None:
        return f"refused: sitemap {parent.named} is on the web, so it may name only http(s) URLs, not {loc[:200]}"
    kind = scheme(loc)
    if kind == "file":
        return Doc(loc, path=Path(urllib.request.url2pathname(urllib.parse.urlsplit(loc).path)))
    if kind is None or len(kind) > 1:  # a one-letter "scheme" is a Windows drive
        return f"sitemap entry is not an http(s) URL or a path: {loc[:200]}"
    assert parent.path is not None  # not on the web, so a file
    return Doc(loc, path=parent.path.parent / loc)  # relative to the index's own folder
