"""A loopback HTTP server for local files, so relative assets and scripts work.

Each folder a page was found in (the folder named on the command line, or a file's own
folder) is served under its own prefix (/0/, /1/, ...). Every request is resolved, symbolic
links included, and served only when it really is a regular file inside that folder: a link
planted in an audited folder to lead out of it (to a credentials file, say) gets a 404 like
any other odd path (NUL bytes, encoded '..' or '/', backslashes, overlong names).
"""
from __future__ import annotations

import email.utils
import http.server
import os
import stat
import threading
import urllib.parse
from pathlib import Path

from auditor.confine import is_inside, real_path

MAX_URL_PATH = 8192
MAX_NAME_BYTES = 255  # the longest file name Linux allows


def _split(roots: list[Path], url_path: str) -> tuple[Path, list[str]] | None:
    """(root, names) a /N/a/b.html path stands for, or None for anything odd."""
    if len(url_path) > MAX_URL_PATH:
        return None
    parts = url_path.split("/")
    if len(parts) < 3 or parts[0] or not (parts[1].isascii() and parts[1].isdigit()):
        return None
    index = int(parts[1])
    if index >= len(roots):
        return None
    try:
        names = [urllib.parse.unquote(p, errors="strict") for p in parts[2:]]
    except UnicodeDecodeError:
        return None
    for name in names:
        if name in ("", ".", "..") or any(c in name for c in "/\\\x00") or len(name.encode()) > MAX_NAME_BYTES:
            return None
    return roots[index], names


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: "_Server"

    def _resolve(self) -> str | None:
        """The real path of the requested file, when it is inside its root."""
        found = _split(self.server.roots, urllib.parse.urlsplit(self.path).path)
        if found is None:
            return None
        root, names = found
        path = real_path(os.path.join(root, *names))
        return path if is_inside(path, root) else None

    def send_head(self):
        """Only regular files inside the root: no folder listings or index pages, no FIFOs or devices."""
        path = self._resolve()
        try:
            # O_NONBLOCK: a FIFO in the folder must not hang the server before fstat turns it away.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC) if path else None
        except OSError:
            fd = None
        if fd is None:
            self.send_error(404)
            return None
        fh = os.fdopen(fd, "rb")
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            fh.close()
            self.send_error(404)
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(urllib.parse.urlsplit(self.path).path))
        self.send_header("Content-Length", str(st.st_size))
        self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
        self.end_headers()
        return fh

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            pass  # the browser gave up on a request; nothing to report


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    roots: list[Path]

    def handle_error(self, request, client_address) -> None:
        pass  # a failed request is the page's problem, never a traceback on the auditor's stderr


class FileServer:
    def __init__(self) -> None:
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.roots = []
        self._thread = threading.Thread(target=self._server.serve_forever, name="auditor-fileserver", daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def url_for(self, path: Path, root: Path | None = None) -> str:
        """The http URL of `path`, served with everything else inside `root` (default: the file's folder)."""
        if self._server is None:
            self.start()
        assert self._server is not None
        root = root or path.parent
        if root not in self._server.roots:
            self._server.roots.append(root)
        index = self._server.roots.index(root)
        rel = "/".join(urllib.parse.quote(name) for name in path.relative_to(root).parts)
        return f"{self.base}{index}/{rel}"

    def file_url(self, url: str) -> str | None:
        """The file:// URL behind one of our http URLs, or None if it is not ours."""
        if self._server is None or not url.startswith(self.base):
            return None
        found = _split(self._server.roots, urllib.parse.urlsplit(url).path)
        if found is None:
            return None
        root, names = found
        return root.joinpath(*names).as_uri()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
