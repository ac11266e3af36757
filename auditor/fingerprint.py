"""Fingerprints that survive cosmetic change.

A finding is identified by its rule and a normalised description of its element (tag, role,
accessible name-ish attributes, media source, visible text), not by its CSS path, which shifts
whenever unrelated markup moves. Identical elements are told apart by their order of appearance.

Where the finding belongs decides what else goes in:
- an article finding (or a page's where no article was found): the page's path in its site,
  so it is known on that page only;
- a template finding: the site (its host, or a configured name), and no page at all, so a
  baseline written from some of a site's pages knows the same template problem on every other
  page of the site. Its description leaves out what differs from page to page in a template:
  dates, counts, headlines and article links in rails, generated numbers.
"""
from __future__ import annotations

import hashlib
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

from auditor.model import Finding

_DESCRIBING = ("role", "alt", "aria-label", "title", "name", "type", "src", "data-src", "href", "lang", "for",
               "kind", "srclang", "label", "action", "value", "placeholder")
_URLS = ("src", "data-src", "href", "action")
_WORDS = ("alt", "aria-label", "title", "label", "value", "placeholder")
_WS = re.compile(r"\s+")
_DIGIT_RUN = re.compile(r"\d{4,}")  # cache-busters and generated ids change from build to build
_DIGITS = re.compile(r"\d+")
_CALENDAR = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                       r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|"
                       r"wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|today|yesterday|"
                       r"am|pm|ago|minutes?|hours?|days?)\b")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){3,}")  # four words or more joined by hyphens: an article's slug
TEMPLATE_WORDS = 6  # longer texts in a template (a rail's headline, a teaser) change from page to page
LOCAL_SITE = "local files"


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


def _first_tag(html: str) -> _FirstTag:
    parser = _FirstTag()
    try:
        parser.feed(html or "")
        parser.close()
    except Exception:  # malformed snippets still get a description from the fallback
        pass
    return parser


def _text(parser: _FirstTag) -> str:
    return _WS.sub(" ", "".join(parser.text)).strip().lower()


def describe(html: str, fallback: str = "") -> str:
    """'img|alt=dsc_0042.jpg|src=dsc_0042.jpg' for <img class="x" src="/a/DSC_0042.jpg?v=12" alt="DSC_0042.jpg">."""
    parser = _first_tag(html)
    if parser.tag is None:
        return fallback
    parts = [parser.tag]
    for name in _DESCRIBING:
        value = parser.attrs.get(name)
        if value:
            value = _url_part(value) if name in _URLS else value
            parts.append(f"{name}={_WS.sub(' ', value).strip().lower()[:120]}")
    text = _text(parser)[:80]
    if text:
        parts.append(f"text={text}")
    if len(parts) == 1:  # nothing but a tag name: the selector's last step is all we have
        parts.append(f"at={fallback}")
    return "|".join(parts)


def _template_words(value: str) -> str:
    words = _CALENDAR.sub("~", _DIGITS.sub("#", _WS.sub(" ", value).strip().lower()))
    return "~text" if len(words.split()) > TEMPLATE_WORDS else words[:120]


def _template_url(value: str) -> str:
    """A template's link or image source, unless it points at one article (a slug, a date, an id)."""
    path = urllib.parse.urlsplit(value.strip()).path.lower()
    segments = [s for s in path.split("/") if s]
    if any(_DIGIT_RUN.search(s) or _SLUG.fullmatch(s.rsplit(".", 1)[0]) or len(s) > 40 for s in segments):
        return "~article"
    return _DIGITS.sub("#", segments[-1]) if segments else "/"


def _template_selector(selector: str) -> str:
    return _DIGITS.sub("#", selector)


def template_describe(html: str, fallback: str = "") -> str:
    """describe() for a template's element, without what changes from page to page of one site."""
    parser = _first_tag(html)
    if parser.tag is None:
        return _template_selector(fallback)
    parts = [parser.tag]
    # An element pointing at one article (a rail's teaser, its picture) is worded by that article:
    # its text and names are a headline, which changes from page to page as the rail does.
    teaser = any(_template_url(parser.attrs[name]) == "~article" for name in _URLS if parser.attrs.get(name))
    for name in _DESCRIBING:
        value = parser.attrs.get(name)
        if value:
            if name in _URLS:
                value = _template_url(value)
            elif name in _WORDS:
                value = "~text" if teaser else _template_words(value)
            else:
                value = _WS.sub(" ", value).strip().lower()[:120]
            parts.append(f"{name}={value}")
    text = _text(parser)
    if text:
        parts.append(f"text={'~text' if teaser else _template_words(text[:400])}")
    if len(parts) == 1:
        parts.append(f"at={_template_selector(fallback)}")
    return "|".join(parts)


def page_key(url: str, folder: str | Path | None = None) -> str:
    """The page's identity across hosts (staging, production) and checkouts: its path and query;
    for a local file its path inside the audited `folder` (else relative to the working folder)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "file":
        path = Path(urllib.request.url2pathname(parts.path))
        for base in (Path(folder) if folder else None, Path.cwd()):
            if base is None:
                continue
            try:
                return path.resolve().relative_to(base.resolve()).as_posix()
            except (ValueError, OSError):
                continue
        return path.as_posix()
    query = "&".join(sorted(q for q in parts.query.split("&") if q))
    return (parts.path or "/") + (f"?{query}" if query else "")


def site_of(url: str, site_name: str | None = None, sites: Iterable[tuple[str, str]] = ()) -> str:
    """The site a page's template belongs to: the configured name, its host's configured site, or its host."""
    if site_name:
        return site_name
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return LOCAL_SITE
    return next((site for h, site in sites if h.lower() == host), host)


def _frame(target: tuple[str, ...], template: bool) -> str:
    levels = target[:-1]  # which frame, if any
    return "/".join(_template_selector(t) if template else describe("", t) for t in levels)


def _page_base(f: Finding, key: str) -> str:
    return f"{f.rule}\n{key}\n{_frame(f.target, False)}\n{describe(f.html, f.target[-1] if f.target else '')}"


def _template_base(f: Finding, site: str) -> str:
    last = f.target[-1] if f.target else ""
    return f"{f.rule}\ntemplate\n{site}\n{_frame(f.target, True)}\n{template_describe(f.html, last)}"


def _numbered(bases: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for base in bases:
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(hashlib.sha256(f"{base}\n{n}".encode()).hexdigest()[:20])
    return out


def fingerprints(findings: list[Finding], key: str, site: str) -> list[str]:
    """One fingerprint per finding, in order. Template findings are fingerprinted under the site,
    the others under the page; repeats of one description are numbered within their part."""
    return _numbered(_template_base(f, site) if f.scope == "template" else _page_base(f, key) for f in findings)


def legacy_fingerprints(page_url: str, findings: list[Finding]) -> list[str]:
    """Fingerprints as auditor versions before scopes made them (every finding under its page, local
    files relative to the working folder): baselines they wrote keep working."""
    key = page_key(page_url)
    return _numbered(_page_base(f, key) for f in findings)
