"""A loopback HTTP server for local files, so relative assets and scripts work.

Each folder that holds a requested file is served under its own prefix
(/0/, /1/, ...); nothing outside those folders is reachable.
"""
from __future__ import annotations

import http.server
import posixpath
import threading
import urllib.parse
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: "_Server"

    def translate_path(self, path: str) -> str:
        parts = urllib.parse.unquote(urllib.parse.urlsplit(path).path).split("/")
        try:
            root = self.server.roots[int(parts[1])]
        except (ValueError, IndexError):
            return "/nonexistent"
        rel = posixpath.normpath("/".join(parts[2:]))
        if rel.startswith("..") or rel.startswith("/"):
            return "/nonexistent"
        return str(root / rel)

    def list_directory(self, path):  # no folder listings
        self.send_error(404)
        return None

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

    def url_for(self, path: Path) -> str:
        if self._server is None:
            self.start()
        assert self._server is not None
        folder = path.parent
        if folder not in self._server.roots:
            self._server.roots.append(folder)
        index = self._server.roots.index(folder)
        return f"{self.base}{index}/{urllib.parse.quote(path.name)}"

    def file_url(self, url: str) -> str | None:
        """The file:// URL behind one of our http URLs, or None if it is not ours."""
        if self._server is None or not url.startswith(self.base):
            return None
        rest = urllib.parse.urlsplit(url).path.split("/")
        try:
            root = self._server.roots[int(rest[1])]
        except (ValueError, IndexError):
            return None
        return (root / urllib.parse.unquote("/".join(rest[2:]))).as_uri()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
