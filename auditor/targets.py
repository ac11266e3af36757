"""Turn command-line targets into an ordered list of pages to audit.

URLs, local .html files, folders of them, sitemaps (file or URL, index files and
gzip too) and @list files. Nothing is dropped: a target that cannot become a page
becomes a `Target` with an error, in its place.

A local page never leads out of its folder (the folder named, or a file's own folder):
a symbolic link is followed when its target is inside that folder and refused, as an
error in place naming the link, when it leads out; the file server enforces the same
for everything the page loads.
"""
from __future__ import annotations

import gzip
import os
import stat
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from auditor.confine import is_inside, real_path

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed


@dataclass(frozen=True)
class Target:
    requested: str  # as the user wrote it (a URL, or a file:// URL for local files)
    url: str | None = None  # http(s) URL to open; local files get theirs from the file server
    path: Path | None = None  # local file to serve
    error: str | None = None  # why it cannot be audited
    root: Path | None = None  # local files: the folder the page and what it loads must stay in


def _is_url(text: str) -> bool:
    return urllib.parse.urlsplit(text).scheme in ("http", "https")


def _fetch(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "auditor (sitemap reader)"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked by caller
        return resp.read(MAX_SITEMAP_BYTES + 1)


def _maybe_gunzip(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _looks_like_sitemap(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def _sitemap_locs(data: bytes) -> tuple[str, list[str]]:
    """('urlset'|'sitemapindex', [loc, ...]) of one sitemap document."""
    root = ET.fromstring(data)
    kind = root.tag.removeprefix(SITEMAP_NS).split("}")[-1]
    locs = [el.text.strip() for el in root.iter() if el.tag.split("}")[-1] == "loc" and el.text and el.text.strip()]
    return kind, locs


def _expand_sitemap(source: str, data: bytes, timeout: float, depth: int = 0) -> list[Target]:
    try:
        kind, locs = _sitemap_locs(_maybe_gunzip(data))
    except (ET.ParseError, OSError, EOFError) as exc:
        return [Target(source, error=f"sitemap {source} is not valid XML: {exc}")]
    if kind != "sitemapindex":
        return [Target(loc, url=loc) if _is_url(loc) else Target(loc, error=f"sitemap entry is not an http(s) URL: {loc}")
                for loc in locs]
    out: list[Target] = []
    for loc in locs:
        if depth >= MAX_SITEMAP_DEPTH:
            out.append(Target(loc, error=f"sitemap index nested deeper than {MAX_SITEMAP_DEPTH} levels"))
            continue
        try:
            child = _fetch(loc, timeout) if _is_url(loc) else Path(loc).read_bytes()
        except (OSError, urllib.error.URLError, ValueError) as exc:
            out.append(Target(loc, error=f"could not read sitemap {loc}: {_reason(exc)}"))
            continue
        out.extend(_expand_sitemap(loc, child, timeout, depth + 1))
    return out


def _reason(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return getattr(exc, "strerror", None) or str(exc)


def _expand_one(arg: str, timeout: float, base: Path, from_list: bool = False) -> list[Target]:
    if arg.startswith("@") and not from_list:
        return _expand_list(arg, timeout, base)
    if _is_url(arg):
        if urllib.parse.urlsplit(arg).path.lower().endswith((".xml", ".xml.gz")):
            try:
                data = _fetch(arg, timeout)
            except (OSError, urllib.error.URLError, ValueError) as exc:
                return [Target(arg, error=f"could not read sitemap {arg}: {_reason(exc)}")]
            if _looks_like_sitemap(_maybe_gunzip(data)):
                return _expand_sitemap(arg, data, timeout)
        return [Target(arg, url=arg)]
    scheme = urllib.parse.urlsplit(arg).scheme
    if scheme == "file":
        arg = urllib.request.url2pathname(urllib.parse.urlsplit(arg).path)
    elif scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
        return [Target(arg, error=f"unsupported URL scheme {scheme!r}: use http(s) URLs or local paths")]
    path = Path(os.path.abspath(base / arg))  # not resolved: a link is judged by where it is, below
    shown = path.as_uri()
    if path.is_dir():
        return _scan_folder(path, arg)
    if not path.exists():
        return [Target(shown, error=f"no such file or folder: {arg}")]
    refused = _refusal(path, path.parent, arg)
    if refused:
        return [refused]
    if path.suffix.lower() in (".xml", ".gz"):
        try:
            data = path.read_bytes()
        except OSError as exc:
            return [Target(shown, error=f"could not read {arg}: {_reason(exc)}")]
        if _looks_like_sitemap(_maybe_gunzip(data)):
            return _expand_sitemap(arg, data, timeout)
    if not os.access(path, os.R_OK):
        return [Target(shown, error=f"cannot read {arg}: permission denied")]
    return [Target(shown, path=path, root=path.parent)]


def _refusal(path: Path, root: Path, shown: str) -> Target | None:
    """An error target when `path` is not a regular file really inside `root`, else None."""
    if not is_inside(path, root):
        return Target(path.as_uri(), error=f"refused: {shown} is a symbolic link to {real_path(path)}, "
                                           f"outside {root}; audit that file by its own path if you mean it")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Target(path.as_uri(), error=f"cannot read {shown}: {_reason(exc)}")
    if not stat.S_ISREG(mode):
        return Target(path.as_uri(), error=f"refused: {shown} is not a regular file")
    return None


def _scan_folder(folder: Path, arg: str) -> list[Target]:
    """Every .html file in `folder`, in path order; links are followed only when they stay inside it."""
    found: list[tuple[Path, Target]] = []

    def unreadable(exc: OSError) -> None:  # a subfolder we cannot list may hold pages: say so, in place
        where = Path(exc.filename or folder)
        found.append((where, Target(where.as_uri(), error=f"cannot read folder {where}: {_reason(exc)}")))

    for dirpath, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(dirpath)
        for name in dirs:
            link = here / name
            if link.is_symlink() and not is_inside(link, folder):  # one inside is walked where it really is
                found.append((link, Target(link.as_uri(), error=f"refused: {link.relative_to(folder)} in {arg} is a "
                                                                f"symbolic link to a folder outside it "
                                                                f"({real_path(link)}); its pages are not audited")))
        for name in files:
            path = here / name
            if path.suffix.lower() in HTML_SUFFIXES:
                refused = _refusal(path, folder, str(path.relative_to(folder)))
                found.append((path, refused or Target(path.as_uri(), path=path, root=folder)))
    if not found:
        return [Target(folder.as_uri(), error=f"folder {arg} holds no .html files")]
    return [target for _, target in sorted(found, key=lambda pair: pair[0])]


def _expand_list(arg: str, timeout: float, base: Path) -> list[Target]:
    list_path = (base / arg[1:]).resolve()
    try:
        lines = list_path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        return [Target(arg, error=f"could not read list {arg[1:]}: {_reason(exc)}")]
    out: list[Target] = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            out.extend(_expand_one(line, timeout, list_path.parent, from_list=True))
    return out


def expand_targets(args: list[str], *, timeout: float = 30.0, base: Path | None = None) -> list[Target]:
    """Every argument expands in place, in order; errors stay in the list as error targets."""
    base = base or Path.cwd()
    out: list[Target] = []
    for arg in args:
        out.extend(_expand_one(arg, timeout, base))
    return out
