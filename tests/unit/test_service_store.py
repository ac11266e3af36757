"""The service's SQLite store, its history per URL, the egress proxy and the serve command's errors.

No browser: the proxy is driven by a plain HTTP client over loopback.
"""
from __future__ import annotations

import asyncio
import socket

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.service.egress import REFUSED_HEADER, EgressProxy
from auditor.service.guard import Guard
from auditor.service.store import Store
from auditor.service.web import audit_view
from tests.fixtures.service.helpers import HERE, HostServer


def results(*failed_counts: int) -> dict:
    return {"pages": [{"requested_url": f"https://example.org/{i}", "status": "audited",
                       "findings": [{"outcome": "failed"}] * n + [{"outcome": "cantTell"}]}
                      for i, n in enumerate(failed_counts)]}


def test_a_restart_marks_running_audits_interrupted_and_returns_the_waiting_ones(tmp_path):
    store = Store(tmp_path / "s.db")
    running, first, second = (store.create([f"https://example.org/{i}"], {}) for i in range(3))
    store.start(running)
    done = store.create(["https://example.org/x"], {})
    store.start(done)
    store.finish(done, "done", results=results(1))
    again = Store(tmp_path / "s.db")
    assert again.recover() == [first, second]
    assert again.get(running)["status"] == "interrupted" and "stopped" in again.get(running)["error"]
    assert again.get(done)["status"] == "done" and again.get(done)["results"] == results(1)


def test_history_per_url_is_newest_first_with_counts_and_the_trend(tmp_path):
    store = Store(tmp_path / "s.db")
    ids = []
    for n in (4, 2):
        audit_id = store.create(["https://example.org/0"], {"standard": "WCAG2.2AA", "mobile": False})
        store.finish(audit_id, "done", results=results(n), files={"index.html": b"<p>report</p>"})
        ids.append(audit_id)
    history = store.history("https://example.org/0")
    assert [(h["audit_id"], h["failed"], h["cant_tell"]) for h in history] == [(ids[1], 2, 1), (ids[0], 4, 1)]
    assert store.file(ids[0], "index.html") == b"<p>report</p>" and store.file(ids[0], "x") is None
    view = audit_view(store.get(ids[1]), store)
    row = view["pages"][0]
    assert row["trend"]["word"] == "down" and row["trend"]["before"] == 4
    assert [e["id"] for e in row["earlier"]] == [ids[0]]
    assert [a["failed"] for a in store.recent()] == [2, 4]


@pytest.fixture(scope="module")
def hosts():
    inside, outside = HostServer(HERE, "127.0.0.2"), HostServer(HERE, "127.0.0.1")
    inside.start()
    outside.start()
    yield inside, outside
    inside.stop()
    outside.stop()


def through_proxy(guard: Guard, request: bytes) -> bytes:
    """Send one raw request to a fresh egress proxy; returns what it answers."""
    async def run():
        proxy = EgressProxy(guard)
        await proxy.start()
        port = int(proxy.url.rsplit(":", 1)[1])
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            data = await asyncio.wait_for(reader.read(), 10)  # the proxy closes after one answer
            writer.close()
            return data
        finally:
            await proxy.close()
    return asyncio.run(run())


def test_the_proxy_forwards_to_allowed_hosts_by_the_address_the_guard_checked(hosts):
    inside, outside = hosts
    port = outside.base.rsplit(":", 1)[1]
    guard = Guard(allow=["127.0.0.1/32"], resolver=lambda host, _port: {"outside.test": ["127.0.0.1"]}[host])
    answer = through_proxy(guard, f"GET http://outside.test:{port}/pages/hostile.html HTTP/1.1\r\n"
                                  f"Host: outside.test:{port}\r\nProxy-Connection: keep-alive\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200") and b"A page that tries to break its report" in answer


@pytest.mark.parametrize("request_text", [
    "GET http://127.0.0.2:{port}/pages/hostile.html HTTP/1.1\r\nHost: 127.0.0.2:{port}\r\n\r\n",
    "GET http://inside.test:{port}/ HTTP/1.1\r\nHost: inside.test\r\n\r\n",
    "CONNECT 127.0.0.2:{port} HTTP/1.1\r\nHost: 127.0.0.2:{port}\r\n\r\n",
    "CONNECT [::ffff:127.0.0.2]:{port} HTTP/1.1\r\n\r\n",
    "CONNECT 2130706434:{port} HTTP/1.1\r\n\r\n",
])
def test_the_proxy_refuses_private_hosts_without_connecting(hosts, request_text):
    inside, _ = hosts
    connections = []
    inside._server.verify_request = lambda *_: connections.append(1) or True
    port = inside.base.rsplit(":", 1)[1]
    guard = Guard(allow=["127.0.0.1/32"], resolver=lambda host, _port: {"inside.test": ["127.0.0.2"]}[host])
    answer = through_proxy(guard, request_text.format(port=port).encode())
    assert answer.startswith(b"HTTP/1.1 403") and REFUSED_HEADER.encode() in answer
    assert connections == []


def test_serve_reports_bad_settings_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--concurrency", "0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["auditor: error: concurrency must be at least 1, not 0"]


def test_serve_refuses_a_short_token(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_TOKEN", "short")
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "AUDITOR_TOKEN must be at least 8" in result.output


def test_serve_reports_a_busy_port_in_one_line(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and result.output.startswith(f"auditor: error: cannot listen on 127.0.0.1:{port}")
    assert len(result.output.strip().splitlines()) == 1


def test_a_closed_port_is_answered_as_connection_refused_not_a_bare_502():
    import socket

    from auditor.errors import UNREACHABLE_HEADER

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    guard = Guard(allow=["127.0.0.1/32"])
    answer = through_proxy(guard, f"GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 502")
    assert f"{UNREACHABLE_HEADER}: connection refused".encode() in answer
