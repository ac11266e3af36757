"""The address guard in a real browser: redirects, sub-requests and names can't reach inside.

The audited pages are on 127.0.0.1, which the test guard allows by an allowlist; the
"private" host the guard must keep out is another loopback address, 127.0.0.2, whose
server counts every connection. Host names resolve through the guard's injected resolver
only: Chromium reaches no DNS server, and nothing leaves the machine.
"""
from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from auditor.errors import GatherError
from auditor.gather import GatherOptions, bundled_axe, gather_page
from auditor.service.guard import Guard
from tests.fixtures.service.helpers import AUTH, HERE, HostServer, app, submit, wait

pytestmark = pytest.mark.browser


class Inside(HostServer):
    """The private host: counts connections, so even a TLS hello or a refused request shows."""

    def __init__(self):
        super().__init__(HERE, "127.0.0.2")
        self.connections = 0
        lock = threading.Lock()

        def count(_request, _address):
            with lock:
                self.connections += 1
            return True

        self._server.verify_request = count


@pytest.fixture(scope="module")
def inside():
    server = Inside()
    server.start()
    yield server
    server.stop()


def redirect(to: str):
    def handle(handler):
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return handle


@pytest.fixture(scope="module")
def routes(site, inside):
    port = inside.base.rsplit(":", 1)[1]
    secret = inside.url("/pages/hostile.html")
    urls = SimpleNamespace(
        redirect=site.add_route("/ssrf/redirect", redirect(secret)),
        redirect_https=site.add_route("/ssrf/redirect-https", redirect(f"https://127.0.0.2:{port}/")),
        redirect_name=site.add_route("/ssrf/redirect-name", redirect(f"http://inside.test:{port}/")),
        redirect_twice=site.add_route("/ssrf/redirect-twice", redirect("/ssrf/redirect")),
        secret=secret, port=port,
    )
    hop = site.url("/ssrf/redirect")

    def page(handler):
        body = f"""<!doctype html><html lang="en"><head><title>Sub-requests</title>
<link rel="stylesheet" href="{secret}?css"><script src="{secret}?js"></script></head>
<body><main><h1>Sub-requests</h1>
<img src="{secret}?img" alt="direct"><img src="{hop}?img" alt="via a redirect">
<img src="http://inside.test:{port}/?name" alt="by name"><img src="http://0x7f000002:{port}/?hex" alt="hex">
<iframe src="{secret}?frame" title="direct frame"></iframe><iframe src="{hop}?frame" title="redirected frame"></iframe>
<script>
fetch("{secret}?fetch").catch(() => 0);
fetch("{hop}?fetch").catch(() => 0);
fetch("https://127.0.0.2:{port}/?tls").catch(() => 0);
try {{ new WebSocket("ws://127.0.0.2:{port}/ws"); }} catch (e) {{}}
navigator.sendBeacon("{secret}?beacon", "x");
</script></main></body></html>"""
        handler.send_body(200, body.encode())

    def direct(handler):  # first URLs only, which Playwright's routing sees (websockets it does not)
        body = f"""<!doctype html><html lang="en"><head><title>Direct</title><script src="{secret}?js"></script>
<link rel="stylesheet" href="{secret}?css"></head><body><main><h1>Direct</h1>
<img src="{secret}?img" alt="direct"><img src="http://0x7f000002:{port}/?hex" alt="hex">
<iframe src="{secret}?frame" title="direct frame"></iframe>
<script>fetch("{secret}?fetch").catch(() => 0);</script></main></body></html>"""
        handler.send_body(200, body.encode())

    def later(how):  # a page that sends itself to the private host once it has loaded
        def handle(handler):
            head = f'<meta http-equiv="refresh" content="1;url={secret}">' if how == "meta" else ""
            script = f"<script>setTimeout(() => {{ location.href = {how!r}; }}, 300);</script>" if how != "meta" else ""
            handler.send_body(200, f"""<!doctype html><html lang="en"><head><title>Leaving</title>{head}</head>
<body><main><h1>Leaving</h1><p>This page goes elsewhere.</p>{script}</main></body></html>""".encode())
        return handle

    urls.navigations = [site.add_route("/ssrf/meta-refresh", later("meta")),
                        site.add_route("/ssrf/script-navigation", later(secret)),
                        site.add_route("/ssrf/script-navigation-name", later(f"http://inside.test:{port}/"))]
    urls.subrequests = site.add_route("/ssrf/subrequests", page)
    urls.direct = site.add_route("/ssrf/direct", direct)
    return urls


