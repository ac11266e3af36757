"""Sign-in, sessions, form tokens, the same-origin rule and trusted Host names of the web service.

No browser: the app runs with an idle job runner (audits stay queued). The cross-origin
post from a real browser is in tests/browser/test_service_web.py.
"""
from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from auditor.service.sessions import COOKIE, LoginThrottle, Sessions
from tests.fixtures.service.helpers import AUTH, TOKEN, offline

FORM = {"content-type": "application/x-www-form-urlencoded"}
PAGE = "http://127.0.0.1:9/article"


@pytest.fixture
def service(tmp_path):
    return offline(tmp_path)


@pytest.fixture
def client(service):
    return TestClient(service, base_url="http://127.0.0.1:8000")


def sign_in(client) -> str:
    """Sign in through the form; returns the form token of the page that follows."""
    response = client.post("/login", content=f"token={TOKEN}", headers=FORM, follow_redirects=False)
    assert response.status_code == 303, response.text
    return form_token(client.get("/").text)


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def audits(service) -> int:
    return len(service.state.service.store.recent(100))


def test_the_cookie_holds_a_random_session_id_that_expires_not_the_token(client, service):
    first = client.post("/login", content=f"token={TOKEN}", headers=FORM, follow_redirects=False)
    cookie = first.headers["set-cookie"]
    assert TOKEN not in cookie
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Path=/" in cookie
    assert f"Max-Age={int(service.state.service.config.session_lifetime)}" in cookie
    session_id = client.cookies[COOKIE]
    client.cookies.clear()
    client.post("/login", content=f"token={TOKEN}", headers=FORM, follow_redirects=False)
    assert client.cookies[COOKIE] != session_id and len(session_id) >= 40
    assert client.get("/").status_code == 200
    service.state.service.sessions.get(client.cookies[COOKIE]).expires = time.time() - 1
    assert client.get("/").status_code == 401  # an expired session signs nobody in
    client.cookies.set(COOKIE, TOKEN)
    assert client.get("/").status_code == 401  # the token itself is no session id


def test_logout_ends_the_session(client):
    token = sign_in(client)
    assert "Sign out" in client.get("/").text
    session_id = client.cookies[COOKIE]
    out = client.post("/logout", content=f"form_token={token}", headers=FORM, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert 'auditor_session=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    client.cookies.set(COOKIE, session_id)
    assert client.get("/").status_code == 401
    assert client.get("/api/audits").status_code == 401


def test_failed_sign_ins_are_limited_per_client(client):
    for _ in range(5):
        assert client.post("/login", content="token=wrong-token", headers=FORM).status_code == 401
    blocked = client.post("/login", content=f"token={TOKEN}", headers=FORM)  # even the right token, for now
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["retry-after"]) <= 61
    assert "too many wrong tokens" in blocked.text


def test_the_limit_counts_failures_in_a_sliding_window():
    throttle = LoginThrottle(failures=2, window=0.3)
    throttle.failed("a")
    assert throttle.retry_after("a") is None
    throttle.failed("a")
    assert throttle.retry_after("a") == 1 and throttle.retry_after("b") is None
    time.sleep(0.35)
    assert throttle.retry_after("a") is None


def test_sessions_expire_and_end():
    sessions = Sessions(lifetime=0.2)
    session = sessions.create(signed_in=True)
    assert sessions.get(session.id) is session and session.accepts(session.form_token)
    assert not session.accepts("forged")
    time.sleep(0.25)
    assert sessions.get(session.id) is None
    other = sessions.create(signed_in=True)
    sessions.end(other.id)
    assert sessions.get(other.id) is None


def test_the_form_needs_its_session_token(client, service):
    token = sign_in(client)
    for body in (f"urls={PAGE}", f"urls={PAGE}&form_token=forged", f"urls={PAGE}&form_token="):
        refused = client.post("/audits", content=body, headers=FORM)
        assert refused.status_code == 403 and "did not come from this service" in refused.text
    assert audits(service) == 0
    accepted = client.post("/audits", content=f"urls={PAGE}&form_token={token}", headers=FORM,
                           follow_redirects=False)
    assert accepted.status_code == 303 and audits(service) == 1


def test_without_a_token_the_form_still_needs_its_session_token(tmp_path):
    service = offline(tmp_path, token=None)
    client = TestClient(service, base_url="http://127.0.0.1:8000")
    assert client.post("/audits", content=f"urls={PAGE}", headers=FORM).status_code == 403
    token = form_token(client.get("/").text)  # the page hands out a session of its own
    ok = client.post("/audits", content=f"urls={PAGE}&form_token={token}", headers=FORM, follow_redirects=False)
    assert ok.status_code == 303 and audits(service) == 1


@pytest.mark.parametrize("headers", [
    {"Origin": "http://127.0.0.1:9999"}, {"Origin": "https://127.0.0.1:8000.evil.example"}, {"Origin": "null"},
    {"Sec-Fetch-Site": "same-site"}, {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-site"},
])
def test_state_changing_requests_from_another_origin_are_refused(client, service, headers):
    """Even with the session's cookie and form token: another port of the same host is another origin."""
    token = sign_in(client)
    for path, body in (("/audits", f"urls={PAGE}&form_token={token}"), ("/logout", f"form_token={token}"),
                       ("/login", f"token={TOKEN}")):
        refused = client.post(path, content=body, headers={**FORM, **headers})
        assert refused.status_code == 403 and "its own pages only" in refused.text, path
    api = client.post("/api/audits", json={"urls": [PAGE]}, headers=headers)  # by the cookie
    assert api.status_code == 403 and api.json()["error"]["code"] == "cross_origin"
    assert audits(service) == 0


def test_same_origin_forms_and_bearer_api_calls_pass(client, service):
    token = sign_in(client)
    own = {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"}
    form = client.post("/audits", content=f"urls={PAGE}&form_token={token}", headers={**FORM, **own},
                       follow_redirects=False)
    assert form.status_code == 303
    client.cookies.clear()
    api = client.post("/api/audits", json={"urls": [PAGE]}, headers={**AUTH, "Origin": "http://elsewhere.example"})
    assert api.status_code == 202  # a bearer header is no browser's ambient credential
    assert audits(service) == 2


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2:8000", "[::2]:8000", ""])
def test_host_headers_the_service_does_not_answer_to_get_400(client, host):
    """DNS rebinding: a page whose name now points at the service sends its own name as Host."""
    for path in ("/", "/api/health", "/api/audits"):
        response = client.get(path, headers={**AUTH, "Host": host})
        assert response.status_code == 400 and "Host header" in response.text, (path, host)


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]:8000", "testserver"])
def test_trusted_host_names_are_answered(client, host):
    assert client.get("/api/health", headers={"Host": host}).status_code == 200
