"""The egress proxy: every connection the service's browser opens goes through the guard.

Playwright's request routing does not see redirect hops (a page at a public address that
answers 302 to http://169.254.169.254/ would be followed unchecked), and Chromium resolves
names again after our check (DNS rebinding). So the browser contexts of the service use
this small HTTP proxy on loopback: for each CONNECT tunnel (https, wss) and each plain
http request it asks the guard for the host's checked addresses and connects to those
addresses itself, never to the name. Refused hosts get a 403 and no connection.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import urllib.parse

from auditor.service.guard import Guard, Refused

HEAD_LIMIT = 64 * 1024
CONNECT_TIMEOUT = 10.0
REFUSED_HEADER = "X-Auditor-Refused"
log = logging.getLogger("auditor.service")
_HOP_HEADERS = ("proxy-connection", "proxy-authorization", "connection", "keep-alive")


class EgressProxy:
    def __init__(self, guard: Guard):
        self.guard = guard
        self.refused: list[str] = []  # "host: reason", most recent last (bounded)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=HEAD_LIMIT)
        self.guard.protect(self._server.sockets[0].getsockname()[1])  # a page must not loop through us

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None  # a connection's handler runs as a task
        self._tasks.add(task)
        try:
            await self._handle(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _handle(self, reader, writer) -> None:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        request_line, _, rest = head.decode("latin-1").partition("\r\n")
        method, target, version = request_line.split(" ", 2)
        if method.upper() == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = await self._open(writer, host, int(port))
            if upstream is None:
                return
            writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            await writer.drain()
            await _pipe(reader, writer, *upstream)
            return
        parts = urllib.parse.urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            return await _answer(writer, 400, "Bad Request", "the proxy only forwards absolute http URLs")
        upstream = await self._open(writer, parts.hostname, parts.port or 80)
        if upstream is None:
            return
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        headers = [line for line in rest.split("\r\n") if line and line.split(":", 1)[0].strip().lower()
                   not in _HOP_HEADERS]
        out = f"{method} {path} {version}\r\n" + "".join(h + "\r\n" for h in headers) + "Connection: close\r\n\r\n"
        upstream[1].write(out.encode("latin-1"))
        await _pipe(reader, writer, *upstream)

    async def _open(self, writer, host: str, port: int):
        """A connection to a checked address of host, or None after answering 403 / 502."""
        try:
            addresses = await self.guard.aaddresses(host.strip("[]"), port)
        except Refused as exc:
            log.info("egress proxy refused %s:%s: %s", host, port, exc.detail)
            self.refused.append(f"{host}: {exc.detail}")
            del self.refused[:-100]
            await _answer(writer, 403, "Forbidden", f"refused by the auditor's address guard: {exc}",
                          {REFUSED_HEADER: str(exc)})
            return None
        last: Exception | None = None
        for address in addresses:
            try:
                return await asyncio.wait_for(asyncio.open_connection(address, port), CONNECT_TIMEOUT)
            except (OSError, asyncio.TimeoutError) as exc:
                last = exc
        await _answer(writer, 502, "Bad Gateway", f"cannot connect to {host}:{port}: {last}")
        return None


async def _answer(writer, status: int, reason: str, text: str, headers: dict[str, str] | None = None) -> None:
    body = text.encode("utf-8", "replace")
    extra = "".join(f"{k}: {' '.join(v.split()).encode('ascii', 'replace').decode()}\r\n"
                    for k, v in (headers or {}).items())
    writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                 f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n".encode("latin-1") + body)
    with contextlib.suppress(Exception):
        await writer.drain()


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (OSError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.write_eof() if writer.can_write_eof() else writer.close()


async def _pipe(client_reader, client_writer, up_reader, up_writer) -> None:
    """Copy both ways until the upstream closes; then close the client too, so the browser
    never sends a second request (maybe for another host) down this connection."""
    upward = asyncio.ensure_future(_copy(client_reader, up_writer))
    try:
        await _copy(up_reader, client_writer)
    finally:
        upward.cancel()
        up_writer.close()
        client_writer.close()
