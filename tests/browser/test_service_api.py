"""The web service's JSON API against the real app, with real audits of pages on loopback.

One app (one Chromium) for the module; the pages are served from tests/fixtures/service.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.fixtures.service.helpers import AUTH, HERE, TOKEN, app, submit, wait
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser
SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "results.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    pages = FaultServer(HERE)
    bad_images = [1, 3]  # problems in the first and the second audit of /changing

    def changing(handler):
        n = bad_images.pop(0) if bad_images else 2
        imgs = "".join(f'<img src="IMG_{i}.png" alt="IMG_{i}.png">' for i in range(n))
        handler.send_body(200, f'<!doctype html><html lang="en"><head><title>Changing</title></head>'
                               f'<body><main><h1>Changing</h1>{imgs}</main></body></html>'.encode())

    pages.add_route("/changing", changing)
    pages.start()
    service = app(tmp_path_factory.mktemp("service"), max_urls=3, max_body=4096)
    with TestClient(service) as client:
        yield SimpleNamespace(client=client, pages=pages, store=service.state.service.store)
    pages.stop()


@pytest.fixture(scope="module")
def audited(svc):
    """One audit of a plain page and a hostile one; the hostile URL carries markup in its query."""
    hostile = svc.pages.page("hostile.html") + "?q=\"><script>alert('url')</script>"
    response = svc.client.post("/api/audits", json={"urls": [svc.pages.url("/changing"), hostile]},
                               headers=AUTH)
    return SimpleNamespace(response=response, hostile=hostile, doc=wait(svc.client, response.json()["id"]))


def test_submitting_returns_202_and_an_id_at_once(svc, audited):
    r = audited.response
    assert r.status_code == 202
    body = r.json()
    assert body["status"] == "queued" and re.fullmatch(r"[0-9a-f]{16}", body["id"])
    assert r.headers["location"] == f"/api/audits/{body['id']}" == body["url"]


def test_a_finished_audit_carries_the_results_contract(audited):
    doc = audited.doc
    assert doc["status"] == "done" and doc["error"] is None
    assert doc["progress"] == {"done": 2, "total": 2}
    jsonschema.validate(doc["results"], SCHEMA)
    first, hostile = doc["results"]["pages"]
    assert first["status"] == hostile["status"] == "audited"
    assert hostile["requested_url"] == audited.hostile
    assert any(f["rule"] == "image-alt-filename" for f in hostile["findings"])


def test_results_are_null_until_the_audit_has_finished(svc):
    audit_id = submit(svc.client, svc.pages.page("changing.html"))
    early = svc.client.get(f"/api/audits/{audit_id}", headers=AUTH).json()
    assert early["status"] in ("queued", "running") and early["results"] is None and early["report"] is None


def test_the_report_is_served_with_a_policy_that_forbids_inline_script(svc, audited):
    audit_id = audited.doc["id"]
    r = svc.client.get(f"/api/audits/{audit_id}/report", headers=AUTH, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/api/audits/{audit_id}/report/"
    index = svc.client.get(f"/api/audits/{audit_id}/report/", headers=AUTH)
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    policy = dict(d.strip().split(" ", 1) for d in index.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'none'"
    assert index.headers["x-content-type-options"] == "nosniff"
    for path in ("pages/0002.html", "assets/report.css", "assets/report.js", "results.json"):
        assert svc.client.get(f"/api/audits/{audit_id}/report/{path}", headers=AUTH).status_code == 200, path
    shot = audited.doc["results"]["pages"][1]["screenshot"]
    image = svc.client.get(f"/api/audits/{audit_id}/report/{shot}", headers=AUTH)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    for path in ("../../../etc/passwd", "pages/../../x", "nothing.html"):
        assert svc.client.get(f"/api/audits/{audit_id}/report/{path}", headers=AUTH).status_code == 404


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<p>x</p>",
                                 "view-source:http://127.0.0.1/", "chrome://version", "ftp://127.0.0.1/"])
def test_other_schemes_are_refused_with_400_even_when_private_addresses_are_allowed(svc, url):
    before = len(svc.store.recent(100))
    r = svc.client.post("/api/audits", json={"urls": [url]}, headers=AUTH)
    assert r.status_code == 400 and "only http and https" in r.json()["detail"]
    assert len(svc.store.recent(100)) == before  # never an audit


def test_limits_on_urls_body_and_fields(svc):
    url = svc.pages.page("changing.html")
    too_many = svc.client.post("/api/audits", json={"urls": [url] * 4}, headers=AUTH)
    assert too_many.status_code == 400 and "at most 3 URLs" in too_many.json()["detail"]
    huge = svc.client.post("/api/audits", content=json.dumps({"urls": [url + "?" + "x" * 5000]}),
                           headers={**AUTH, "content-type": "application/json"})
    assert huge.status_code == 413

    def chunks():  # no Content-Length: the limit must count what streams in
        for _ in range(10):
            yield b" " * 1000

    streamed = svc.client.post("/api/audits", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert streamed.status_code == 413
    assert svc.client.post("/api/audits", json={"urls": [url], "evil": 1}, headers=AUTH).status_code == 422
    bad = svc.client.post("/api/audits", json={"urls": [url], "standard": "WCAG9"}, headers=AUTH)
    assert bad.status_code == 400 and "standard" in bad.json()["detail"]
    assert svc.client.post("/api/audits", json={"urls": []}, headers=AUTH).status_code == 422


def test_the_api_needs_the_bearer_token(svc, audited):
    audit_id = audited.doc["id"]
    for method, path in (("post", "/api/audits"), ("get", f"/api/audits/{audit_id}"), ("get", "/api/audits"),
                         ("get", f"/api/audits/{audit_id}/report/"), ("get", f"/api/audits/{audit_id}/report/results.json"),
                         ("get", "/api/history?url=x")):
        for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN}):
            r = getattr(svc.client, method)(path, headers=headers, **({"json": {"urls": ["http://127.0.0.1/"]}}
                                                                      if method == "post" else {}))
            assert r.status_code == 401, (path, headers)
    assert svc.client.get("/api/health").status_code == 200
    assert svc.client.get("/api/health").json()["browser"].startswith("Chromium")


def test_the_web_page_needs_the_token_once_then_a_cookie(svc):
    client = svc.client
    assert client.get("/").status_code == 401 and 'name="token"' in client.get("/").text
    assert client.post("/audits", content="urls=http%3A%2F%2F127.0.0.1%2F").status_code == 401
    wrong = client.post("/login", content="token=nope", headers={"content-type": "application/x-www-form-urlencoded"})
    assert wrong.status_code == 401 and "not right" in wrong.text
    right = client.post("/login", content=f"token={TOKEN}", follow_redirects=False,
                        headers={"content-type": "application/x-www-form-urlencoded"})
    assert right.status_code == 303
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    try:
        page = client.get("/")
        assert page.status_code == 200 and 'action="/audits"' in page.text
        token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
        form = client.post("/audits", content=f"urls={svc.pages.page('changing.html')}&standard=WCAG2.1AA"
                                              f"&form_token={token}",
                           headers={"content-type": "application/x-www-form-urlencoded"}, follow_redirects=False)
        assert form.status_code == 303 and form.headers["location"].startswith("/audits/")
        doc = client.get("/api/audits/" + form.headers["location"].rsplit("/", 1)[1]).json()  # by the cookie
        assert doc["options"] == {"standard": "WCAG2.1AA", "mobile": False} and doc["urls"] == [
            svc.pages.page("changing.html")]
        refused = client.post("/audits", content=f"urls=file%3A%2F%2F%2Fetc%2Fpasswd&form_token={token}",
                              headers={"content-type": "application/x-www-form-urlencoded"})
        assert refused.status_code == 400 and "only http and https" in refused.text
    finally:
        client.cookies.clear()


def test_history_per_url_shows_whether_problems_went_up_or_down(svc, audited):
    url = svc.pages.url("/changing")
    first = audited.doc  # its first page is /changing, with one problem
    second = wait(svc.client, submit(svc.client, url))  # with three
    history = svc.client.get("/api/history", params={"url": url}, headers=AUTH).json()
    assert [h["audit_id"] for h in history] == [second["id"], first["id"]]
    assert history[0]["failed"] > history[1]["failed"]
    page = svc.client.get(f"/audits/{second['id']}", headers=AUTH).text
    assert f"Up from {history[1]['failed']}" in page
    assert f'href="/audits/{first["id"]}"' in page  # the earlier audit is listed and linked


def test_hostile_titles_alt_text_and_urls_are_escaped_on_every_page(svc, audited):
    audit_id = audited.doc["id"]
    pages = {
        "index": svc.client.get("/", headers=AUTH).text,
        "audit": svc.client.get(f"/audits/{audit_id}", headers=AUTH).text,
        "report": svc.client.get(f"/api/audits/{audit_id}/report/", headers=AUTH).text,
        "page report": svc.client.get(f"/api/audits/{audit_id}/report/pages/0002.html", headers=AUTH).text,
    }
    for name, html in pages.items():
        assert "<script>alert" not in html and "<img src=x" not in html, name
    assert "&lt;script&gt;alert(&#39;url&#39;)&lt;/script&gt;" in pages["audit"]
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;&lt;img src=x" in pages["audit"]
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages["page report"]
    assert 'href="javascript:' not in pages["page report"]


def test_unknown_audits_are_404(svc):
    assert svc.client.get("/api/audits/0123456789abcdef", headers=AUTH).status_code == 404
    assert svc.client.get("/api/audits/../../etc", headers=AUTH).status_code == 404
    assert svc.client.get("/audits/nope", headers=AUTH).status_code == 404


def test_an_audit_whose_pages_all_failed_is_failed_and_says_why(svc):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/gone.html"
    doc = wait(svc.client, submit(svc.client, closed, svc.pages.url("/fault/status/404")))
    assert doc["status"] == "failed"
    assert doc["error"].startswith("no page could be audited (")  # the first page's error follows
    assert [p["status"] for p in doc["results"]["pages"]] == ["error", "error"]
    page = svc.client.get(f"/audits/{doc['id']}", headers=AUTH)
    assert 'class="status status-failed"' in page.text and "Done" not in page.text


def test_the_webhook_is_called_signed_when_the_audit_ends_and_retried_once_it_fails(tmp_path_factory):
    import hashlib
    import hmac
    import http.server
    import threading

    received, answers = [], [503]  # the first call fails; the retry succeeds

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers.get("X-Auditor-Signature"), body))
            self.send_response(answers.pop(0) if answers else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hooks/a11y?team=news"
    pages = FaultServer(HERE)
    pages.start()
    secret = "webhook-test-secret"
    try:
        with TestClient(app(tmp_path_factory.mktemp("hook"), webhook_secret=secret)) as client:
            audit_id = submit(client, pages.url("/fault/status/404"), webhook=hook)
            doc = wait(client, audit_id)
            deadline = time.monotonic() + 30
            while len(received) < 2 and time.monotonic() < deadline:  # the retry waits its backoff
                time.sleep(0.1)
    finally:
        receiver.shutdown()
        pages.stop()
    assert len(received) == 2  # one failed call, one retry, then no more
    path, sig, body = received[-1]
    assert path == "/hooks/a11y?team=news"
    assert sig == "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert json.loads(body) == {"event": "audit.finished", "id": audit_id, "status": doc["status"],
                                "error": doc["error"], "url": f"/api/audits/{audit_id}"}


def test_a_webhook_is_refused_without_a_secret_or_to_a_guarded_address(svc, tmp_path_factory):
    r = svc.client.post("/api/audits", json={"urls": [svc.pages.page("hostile.html")],
                                             "webhook": "http://127.0.0.1:9/x"}, headers=AUTH)
    assert r.status_code == 400 and "AUDITOR_WEBHOOK_SECRET" in r.json()["error"]["message"]
    from auditor.service.guard import Guard

    # news.test is public, hooks.test private (127.0.0.2): refused before anything is queued or sent
    guard = Guard(resolver=lambda host, _port: {"news.test": ["93.184.216.34"], "hooks.test": ["127.0.0.2"]}[host])
    with TestClient(app(tmp_path_factory.mktemp("guarded"), guard, allow_private=False,
                        webhook_secret="webhook-test-secret")) as client:
        r = client.post("/api/audits", json={"urls": ["http://news.test/a"], "webhook": "http://hooks.test/x"},
                        headers=AUTH)
    assert r.status_code == 400 and r.json()["error"]["code"] == "refused"
    assert r.json()["error"]["message"].startswith("webhook: refused")
