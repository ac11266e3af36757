"""A loopback HTTP server for tests: fixture pages plus routes that misbehave on purpose.

    /pages/NAME            a file from tests/fixtures/pages
    /fault/hang            accepts the request, never answers
    /fault/half            sends half a page, then stalls
    /fault/status/CODE     answers with that HTTP status
    /fault/redirect-loop   redirects to itself forever
    /fault/pdf, /fault/png non-HTML responses
    /fault/latin1          a page in ISO-8859-1 with bytes that are not UTF-8
Tests may add routes of their own with `add_route(path, fn(handler))`.
"""
from __future__ import annotations

import http.server
import threading
import urllib.parse
from pathlib import Path
from typing import Callable

STALL_SECONDS = 60  # stalling routes give up after this, so a stuck test cannot hang the suite


class _Handler(http.server.BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send_body(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        self.server.hits[path] = self.server.hits.get(path, 0) + 1
        try:
            route = self.server.routes.get(path)
            if route:
                return route(self)
            if path.startswith("/pages/"):
                return self._file(path[len("/pages/"):])
            if path.startswith("/fault/status/"):
                code = int(path.rsplit("/", 1)[1])
                return self.send_body(code, f"<html><title>{code}</title><p>status {code}</p></html>".encode())
            fault = getattr(self, "fault_" + path.removeprefix("/fault/").replace("-", "_"), None)
            if path.startswith("/fault/") and fault:
                return fault()
            self.send_body(404, b"<html><title>not found</title><p>not found</p></html>")
        except (ConnectionError, TimeoutError):
            pass

    def _file(self, name: str) -> None:
        target = (self.server.root / urllib.parse.unquote(name)).resolve()
        if self.server.root not in target.parents or not target.is_file():
            return self.send_body(404, b"not found")
        ctype = {".html": "text/html; charset=utf-8", ".js": "application/javascript", ".css": "text/css",
                 ".vtt": "text/vtt", ".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml",
                 ".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg", ".xml": "application/xml",
                 ".txt": "text/plain", ".wav": "audio/wav"}.get(target.suffix, "application/octet-stream")
        self.send_body(200, target.read_bytes(), ctype)

    def fault_hang(self):
        self.server.stopping.wait(STALL_SECONDS)

    def fault_half(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<!doctype html><html lang=en><head><title>Half</title></head><body><p>The start of")
        self.wfile.flush()
        self.server.stopping.wait(STALL_SECONDS)

    def fault_redirect_loop(self):
        self.send_response(302)
        self.send_header("Location", "/fault/redirect-loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def fault_pdf(self):
        self.send_body(200, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")

    def fault_png(self):
        png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                            "0000000d4944415478da63f8cfc0f01f0005000201a5f2a0b90000000049454e44ae426082")
        self.send_body(200, png, "image/png")

    def fault_latin1(self):
        body = ("<!doctype html><html lang=de><head><meta charset=iso-8859-1><title>Gr\xfc\xdfe aus M\xfcnchen</title>"
                "</head><body><main><h1>Gr\xfc\xdfe</h1><p>Stra\xdfe</p></main></body></html>").encode("latin-1")
        body += b"<!-- \xff\xfe\x80 invalid in UTF-8 -->"
        self.send_body(200, body, "text/html; charset=iso-8859-1")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultServer:
    def __init__(self, root: Path):
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.root = root.resolve()
        self._server.routes = {}
        self._server.hits = {}
        self._server.stopping = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def page(self, name: str) -> str:
        return self.url(f"/pages/{name}")

    def add_route(self, path: str, fn: Callable[[_Handler], None]) -> str:
        self._server.routes[path] = fn
        return self.url(path)

    def hits(self, path: str) -> int:
        return self._server.hits.get(path, 0)

    def hits_under(self, prefix: str) -> int:
        return sum(n for path, n in list(self._server.hits.items()) if path.startswith(prefix))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
