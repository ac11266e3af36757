"""One page that floods the guard with slow host names must not stall anybody else's audit.

The guard's resolver is a fake: names under slow.test take 3 s each and then fail, as an
attacker's own DNS server could make them. Nothing leaves the machine.
"""
from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from auditor.service.guard import Guard
from tests.fixtures.service.helpers import app, submit, wait

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NAMES = 600


class SlowDNS:
    def __init__(self):
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, host: str, port: int) -> list[str]:
        with self._lock:
            self.calls += 1
        time.sleep(3)
        raise OSError(-3, "Temporary failure in name resolution")


def test_an_audit_stays_quick_while_another_page_asks_for_600_slow_host_names(site, tmp_path):
    def flood(handler):
        imgs = "".join(f'<img src="http://h{i}.slow.test:{port}/x.png" alt="">' for i in range(NAMES))
        handler.send_body(200, f'<!doctype html><html lang="en"><head><title>Flood</title></head>'
                               f'<body><main><h1>Flood</h1>{imgs}</main></body></html>'.encode())

    port = site.base.rsplit(":", 1)[1]
    flood_url = site.add_route("/dns/flood", flood)
    dns = SlowDNS()
    guard = Guard(allow=["127.0.0.1/32"], resolver=dns)
    service = app(tmp_path, guard=guard, allow_private=False, concurrency=2, page_timeout=30, audit_timeout=60)
    with TestClient(service) as client:
        flooding = submit(client, flood_url)
        deadline = time.monotonic() + 30
        while dns.calls < 2:  # the flood has reached the resolver
            assert time.monotonic() < deadline, "the flooding page never asked for a name"
            time.sleep(0.05)
        t0 = time.monotonic()
        other = wait(client, submit(client, site.page("basic.html")), timeout=45)
        took = time.monotonic() - t0
        assert wait(client, flooding, until=("running",))["status"] == "running"  # still flooding meanwhile
    page = other["results"]["pages"][0]
    assert other["status"] == "done" and page["status"] == "audited", page["error"]
    assert took < 20, f"the unrelated audit took {took:.1f} s"
    assert dns.calls <= 256  # the distinct-host cap of one page; the rest were refused without a lookup
