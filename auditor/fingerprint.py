"""Fingerprints that survive cosmetic change.

A finding is identified by its rule, the page's path and a normalised description of
its element (tag, role, accessible name-ish attributes, media source, visible text),
not by its CSS path, which shifts whenever unrelated markup moves. Identical elements
on one page are told apart by their order of appearance.
"""
from __future__ import annotations

import hashlib
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from auditor.model import Finding

_DESCRIBING = ("role", "alt", "aria-label", "title", "name", "type", "src", "data-src", "href", "lang", "for",
               "kind", "srclang", "label", "action", "value", "placeholder")
_WS = re.compile(r"\s+")
_DIGIT_RUN = re.compile(r"\d{4,}")  # cache-busters and generated ids change from build to build


class _FirstTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: str | None = None
        self.attrs: dict[str, str] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.tag is None:
            self.tag = tag
            self.attrs = {k: v or "" for k, v in attrs}

    def handle_data(self, data):
        if self.tag is not None and sum(map(len, self.text)) < 200:
            self.text.append(data)


def _url_part(value: str) -> str:
    parts = urllib.parse.urlsplit(value.strip())
    return _DIGIT_RUN.sub("#", parts.path.rsplit("/", 1)[-1] if parts.path else value)


def describe(html: str, fallback: str = "") -> str:
    """'img|alt=dsc_0042.jpg|src=dsc_0042.jpg' for <img class="x" src="/a/DSC_0042.jpg?v=12" alt="DSC_0042.jpg">."""
    parser = _FirstTag()
    try:
        parser.feed(html or "")
        parser.close()
    except Exception:  # malformed snippets still get a description from the fallback
        pass
    if parser.tag is None:
        return fallback
    parts = [parser.tag]
    for name in _DESCRIBING:
        value = parser.attrs.get(name)
        if value:
            value = _url_part(value) if name in ("src", "data-src", "href", "action") else value
            parts.append(f"{name}={_WS.sub(' ', value).strip().lower()[:120]}")
    text = _WS.sub(" ", "".join(parser.text)).strip().lower()[:80]
    if text:
        parts.append(f"text={text}")
    if len(parts) == 1:  # nothing but a tag name: the selector's last step is all we have
        parts.append(f"at={fallback}")
    return "|".join(parts)


def page_key(url: str) -> str:
    """The page's identity across hosts (staging, production) and checkouts: its path and query."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "file":
        path = Path(urllib.request.url2pathname(parts.path))
        try:
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return path.as_posix()
    query = "&".join(sorted(q for q in parts.query.split("&") if q))
    return (parts.path or "/") + (f"?{query}" if query else "")


def fingerprints(page_url: str, findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in order; repeats of the same element description are numbered."""
    key = page_key(page_url)
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        last = f.target[-1] if f.target else ""
        frame = "/".join(describe("", t) for t in f.target[:-1])  # which frame, if any
        base = f"{f.rule}\n{key}\n{frame}\n{describe(f.html, last)}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(hashlib.sha256(f"{base}\n{n}".encode()).hexdigest()[:20])
    return out

