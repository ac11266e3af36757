"""WebRTC must not send a datagram past the guard, nor show a page the machine's addresses.

A page creates an RTCPeerConnection whose STUN and TURN servers are at 127.0.0.2:PORT, where
a UDP socket counts datagrams and a TCP listener counts connections (TURN over TCP), and
gathers ICE candidates. Unfixed, Chromium sent 12 datagrams per page and gave the page two
host candidates.
"""
from __future__ import annotations

import socket
import threading

import pytest
from fastapi.testclient import TestClient

from auditor.service.guard import Guard
from tests.fixtures.service.helpers import app, submit, wait

pytestmark = pytest.mark.browser


class Turn:
    """UDP and TCP on one port of 127.0.0.2, counting what arrives."""

    def __init__(self):
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.2", 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.create_server(("127.0.0.2", self.port))
        self.datagrams = self.connections = 0
        threading.Thread(target=self._datagrams, daemon=True).start()
        threading.Thread(target=self._connections, daemon=True).start()

    def _datagrams(self):
        while True:
            try:
                self.udp.recvfrom(4096)
            except OSError:
                return
            self.datagrams += 1

    def _connections(self):
        while True:
            try:
                conn, _ = self.tcp.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.udp.close()
        self.tcp.close()


@pytest.fixture(scope="module")
def turn():
    server = Turn()
    yield server
    server.close()


def rtc_page(port: int) -> bytes:
    """Gathers candidates into window.ice; its title says what it could see."""
    return f"""<!doctype html><html lang="en"><head><title>RTC</title></head><body><main><h1>RTC</h1><script>
window.ice = new Promise(resolve => {{
  if (!window.RTCPeerConnection) {{ document.title = "RTC: no RTCPeerConnection"; return resolve(null); }}
  const pc = new RTCPeerConnection({{iceServers: [{{urls: "stun:127.0.0.2:{port}"}},
    {{urls: ["turn:127.0.0.2:{port}?transport=udp", "turn:127.0.0.2:{port}?transport=tcp"],
      username: "u", credential: "p"}}]}});
  const found = [];
  const done = () => {{ document.title = "RTC: " + found.length + " candidates"; resolve(found); }};
  pc.onicecandidate = e => e.candidate ? found.push(e.candidate.candidate) : done();
  pc.createDataChannel("x");
  pc.createOffer().then(offer => pc.setLocalDescription(offer));
  setTimeout(done, 10000);
}});
</script></main></body></html>""".encode()


@pytest.fixture(scope="module")
def rtc_url(site, turn):
    return site.add_route("/webrtc", lambda handler: handler.send_body(200, rtc_page(turn.port)))


def test_the_browser_sends_no_webrtc_datagram_and_shows_no_candidate(chromium, turn, rtc_url):
    """Chromium's IP-handling policy alone (no init script here): what the page can read, and what arrives."""
    async def gather():
        context = await chromium.browser.new_context()
        try:
            page = await context.new_page()
            await page.goto(rtc_url)
            return await page.evaluate("window.ice")
        finally:
            await context.close()

    before = turn.datagrams
    candidates = chromium.call(gather())
    assert candidates == []  # no host, srflx or relay candidate: no address of the machine
    # TURN over TCP is an ordinary connection: this browser has no proxy (as the CLI's), so it may
    # reach 127.0.0.2 like any request; the service's goes through the guard (next test).
    assert turn.datagrams == before


def test_a_page_audited_by_the_service_has_no_webrtc_and_sends_nothing(tmp_path, turn, rtc_url):
    guard = Guard(allow=["127.0.0.1/32"])
    with TestClient(app(tmp_path, guard=guard, allow_private=False)) as client:
        before = turn.datagrams, turn.connections
        doc = wait(client, submit(client, rtc_url))
    page = doc["results"]["pages"][0]
    assert page["status"] == "audited", page["error"]
    assert page["title"] == "RTC: no RTCPeerConnection"  # the init script, defence in depth
    assert (turn.datagrams, turn.connections) == before
