"""The API reference at /docs: rendered by the service, nothing from elsewhere, the pages' CSP."""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from auditor.service.limits import PAGE_CSP
from tests.fixtures.service.helpers import app


def test_the_api_reference_needs_no_internet_and_has_the_pages_policy(tmp_path):
    client = TestClient(app(tmp_path))
    docs = client.get("/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    assert docs.headers["content-security-policy"] == PAGE_CSP
    assert re.findall(r'(?:src|href|action)="(?!/|#)([^"]*)"', docs.text) == []  # only the service's own files
    assert "<script" not in docs.text and " style=" not in docs.text
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method in operations:
            assert f"<code>{method.upper()} {path}</code>" in docs.text
    assert "urls" in docs.text and "http or https URLs of the pages to audit" in docs.text
    assert client.get("/redoc").status_code == 404 and client.get("/docs/oauth2-redirect").status_code == 404


def test_the_openapi_document_describes_the_one_error_shape(tmp_path):
    spec = TestClient(app(tmp_path)).get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    invalid = spec["paths"]["/api/audits"]["post"]["responses"]["422"]
    assert invalid["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert spec["components"]["schemas"]["Error"]["required"] == ["error", "detail"]
