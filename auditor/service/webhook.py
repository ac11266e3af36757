"""The optional webhook: when an audit ends, POST its id and status to the URL the request named.

The body is signed: `X-Auditor-Signature: sha256=<hex HMAC-SHA256 of the body>` with the
service's AUDITOR_WEBHOOK_SECRET, so the receiver can tell the call came from this service.
The URL goes through the same address guard as the pages, and the connection is made to the
address the guard checked (a DNS answer that changes between check and connect gains nothing).
Redirects are not followed. A failed call is retried a bounded number of times with backoff.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import urllib.parse
from typing import Any

from auditor.service.guard import Guard, Refused

SIGNATURE_HEADER = "X-Auditor-Signature"
ATTEMPTS = 3
BACKOFF = 1.0  # seconds before the second attempt, doubled for each further one
TIMEOUT = 10.0
log = logging.getLogger("auditor.service")


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def payload(audit_id: str, status: str, error: str | None) -> dict[str, Any]:
    return {"event": "audit.finished", "id": audit_id, "status": status, "error": error,
            "url": f"/api/audits/{audit_id}"}


def _post(address: str, host: str, port: int, scheme: str, path: str, body: bytes, headers: dict[str, str]) -> int:
    sock = socket.create_connection((address, port), TIMEOUT)
    if scheme == "https":
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    conn.sock = sock  # already connected, to the checked address
    try:
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        conn.close()


async def notify(url: str, data: dict[str, Any], secret: str, guard: Guard, *, attempts: int = ATTEMPTS,
                 backoff: float = BACKOFF) -> str | None:
    """Call the webhook; returns None when it answered 2xx, else why not (after the last attempt)."""
    body = json.dumps(data, separators=(",", ":")).encode("utf-8")
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(secret, body),
               "User-Agent": "auditor-webhook", "Host": parts.netloc.rpartition("@")[2]}
    why = "not called"
    for attempt in range(attempts):
        if attempt:
            await asyncio.sleep(backoff * 2 ** (attempt - 1))
        try:
            addresses = await guard.aaddresses(host, port)
        except Refused as exc:
            why = f"refused by the address guard: {exc.detail}"
            break  # the guard's answer will not change on retry
        try:
            status = await asyncio.to_thread(_post, addresses[0], host, port, parts.scheme, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            why = f"{type(exc).__name__}: {exc}"
            continue
        if 200 <= status < 300:
            return None
        why = f"HTTP {status}"
    log.warning("webhook %s for audit %s failed: %s", url, data.get("id"), why)
    return why