@pytest.fixture(scope="module")
def svc(tmp_path_factory, routes):
    names = {"outside.test": ["127.0.0.1"], "inside.test": ["127.0.0.2"]}

    def resolver(host, port):
        if host not in names:
            raise OSError(-2, "Name or service not known")
        return names[host]

    guard = Guard(allow=["127.0.0.1/32"], resolver=resolver)  # the pages' host passes, nothing else private
    service = app(tmp_path_factory.mktemp("ssrf"), guard=guard, allow_private=False)
    with TestClient(service) as client:
        yield SimpleNamespace(client=client, guard=guard, proxy=service.state.service.runner.proxy)


def test_private_targets_are_refused_at_submission(svc, inside, routes):
    for url in (routes.secret, f"http://0x7f000002:{routes.port}/", f"http://inside.test:{routes.port}/",
                f"http://[::ffff:127.0.0.2]:{routes.port}/", f"http://localhost:{routes.port}/"):
        r = svc.client.post("/api/audits", json={"urls": [url]}, headers=AUTH)
        assert r.status_code == 400 and r.json()["detail"].startswith("refused"), url
    assert inside.connections == 0


def test_redirects_into_a_private_address_are_refused_pages_and_never_followed(svc, inside, routes):
    before = inside.connections
    urls = [routes.redirect, routes.redirect_twice, routes.redirect_https, routes.redirect_name]
    doc = wait(svc.client, submit(svc.client, *urls))
    assert doc["status"] == "failed"  # no page could be audited: each was refused
    for page in doc["results"]["pages"]:
        assert page["status"] == "error" and page["error"]["kind"] == "refused", page
    assert inside.connections == before


def test_a_page_that_navigates_itself_to_a_private_address_is_refused_not_audited(svc, inside, routes):
    """By script or meta refresh after load: Chromium's error page for the blocked navigation
    must not be audited as if it were the page."""
    before = inside.connections
    doc = wait(svc.client, submit(svc.client, *routes.navigations))
    for page in doc["results"]["pages"]:
        assert page["status"] == "error" and page["error"]["kind"] == "refused", page
        assert "navigated to" in page["error"]["message"] and "not allowed" in page["error"]["message"]
    by_name = doc["results"]["pages"][2]["error"]["message"]
    assert "inside.test is not allowed" in by_name and "127.0.0.2" not in by_name  # its address stays unsaid
    assert inside.connections == before


def test_no_request_of_a_page_reaches_a_private_address(svc, inside, routes):
    before = inside.connections
    doc = wait(svc.client, submit(svc.client, routes.subrequests))
    page = doc["results"]["pages"][0]
    assert page["status"] == "audited" and page["title"] == "Sub-requests"
    assert inside.connections == before
    assert any("127.0.0.2" in line for line in svc.proxy.refused)  # the proxy stopped the redirect hops


def test_host_names_resolve_through_the_guard_only(svc, site, inside):
    """outside.test exists only in the guard's resolver: the page loads because the proxy
    connects to the address the guard checked; Chromium never resolves a name itself."""
    url = site.page("basic.html").replace("127.0.0.1", "outside.test")
    doc = wait(svc.client, submit(svc.client, url))
    assert doc["results"]["pages"][0]["status"] == "audited", doc["results"]["pages"][0]["error"]
    assert doc["results"]["pages"][0]["title"] == "Basic article"


def test_the_gatherer_alone_refuses_sub_requests_and_redirect_hops(chromium, inside, routes):
    """Without the proxy (the gatherer's own guard hook): first URLs are blocked by routing,
    and a main-frame redirect into a private address still ends as a refused page."""
    opts = GatherOptions(axe_source=bundled_axe(), url_guard=Guard(allow=["127.0.0.1/32"]).check, timeout=15)
    before = inside.total_hits()
    artifacts = chromium.call(gather_page(chromium.browser, routes.direct, opts))
    assert artifacts.title == "Direct"
    assert inside.total_hits() == before  # no request; Chromium may still open a bare connection (preconnect)
    with pytest.raises(GatherError) as refused:
        chromium.call(gather_page(chromium.browser, routes.redirect, opts))
    assert refused.value.kind == "refused" and "127.0.0.2" in str(refused.value)
