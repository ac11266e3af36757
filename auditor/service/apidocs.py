"""The API reference at /docs, rendered by the service itself from its OpenAPI document.

FastAPI's /docs loads Swagger UI from a CDN with an inline script: blank without internet,
and outside the pages' Content-Security-Policy. This page is plain HTML from a template,
with the same stylesheet and policy as the rest of the service.
"""
from __future__ import annotations

from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
ERROR_SCHEMA = {
    "title": "Error", "type": "object", "required": ["error", "detail"],
    "description": "Every error of the service has this shape.",
    "properties": {
        "error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "description": "stable, machine-readable: invalid, refused, unauthorized, …"},
            "message": {"type": "string", "description": "one line for people"}}},
        "detail": {"type": "string", "description": "the message again"},
    },
}


def with_error_shape(spec: dict[str, Any]) -> dict[str, Any]:
    """The document with the service's one error shape for every 4xx and 5xx (not FastAPI's own)."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Error"] = ERROR_SCHEMA
    for operations in spec.get("paths", {}).values():
        for method in METHODS:
            for status, response in operations.get(method, {}).get("responses", {}).items():
                if status[:1] in ("4", "5"):
                    response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                    if response.get("description") == "Validation Error":
                        response["description"] = "a field is missing or has the wrong type"
    return spec


def _type(schema: dict[str, Any], spec: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items') or {}, spec)}"
    if "anyOf" in schema:
        return " or ".join(_type(s, spec) for s in schema["anyOf"])
    return schema.get("type", "any")


def _fields(ref: str, spec: dict[str, Any]) -> list[dict[str, Any]]:
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    required = set(schema.get("required", ()))
    return [{"name": name, "type": _type(field, spec), "required": name in required,
             "default": field.get("default"), "description": field.get("description", "")}
            for name, field in schema.get("properties", {}).items()]


def reference(spec: dict[str, Any]) -> dict[str, Any]:
    """Plain data for the template: the operations, their parameters, bodies and answers."""
    operations = []
    for path, ops in spec.get("paths", {}).items():
        for method in METHODS:
            op = ops.get(method)
            if op is None:
                continue
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "anchor": op.get("operationId", path),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "type": _type(p.get("schema", {}), spec), "default": p.get("schema", {}).get("default")}
                               for p in op.get("parameters", [])],
                "body": _fields(body["$ref"], spec) if "$ref" in body else [],
                "responses": [{"status": status, "description": r.get("description", "")}
                              for status, r in sorted(op.get("responses", {}).items())],
            })
    info = spec.get("info", {})
    return {"title": info.get("title", ""), "version": info.get("version", ""),
            "description": info.get("description", ""), "operations": operations,
            "error": _fields("#/components/schemas/Error", spec) if "Error" in spec["components"]["schemas"] else []}
