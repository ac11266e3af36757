"""JSON Schema of the artifacts file, generated from the fact types (never written by hand).

    python -m auditor.facts.schema > docs/artifacts.schema.json

tests/unit/test_facts.py fails when the committed schema is stale; the browser tests validate
what the page scripts return against `page_facts_schema()`. Every field of a record is required
and no other key is allowed: a script that drops, renames or adds a field fails them. Only the
fields a kind of fact fills may be missing (when that kind was not collected).
"""
from __future__ import annotations

import dataclasses
import json
import typing
from typing import Any

from auditor.facts.record import hints, is_record, optional_parts

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PRIMITIVES = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _description(cls: type) -> str | None:
    doc = cls.__dict__.get("__doc__") or ""
    if not doc or doc.startswith(f"{cls.__name__}("):  # the signature dataclasses write when there is no docstring
        return None
    return " ".join(doc.split())


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp is Any:
        return {}
    if tp in PRIMITIVES:
        return {"type": PRIMITIVES[tp]}
    parts = optional_parts(tp)
    if parts is not None:
        if all(p in PRIMITIVES for p in parts):
            return {"type": [PRIMITIVES[p] for p in parts]}
        return {"anyOf": [_type(p, defs) for p in parts]}
    if is_record(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # claimed first: a record may refer to itself
            defs[tp.__name__] = _object(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (tuple, list):
        return {"type": "array", "items": _type(args[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1], defs)}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    fields = dataclasses.fields(cls)
    out: dict[str, Any] = {"type": "object"}
    description = _description(cls)
    if description:
        out["description"] = description
    out["properties"] = {f.name: _type(hints(cls)[f.name], defs) for f in fields}
    out["required"] = [f.name for f in fields if not f.metadata.get("collected")]
    out["additionalProperties"] = False
    return out


def schema_of(cls: type, title: str, schema_id: str) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    body = _object(cls, defs)
    return {"$schema": DRAFT, "$id": schema_id, "title": title, **body, "$defs": dict(sorted(defs.items()))}


def page_facts_schema() -> dict[str, Any]:
    """What the page scripts return (Artifacts.article)."""
    from auditor.facts.page import PageFacts

    return schema_of(PageFacts, "auditor page facts", "https://auditor.example/schemas/page-facts.json")


def artifacts_schema() -> dict[str, Any]:
    """One page's artifacts file (--save-artifacts), as this version writes it."""
    from auditor.model import ARTIFACTS_SCHEMA, Artifacts

    schema = schema_of(Artifacts, f"auditor artifacts ({ARTIFACTS_SCHEMA})", "https://auditor.example/schemas/artifacts.json")
    schema["properties"]["schema"] = {"const": ARTIFACTS_SCHEMA}
    return schema


def text() -> str:
    return json.dumps(artifacts_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(text())
