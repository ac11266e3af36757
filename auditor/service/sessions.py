"""Sign-in sessions of the web page, their form tokens, and the limit on failed sign-ins.

The cookie holds a random session id, never the access token: a stolen cookie ends with
its session (logout, expiry, restart), and the token is typed once. Each session has its
own form token, which every form of the page sends back (CSRF). Sessions live in memory:
a restart signs everyone out, which is fine for a service with one shared token.
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

COOKIE = "auditor_session"
MAX_SESSIONS = 10_000  # beyond it the oldest go first; a flood of sign-ins cannot grow memory


@dataclass
class Session:
    id: str
    form_token: str
    expires: float
    signed_in: bool

    def accepts(self, form_token: str) -> bool:
        return hmac.compare_digest(form_token.encode(), self.form_token.encode())


class Sessions:
    def __init__(self, lifetime: float):
        self.lifetime = lifetime
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, *, signed_in: bool) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), time.time() + self.lifetime, signed_in)
        with self._lock:
            if len(self._sessions) >= MAX_SESSIONS:
                now = time.time()
                self._sessions = {k: s for k, s in self._sessions.items() if s.expires > now}
                while len(self._sessions) >= MAX_SESSIONS:
                    self._sessions.pop(min(self._sessions, key=lambda k: self._sessions[k].expires))
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None and session.expires <= time.time():
                del self._sessions[session_id]
                session = None
        return session

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id or "", None)


class LoginThrottle:
    """At most `failures` failed sign-ins per client address in `window` seconds."""

    MAX_CLIENTS = 10_000

    def __init__(self, failures: int = 5, window: float = 60.0):
        self.failures = failures
        self.window = window
        self._failed: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Seconds until this client may try again, or None when it may now."""
        with self._lock:
            times = self._recent(client)
            if len(times) < self.failures:
                return None
            return max(1, int(times[0] + self.window - time.monotonic()) + 1)

    def failed(self, client: str) -> None:
        with self._lock:
            if client not in self._failed and len(self._failed) >= self.MAX_CLIENTS:
                now = time.monotonic()
                self._failed = {c: t for c, t in self._failed.items() if t and t[-1] > now - self.window}
                if len(self._failed) >= self.MAX_CLIENTS:
                    self._failed.pop(next(iter(self._failed)))
            self._recent(client).append(time.monotonic())

    def _recent(self, client: str) -> deque[float]:
        times = self._failed.setdefault(client, deque())
        while times and times[0] <= time.monotonic() - self.window:
            times.popleft()
        return times
