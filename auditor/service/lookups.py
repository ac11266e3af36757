"""Host-name lookups of the address guard, kept away from everything else the service does.

A page can ask for hundreds of host names that take seconds each to resolve. Sharing the
event loop's default thread pool, those lookups once starved the store and every other
audit. So lookups get their own small pool, a time limit each, a cache that remembers
failures too, and one in-flight lookup per name however many requests wait for it. Each
page gets a `PageLookups`: a cap on the distinct hosts it may name, a cap on its lookups
in flight (so one page cannot fill the pool), and `close()`, which drops the page's
waiting lookups when the page is done.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from typing import Callable

Resolver = Callable[[str, int], list[str]]

WORKERS = 8  # threads for lookups; a page may hold PAGE_IN_FLIGHT of them at once
PAGE_IN_FLIGHT = 2
LOOKUP_TIMEOUT = 5.0  # seconds one lookup may take, queueing included
HOSTS_PER_PAGE = 256  # distinct host names one page may ask for; news pages with ads use well under 100
CACHE_SECONDS = 30.0  # answers and failures alike
CACHE_ENTRIES = 4096


class LookupFailed(Exception):
    """A name could not be resolved (or not in time, or the page may ask for no more names)."""


class Lookups:
    def __init__(self, resolver: Resolver, *, workers: int = WORKERS, timeout: float = LOOKUP_TIMEOUT,
                 cache_seconds: float = CACHE_SECONDS):
        self.resolver = resolver
        self.timeout = timeout
        self.cache_seconds = cache_seconds
        self._pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="auditor-dns")
        self._cache: dict[tuple[str, int], tuple[float, list[str] | LookupFailed]] = {}
        self._pending: dict[tuple[str, int], concurrent.futures.Future] = {}
        self._waiters: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def cached(self, name: str, port: int) -> list[str] | None:
        """The remembered answer (raises LookupFailed for a remembered failure), or None."""
        with self._lock:
            hit = self._cache.get((name, port))
        if hit is None or time.monotonic() >= hit[0]:
            return None
        if isinstance(hit[1], LookupFailed):
            raise hit[1]
        return hit[1]

    def resolve(self, name: str, port: int) -> list[str]:
        """The addresses of name, from the cache or the pool, within the time limit (blocking)."""
        found = self.cached(name, port)
        if found is not None:
            return found
        future = self._start((name, port))
        try:
            return future.result(self.timeout)
        except concurrent.futures.TimeoutError:
            raise LookupFailed(f"host {name} did not resolve within {self.timeout:g} s") from None
        finally:
            self._leave((name, port))

    async def aresolve(self, name: str, port: int) -> list[str]:
        """As resolve, without blocking the event loop or any thread but the pool's."""
        found = self.cached(name, port)
        if found is not None:
            return found
        key = (name, port)
        future = asyncio.wrap_future(self._start(key))
        future.add_done_callback(lambda f: f.cancelled() or f.exception())  # read, even when nobody waits now
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError:
            raise LookupFailed(f"host {name} did not resolve within {self.timeout:g} s") from None
        finally:
            self._leave(key)

    def _start(self, key: tuple[str, int]) -> concurrent.futures.Future:
        with self._lock:
            self._waiters[key] = self._waiters.get(key, 0) + 1
            future = self._pending.get(key)
            if future is None:
                future = self._pool.submit(self._lookup, key)
                self._pending[key] = future
                future.add_done_callback(lambda _f: self._done(key))
        return future

    def _leave(self, key: tuple[str, int]) -> None:
        """One waiter fewer; a lookup nobody waits for any more is dropped before it starts."""
        with self._lock:
            left = self._waiters.get(key, 1) - 1
            if left > 0:
                self._waiters[key] = left
                return
            self._waiters.pop(key, None)
            future = self._pending.get(key)
        if future is not None:
            future.cancel()  # a no-op once it runs; then it finishes and fills the cache

    def _done(self, key: tuple[str, int]) -> None:  # the key's lookup ended
        with self._lock:
            self._pending.pop(key, None)

    def _lookup(self, key: tuple[str, int]) -> list[str]:
        name, port = key
        started = time.monotonic()
        try:
            found = list(dict.fromkeys(self.resolver(name, port)))
            if not found:
                raise LookupFailed(f"host {name} has no addresses")
            if time.monotonic() - started > self.timeout:
                raise LookupFailed(f"host {name} did not resolve within {self.timeout:g} s")
        except LookupFailed as exc:
            self._remember(key, exc)
            raise
        except (OSError, UnicodeError) as exc:
            failed = LookupFailed(f"host {name} cannot be resolved ({getattr(exc, 'strerror', None) or exc})")
            self._remember(key, failed)
            raise failed from None
        self._remember(key, found)
        return found

    def _remember(self, key, answer) -> None:
        with self._lock:
            if len(self._cache) >= CACHE_ENTRIES:
                now = time.monotonic()
                self._cache = {k: v for k, v in self._cache.items() if v[0] > now}
                if len(self._cache) >= CACHE_ENTRIES:
                    self._cache.clear()
            self._cache[key] = (time.monotonic() + self.cache_seconds, answer)

    def page(self, *, hosts: int = HOSTS_PER_PAGE, in_flight: int = PAGE_IN_FLIGHT) -> "PageLookups":
        return PageLookups(self, hosts=hosts, in_flight=in_flight)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class PageLookups:
    """One page's share of the lookups: at most `hosts` distinct names, `in_flight` at a time."""

    def __init__(self, lookups: Lookups, *, hosts: int, in_flight: int):
        self.lookups = lookups
        self.hosts = hosts
        self.names: set[str] = set()
        self.closed = False
        self._slots: asyncio.Semaphore | None = None
        self._in_flight = in_flight
        self._waiting: set[asyncio.Task] = set()

    async def aresolve(self, name: str, port: int) -> list[str]:
        if self.closed:
            raise LookupFailed("the page is closed")
        found = self.lookups.cached(name, port)
        if found is not None:
            return found
        if name not in self.names:
            if len(self.names) >= self.hosts:
                raise LookupFailed(f"the page asks for more than {self.hosts} host names")
            self.names.add(name)
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._in_flight)
        task = asyncio.current_task()
        assert task is not None  # called from a coroutine
        self._waiting.add(task)
        try:
            async with self._slots:
                if self.closed:
                    raise LookupFailed("the page is closed")
                return await self.lookups.aresolve(name, port)
        except asyncio.CancelledError:
            if self.closed:  # cancelled by close(), not by whoever awaits us
                task.uncancel()
                raise LookupFailed("the page is closed") from None
            raise
        finally:
            self._waiting.discard(task)

    def close(self) -> None:
        """The page is done: its waiting lookups end now (as failures) and it asks for no more."""
        self.closed = True
        for task in list(self._waiting):
            task.cancel()
