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

import os
import stat
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from auditor.confine import is_inside, real_path
from auditor.sitemaps import DEFAULT_MAX_FETCHES, DEFAULT_MAX_PAGES, Doc, SitemapReader, is_web_url, reason, scheme

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_LIST_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    requested: str  # as the user wrote it (a URL, or a file:// URL for local files)
    url: str | None = None  # http(s) URL to open; local files get theirs from the file server
    path: Path | None = None  # local file to serve
    error: str | None = None  # why it cannot be audited
    root: Path | None = None  # local files: the folder the page and what it loads must stay in


def _expand_one(arg: str, sitemaps: SitemapReader, base: Path, from_list: bool = False) -> list[Target]:
    if arg.startswith("@") and not from_list:
        return _expand_list(arg, sitemaps, base)
    if is_web_url(arg):
        if urllib.parse.urlsplit(arg).path.lower().endswith((".xml", ".xml.gz")):
            found = sitemaps.expand(Doc(arg, url=arg))
            return found if found is not None else [Target(arg, url=arg)]  # an .xml page that is no sitemap
        return [Target(arg, url=arg)]
    kind = scheme(arg)
    if kind == "file":
        arg = urllib.request.url2pathname(urllib.parse.urlsplit(arg).path)
    elif kind is None:
        return [Target(arg, error=f"not a URL or a path: {arg}")]
    elif kind and len(kind) > 1:  # a one-letter "scheme" is a Windows drive
        return [Target(arg, error=f"unsupported URL scheme {kind!r}: use http(s) URLs or local paths")]
    if "\x00" in arg:
        return [Target(arg.replace("\x00", "\\0"), error="a path cannot hold a NUL byte")]
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
        found = sitemaps.expand(Doc(arg, path=path))
        if found is not None:
            return found
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
        return Target(path.as_uri(), error=f"cannot read {shown}: {reason(exc)}")
    if not stat.S_ISREG(mode):
        return Target(path.as_uri(), error=f"refused: {shown} is not a regular file")
    return None


def _scan_folder(folder: Path, arg: str) -> list[Target]:
    """Every .html file in `folder`, in path order; links are followed only when they stay inside it."""
    found: list[tuple[Path, Target]] = []

    def unreadable(exc: OSError) -> None:  # a subfolder we cannot list may hold pages: say so, in place
        where = Path(exc.filename or folder)
        found.append((where, Target(where.as_uri(), error=f"cannot read folder {where}: {reason(exc)}")))

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


def _read_list(path: Path) -> str:
    """A list file's text: a regular file of at most MAX_LIST_BYTES (not /dev/zero, not a FIFO)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        data = fh.read(MAX_LIST_BYTES + 1)
    if len(data) > MAX_LIST_BYTES:
        raise ValueError(f"longer than {MAX_LIST_BYTES // 2**20} MB")
    return data.decode("utf-8", errors="replace")


def _expand_list(arg: str, sitemaps: SitemapReader, base: Path) -> list[Target]:
    list_path = (base / arg[1:]).resolve()
    try:
        lines = _read_list(list_path).splitlines()
    except (OSError, ValueError) as exc:
        return [Target(arg, error=f"could not read list {arg[1:]}: {reason(exc)}")]
    out: list[Target] = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            out.extend(_expand_one(line, sitemaps, list_path.parent, from_list=True))
    return out


def expand_targets(args: list[str], *, timeout: float = 30.0, base: Path | None = None,
                   sitemap_max_pages: int = DEFAULT_MAX_PAGES,
                   sitemap_max_fetches: int = DEFAULT_MAX_FETCHES) -> list[Target]:
    """Every argument expands in place, in order; errors stay in the list as error targets.

    The sitemap caps hold for the whole call: pages taken from sitemaps, sitemap files read.
    """
    base = base or Path.cwd()
    sitemaps = SitemapReader(Target, timeout, sitemap_max_pages, sitemap_max_fetches)
    out: list[Target] = []
    for arg in args:
        out.extend(_expand_one(arg, sitemaps, base))
    return out
