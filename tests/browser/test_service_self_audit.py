"""An audited page must not drive the service that audits it, even with --allow-private.

The service runs under uvicorn on a loopback port with no token and private addresses
allowed, the setting in which its own address would otherwise pass the guard. Every
request the audited page aims at the service carries `from=page`; the service counts
what arrives.
"""
from __future__ import annotations

import httpx2
import pytest

from tests.fixtures.service.helpers import HERE, LiveServer, app, wait
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser


class Counting:
    """The app, counting the requests that reach it with `from=page` in their query."""

    def __init__(self, inner):
        self.inner = inner
        self.from_page: list[str] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and b"from=page" in scope.get("query_string", b""):
            self.from_page.append(f"{scope['method']} {scope['path']}")
        await self.inner(scope, receive, send)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    pages = FaultServer(HERE)
    pages.start()
    service = app(tmp_path_factory.mktemp("self"), token=None, allow_private=True)
    counting = Counting(service)
    server = LiveServer(counting).start()
    yield server, pages, counting, service.state.service.store
    server.stop()
    pages.stop()


def attack_page(svc_port: int) -> str:
    own = [f"http://127.0.0.1:{svc_port}", f"http://localhost:{svc_port}", f"http://[::ffff:127.0.0.1]:{svc_port}",
           f"http://2130706433:{svc_port}", f"http://127.0.0.2:{svc_port}", f"http://[::1]:{svc_port}"]
    body = {"urls": ["http://127.0.0.1:1/again"]}
    posts = "".join(f"fetch('{o}/api/audits?from=page', {{method: 'POST', mode: 'no-cors', "
                    f"headers: {{'Content-Type': 'text/plain'}}, body: JSON.stringify({body})}}).catch(() => 0);"
                    for o in own)
    imgs = "".join(f'<img src="{o}/api/health?from=page" alt="">' for o in own)
    return f"""<!doctype html><html lang="en"><head><title>Self</title></head><body><main><h1>Self</h1>{imgs}
<iframe name="sink" title="sink"></iframe>
<form id="f" method="post" action="{own[0]}/audits?from=page" target="sink"><input name="urls" value="http://127.0.0.1:1/"></form>
<script>{posts} document.getElementById('f').submit();
new WebSocket('ws://127.0.0.1:{svc_port}/ws?from=page');</script></main></body></html>"""


def test_an_audited_page_cannot_reach_the_service_itself(live):
    server, pages, counting, store = live
    attack = pages.add_route("/self/attack", lambda h: h.send_body(200, attack_page(server.port).encode()))
    goes_home = pages.add_route("/self/home", lambda h: h.send_body(200, (
        f'<!doctype html><html lang="en"><head><title>Home</title></head><body><main><h1>Home</h1>'
        f'<script>setTimeout(() => {{ location.href = "{server.base}/?from=page"; }}, 200);</script>'
        f'</main></body></html>').encode()))
    with httpx2.Client(base_url=server.base, timeout=30) as client:
        response = client.post("/api/audits", json={"urls": [attack, f"{server.base}/?from=page"]})
        assert response.status_code == 400 and "service's own address" in response.json()["detail"]
        audit_id = client.post("/api/audits", json={"urls": [attack, goes_home]}).json()["id"]
        doc = wait(client, audit_id)
    first, second = doc["results"]["pages"]
    assert first["status"] == "audited", first["error"]
    assert second["status"] == "error" and second["error"]["kind"] == "refused", second
    assert counting.from_page == []
    assert [a["id"] for a in store.recent(100)] == [audit_id]
