"""Small text and URL helpers the article rules share (not a rule family: the registry skips it).

Everything here is pure: strings in, strings or booleans out.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Protocol
from urllib.parse import unquote, urlsplit

from auditor.facts import PageFacts
from auditor.rules.base import Issue

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


class Element(Protocol):
    """A recorded element a finding can point at."""
    @property
    def selector(self) -> str: ...
    @property
    def html(self) -> str: ...


def squash(text: str | None) -> str:
    """Whitespace collapsed and trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def normalise(text: str | None) -> str:
    """For comparing texts: Unicode-folded, lower case, punctuation dropped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.replace("_", " ")
    return squash(_PUNCT.sub(" ", text))


def primary_language(tag: str | None) -> str:
    """'de-CH' -> 'de'; '' when unknown."""
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def languages(article: PageFacts, element_lang: str | None = None) -> list[str]:
    """The languages whose word lists apply: English always, plus the page's and the element's."""
    out = ["en"]
    for tag in (article.lang, element_lang):
        lang = primary_language(tag)
        if lang and lang not in out:
            out.append(lang)
    return out


def by_language(option: dict[str, list[str]] | None, default: dict[str, list[str]],
                langs: Iterable[str]) -> list[str]:
    """Per-language word lists: the configured dict is merged over the defaults language by
    language (so configuring 'nl' keeps the defaults for the others; set a language to [] to
    turn its defaults off). Returns the words of `langs`."""
    merged = {**default, **(option or {})}
    words: list[str] = []
    for lang in langs:
        words.extend(merged.get(lang) or ())
    return words


def all_languages(option: dict[str, list[str]] | None, default: dict[str, list[str]]) -> list[str]:
    merged = {**default, **(option or {})}
    return [w for words in merged.values() for w in words or ()]


def issue(item: Element, message: str, evidence: str | None = None, outcome: str | None = None) -> Issue:
    """An Issue pointing at one recorded element (its selector and html)."""
    target = (item.selector,) if item.selector else ("html",)
    return Issue(target=target, html=item.html or "", message=message, evidence=evidence, outcome=outcome)


def quote(text: str, limit: int = 80) -> str:
    text = squash(text)
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


# ---- URLs and hosts ----------------------------------------------------------------------

# Public suffixes with a second level that registrants cannot buy under directly; enough to
# tell "www.bbc.co.uk" and "news.bbc.co.uk" apart from "example.co.uk".
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gob", "gouv", "nic", "mil"}


def host(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def site(hostname: str) -> str:
    """The registrable part of a host name, approximately: 'edition.cnn.com' -> 'cnn.com',
    'www.bbc.co.uk' -> 'bbc.co.uk'. IP addresses and single labels are returned whole."""
    hostname = hostname.lower().rstrip(".")
    if not hostname or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", hostname):
        return hostname
    labels = hostname.split(".")
    if labels[0] == "www":
        labels = labels[1:]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_local_host(hostname: str) -> bool:
    """Loopback, private networks, file URLs: a saved or test copy, not a publisher's site."""
    if not hostname or hostname == "localhost" or hostname.endswith(".localhost") or hostname.endswith(".local"):
        return True
    if re.fullmatch(r"127(\.\d+){3}|10(\.\d+){3}|192\.168(\.\d+){2}|172\.(1[6-9]|2\d|3[01])(\.\d+){2}|0\.0\.0\.0", hostname):
        return True
    return hostname in ("::1", "[::1]")


def file_name(url: str | None) -> str:
    """The last path segment of a URL, decoded, without query or fragment ('' for data: URLs)."""
    if not url or url.startswith(("data:", "blob:", "javascript:")):
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:
        path = url.split("?", 1)[0].split("#", 1)[0]
    return unquote(path.rstrip("/").rsplit("/", 1)[-1]).strip()


def strip_extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return stem if dot and stem and 1 <= len(ext) <= 5 and ext.isalnum() else name


@lru_cache(maxsize=256)
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any of `words` as whole words."""
    words = tuple(w for w in words if w and w.strip())
    if not words:
        return None
    alternatives = "|".join(re.escape(squash(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE | re.UNICODE)


def contains_word(text: str, words: Iterable[str]) -> str | None:
    """The first of `words` found in `text` as a whole word (case-insensitive), else None."""
    pattern = word_pattern(tuple(words))
    if pattern is None:
        return None
    m = pattern.search(text or "")
    return m.group(0) if m else None


def url_matches(url: str | None, pattern: str) -> bool:
    """Does `url` match 'host' (the host or a subdomain of it) or 'host/path-prefix'?"""
    if not url:
        return False
    h, _, prefix = pattern.lower().partition("/")
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
    except ValueError:
        return False
    hostname = (parts.hostname or "").lower()
    if not (hostname == h or hostname.endswith("." + h)):
        return False
    return not prefix or parts.path.lower().lstrip("/").startswith(prefix)


def named_host(url: str | None, hosts: dict[str, list[str]]) -> str | None:
    """The name of the first host (e.g. 'YouTube') whose patterns match `url`."""
    for name, patterns in hosts.items():
        if any(url_matches(url, p) for p in patterns or ()):
            return name
    return None


def undeclared_foreign_script(article: PageFacts) -> bool:
    """No language declared and the article text is mostly not in Latin letters (e.g. Japanese):
    word lists cannot be applied, whatever the defaults say."""
    if primary_language(article.lang):
        return False
    text = article.texts
    sample = " ".join([text.start or ""] + [b.text or "" for b in text.blocks])
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 20:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters) < 0.5
