"""The guard's host-name lookups: their own pool, time limits, failures cached, per-page shares.

The resolver is a fake that sleeps; nothing here sends a packet.
"""
from __future__ import annotations

import asyncio
import threading
import time

import pytest

from auditor.service.guard import Guard
from auditor.service.lookups import LookupFailed, Lookups


class SlowDNS:
    """Names starting with "slow" take `delay` seconds and then fail; others answer at once."""

    def __init__(self, delay: float = 1.0):
        self.delay = delay
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, host: str, port: int) -> list[str]:
        with self._lock:
            self.calls.append(host)
        if host.startswith("slow"):
            time.sleep(self.delay)
            raise OSError(-3, "Temporary failure in name resolution")
        return ["93.184.215.14"]


async def _timed(coro) -> float:
    t0 = time.monotonic()
    await coro
    return time.monotonic() - t0


async def _settle(tasks) -> list:
    return await asyncio.gather(*tasks, return_exceptions=True)


def test_a_flooding_page_leaves_room_for_another_pages_lookups():
    """Page A asks for 40 names that take a second each; page B's one name still resolves at once."""
    dns = SlowDNS(1.0)
    lookups = Lookups(dns)

    async def run():
        flooder, other = lookups.page(), lookups.page()
        flood = [asyncio.ensure_future(flooder.aresolve(f"slow{i}.example", 80)) for i in range(40)]
        await asyncio.sleep(0.05)
        took = await _timed(other.aresolve("fast.example", 80))
        flooder.close()
        await _settle(flood)
        return took

    assert asyncio.run(run()) < 0.5


def test_lookups_never_wait_for_the_default_thread_pool_nor_block_it():
    """The store runs in the default pool: a flood of slow lookups must leave it free."""
    guard = Guard(resolver=SlowDNS(1.0))

    async def run():
        flood = [asyncio.ensure_future(guard.acheck(f"http://slow{i}.example/")) for i in range(40)]
        await asyncio.sleep(0.05)
        took = await _timed(asyncio.gather(*(asyncio.to_thread(time.sleep, 0.01) for _ in range(20))))
        for lookup in flood:
            lookup.cancel()
        await _settle(flood)
        return took

    assert asyncio.run(run()) < 0.5


def test_a_lookup_has_a_time_limit_and_its_failure_is_remembered():
    dns = SlowDNS(0.6)
    lookups = Lookups(dns, timeout=0.2)
    t0 = time.monotonic()
    with pytest.raises(LookupFailed, match="did not resolve within 0.2 s"):
        lookups.resolve("slow.example", 80)
    assert time.monotonic() - t0 < 0.5
    t0 = time.monotonic()
    with pytest.raises(LookupFailed, match="did not resolve within 0.2 s"):
        asyncio.run(lookups.aresolve("slow-too.example", 80))
    assert time.monotonic() - t0 < 0.5
    time.sleep(0.6)  # the lookup itself finishes (a thread cannot be stopped) and is remembered as failed
    with pytest.raises(LookupFailed):
        lookups.resolve("slow.example", 80)
    with pytest.raises(LookupFailed):
        asyncio.run(lookups.aresolve("slow.example", 80))
    assert dns.calls == ["slow.example", "slow-too.example"]


def test_a_failed_name_is_asked_once_however_often_a_page_asks():
    dns = SlowDNS(0.05)
    lookups = Lookups(dns)

    async def run():
        page = lookups.page()
        return await _settle([page.aresolve("slow.example", 443) for _ in range(30)])

    answers = asyncio.run(run())
    assert all(isinstance(a, LookupFailed) for a in answers)
    with pytest.raises(LookupFailed, match="cannot be resolved"):
        lookups.resolve("slow.example", 443)
    assert dns.calls == ["slow.example"]


def test_a_page_may_name_only_so_many_distinct_hosts():
    lookups = Lookups(SlowDNS())

    async def run():
        page = lookups.page(hosts=3)
        for i in range(3):
            await page.aresolve(f"host{i}.example", 80)
        await page.aresolve("host0.example", 443)  # a name it already asked for
        with pytest.raises(LookupFailed, match="more than 3 host names"):
            await page.aresolve("host3.example", 80)
        assert await lookups.page(hosts=3).aresolve("host3.example", 80)  # another page may

    asyncio.run(run())


def test_closing_a_page_drops_its_waiting_lookups():
    dns = SlowDNS(0.5)
    lookups = Lookups(dns)

    async def run():
        page = lookups.page(in_flight=1)
        waiting = [asyncio.ensure_future(page.aresolve(f"slow{i}.example", 80)) for i in range(20)]
        await asyncio.sleep(0.1)
        page.close()
        took = await _timed(_settle(waiting))
        answers = [w.result() if not w.exception() else w.exception() for w in waiting]
        with pytest.raises(LookupFailed, match="closed"):
            await page.aresolve("fast.example", 80)
        return took, answers

    took, answers = asyncio.run(run())
    assert took < 0.3
    assert all(isinstance(a, LookupFailed) for a in answers)
    assert len(dns.calls) == 1  # the one in flight; the other 19 never reached the resolver
