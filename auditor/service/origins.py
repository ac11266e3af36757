"""Who may ask the service anything: trusted Host names, same-origin browsers, and never an audit.

ASGI middleware. TrustedHost turns away requests for names the service does not answer to
(DNS rebinding); SameOrigin turns away state-changing requests a browser sent from another
origin (CSRF); OwnPorts tells the address guard where the service listens, so no audited
page can reach it.
"""
from __future__ import annotations

import urllib.parse

from auditor.service import errors


class OwnPorts:
    """Tell the guard each port the service is reached on, so no audit can reach the service itself
    (serve.py names its listening port up front; this also covers servers started elsewhere)."""

    def __init__(self, app, guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send):
        server = scope.get("server") if scope["type"] in ("http", "websocket") else None
        if server and server[1] and server[1] not in self.guard.own_ports:
            self.guard.protect(server[1])
        return await self.app(scope, receive, send)


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def host_name(value: str) -> str:
    """The host of a Host header or trusted-host entry, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


async def _refuse(scope, receive, send, status: int, message: str, code: str) -> None:
    from starlette.requests import Request

    if scope["type"] != "http":
        return await send({"type": "websocket.close", "code": 1008})
    await errors.answer(Request(scope), status, message, code)(scope, receive, send)


class TrustedHost:
    """400 for a Host header naming none of the service's names. A page whose name is rebound to
    the service's address sends its own name as Host, so it reads nothing, token or not."""

    def __init__(self, app, hosts):
        self.app = app
        self.hosts = frozenset(host_name(h) for h in hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and host_name(_header(scope, b"host")) not in self.hosts:
            return await _refuse(scope, receive, send, 400, "the Host header names no address of this service "
                                 "(see auditor serve --trusted-host)", "untrusted_host")
        return await self.app(scope, receive, send)


class SameOrigin:
    """403 for a state-changing request that a browser sent from another origin (CSRF).

    SameSite=Strict cookies still go with requests from another port of the same host, and
    without a token any site may post: so the browser's own word on where a request comes
    from (Sec-Fetch-Site, Origin) must name this service. Requests with an Authorization
    header are not checked: no browser adds one to a cross-origin request unasked, and API
    clients send one. Clients that send neither header (curl) are not browsers to trick.
    """

    UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
    SITES = ("same-origin", "none")  # none: the user's own action (a bookmark, the address bar)

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in self.UNSAFE and not _header(scope, b"authorization"):
            why = self.cross_origin(scope)
            if why:
                return await _refuse(scope, receive, send, 403, why, "cross_origin")
        return await self.app(scope, receive, send)

    def cross_origin(self, scope) -> str | None:
        site = _header(scope, b"sec-fetch-site").lower()
        if site and site not in self.SITES:
            return f"refused a {site} request: this service takes forms and API calls from its own pages only"
        origin = _header(scope, b"origin")
        if not origin:
            return None
        parts = urllib.parse.urlsplit(origin)
        if origin == "null" or parts.scheme not in ("http", "https") or \
                parts.netloc.lower() != _header(scope, b"host").lower():
            return "refused a request from another origin: this service takes forms and API calls from its own pages only"
        return None
