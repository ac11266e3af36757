"""Odd input gets a 4xx with one error shape, never a 500 or a traceback.

The app is driven without its lifespan (no browser, no store): every request here is
turned away before a route would need either.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.service.helpers import AUTH, app

JSON = {**AUTH, "content-type": "application/json"}
FORM = {**AUTH, "content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    service = app(tmp_path_factory.mktemp("errors"), max_body=4096)

    @service.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    return TestClient(service, raise_server_exceptions=False)


def error_of(response) -> dict:
    doc = response.json()
    assert set(doc) == {"error", "detail"} and set(doc["error"]) == {"code", "message"}, doc
    assert doc["detail"] == doc["error"]["message"]
    return doc["error"]


@pytest.mark.parametrize("body, field", [
    ('{"urls": ["http://127.0.0.1/"], "mobile": NaN}', "mobile"),
    ('{"urls": [NaN]}', "urls.0"),
    ('{"urls": [1e999]}', "urls.0"),
    ('{"urls": "http://127.0.0.1/"}', "urls"),
    ('{"urls": ["http://127.0.0.1/"], "standard": -Infinity}', "standard"),
    ('{"urls": ["http://127.0.0.1/"], "mobile": 123456789012345678901234567890}', "mobile"),
    ('{"urls": ["http://127.0.0.1/"], "evil": 1}', "evil"),
    ('{"urls": []}', "urls"),
])
def test_wrong_values_are_422_naming_the_field_without_echoing_them(client, body, field):
    response = client.post("/api/audits", content=body, headers=JSON)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid" and error["message"].startswith(f"{field}: ")
    assert "NaN" not in response.text and "Infinity" not in response.text and "1e999" not in response.text


@pytest.mark.parametrize("body", ["nope", "[1, 2]", '{"urls": ["a"', "\udcff".encode("utf-8", "surrogateescape"), ""])
def test_a_body_that_is_no_json_object_is_4xx(client, body):
    response = client.post("/api/audits", content=body, headers=JSON)
    assert response.status_code in (400, 422) and error_of(response)["code"] in ("bad_request", "invalid")


def test_a_form_with_more_fields_than_the_page_sends_is_a_readable_400(client):
    fields = "&".join(f"f{i}=1" for i in range(21))
    response = client.post("/audits", content=fields, headers=FORM)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert "the form has more than 20 fields" in response.text and "Traceback" not in response.text
    login = client.post("/login", content="&".join(f"token={i}" for i in range(6)), headers=FORM)
    assert login.status_code == 400 and "more than 5 fields" in login.text


def test_errors_of_the_api_share_one_shape(client):
    assert error_of(client.get("/api/nothing", headers=AUTH))["code"] == "not_found"
    assert error_of(client.get("/api/audits"))["code"] == "unauthorized"
    assert error_of(client.post("/api/audits", content="x" * 5000, headers=JSON))["code"] == "too_large"
    assert error_of(client.get("/api/audits", params={"limit": "many"}, headers=AUTH))["message"].startswith("limit: ")
    assert error_of(client.delete("/api/health"))["code"] == "method_not_allowed"
    page = client.get("/no-such-page", headers=AUTH)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_an_internal_error_is_500_without_a_traceback(client):
    response = client.get("/api/boom", headers=AUTH)
    assert response.status_code == 500 and error_of(response)["code"] == "internal"
    assert "secret internals" not in response.text and "Traceback" not in response.text
