"""Limits on what a client may send, and how slowly: body size, read deadlines, security headers.

uvicorn waits forever for a request head that trickles in a byte at a time (its keep-alive
timer stops at the first byte), so `DeadlineH11Protocol` closes a connection whose head is
not complete within `read_timeout`, and BodyLimit answers 408 to a body that takes longer.
`server_options()` is how every server of the service is configured (serve.py, tests).
"""
from __future__ import annotations

import asyncio
import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from auditor.service import errors

# The service's own pages: its stylesheet and script, nothing inline, nothing from elsewhere.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the page's own
# forms, and the same-origin check (SameOrigin) could not tell them from a sandboxed attacker.
HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
           (b"x-frame-options", b"DENY"))


MAX_HEAD = 16 * 1024  # bytes of request line and headers
KEEP_ALIVE = 5  # seconds an idle connection stays open between requests
MAX_CONNECTIONS = 256  # beyond it new requests get 503, so slow clients cannot use up the service's files


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head (`read_timeout` seconds from
    the connection, or from the previous response, to the end of the headers)."""

    read_timeout = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the head is in; the body has BodyLimit's deadline

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.read_timeout, self._overdue)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _overdue(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.transport.close()


def server_options(read_timeout: float) -> dict:
    """uvicorn.Config settings of the service: h11 with a head deadline, keep-alive, head size, connections."""
    protocol = type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"read_timeout": read_timeout})
    return {"http": protocol, "timeout_keep_alive": KEEP_ALIVE, "h11_max_incomplete_event_size": MAX_HEAD,
            "limit_concurrency": MAX_CONNECTIONS}


class BodyLimit:
    """Answer 413 to a request whose body is larger than max_body bytes, declared or streamed,
    and 408 to one whose body takes longer than read_timeout seconds to arrive."""

    def __init__(self, app, max_body: int, read_timeout: float = DeadlineH11Protocol.read_timeout):
        self.app = app
        self.max_body = max_body
        self.read_timeout = read_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await _refuse(send, 413, f"the request body is larger than {self.max_body} bytes")
        chunks, size = [], 0
        deadline = asyncio.get_running_loop().time() + self.read_timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except asyncio.TimeoutError:
                return await _refuse(send, 408, f"the request body did not arrive within {self.read_timeout:g} s")
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body:
                return await _refuse(send, 413, f"the request body is larger than {self.max_body} bytes")
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps(errors.body(status, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """nosniff, no referrer, no framing, and the pages' Content-Security-Policy unless a route set its own."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                headers += [h for h in HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

