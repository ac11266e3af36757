"""Slow clients: a request head or body that trickles in is cut off at the read deadline.

The service runs under uvicorn on a loopback port (no browser: its lifespan is off), with
a read deadline of 1.5 s; raw sockets play the slow clients.
"""
from __future__ import annotations

import socket
import time

import pytest

from tests.fixtures.service.helpers import LiveServer, offline

DEADLINE = 1.5
GIVE_UP = DEADLINE + 4  # a connection still open by then is one the server would keep forever


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(offline(tmp_path_factory.mktemp("slow"), read_timeout=DEADLINE), read_timeout=DEADLINE,
                      lifespan="off").start()
    yield live
    live.stop()


def connect(server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=GIVE_UP)
    sock.settimeout(0.1)
    return sock


def trickle(sock: socket.socket, data: bytes, every: float = 0.1) -> tuple[float, bytes]:
    """Send data a byte at a time (then keep sending spaces) until the server closes the connection;
    returns how long that took and what the server answered."""
    t0, answer = time.monotonic(), b""
    stream = iter(data)
    while time.monotonic() - t0 < GIVE_UP:
        try:
            sock.sendall(bytes([next(stream, 32)]))
        except OSError:
            break
        try:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        except socket.timeout:
            pass
        except OSError:
            break
        time.sleep(every)
    return time.monotonic() - t0, answer


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(server):
    with connect(server) as sock:
        took, _ = trickle(sock, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000)
    assert took < DEADLINE + 1.5, f"still open after {took:.1f} s"


def test_a_connection_that_sends_nothing_is_closed(server):
    with connect(server) as sock:
        t0 = time.monotonic()
        sock.settimeout(GIVE_UP)
        assert sock.recv(1) == b""
    assert time.monotonic() - t0 < DEADLINE + 1.5


def test_the_next_head_on_a_kept_alive_connection_has_the_deadline_too(server):
    with connect(server) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.settimeout(5)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.settimeout(0.1)
        took, _ = trickle(sock, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000)
    assert took < DEADLINE + 1.5, f"still open after {took:.1f} s"


def test_a_body_sent_a_byte_at_a_time_gets_408(server):
    with connect(server) as sock:
        sock.sendall(b"POST /api/audits HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer x\r\nContent-Length: 1000\r\n\r\n")
        took, answer = trickle(sock, b'{"urls": ["' + b"a" * 900)
    assert answer.startswith(b"HTTP/1.1 408") and b"did not arrive within 1.5 s" in answer
    assert took < DEADLINE + 1.5


def test_a_prompt_client_is_served(server):
    with connect(server) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        sock.settimeout(5)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
