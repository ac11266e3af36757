"""Rule cases as data: one JSON file per rule family (tests/unit/cases/<family>.json).

    {"family": "alt_text",
     "templates": {"images": {...one image's default facts...}, "texts.controls": {...}, ...},
     "page": {...page facts every case starts from...},
     "cases": [{"name": "...", "article": {...}, "url": "...", "settings": {...},
                "expect": [{"rule": "image-alt-filename", "outcome": "failed", "target": "#a"}]}]}

A case's "article" is merged over the page (records field by field). Each item of a list
with a template (named by its path, e.g. "images" or "texts.controls") is merged over that
template, and gets "selector" "#<list>-<n>" unless it names one. The result is loaded as typed
page facts strictly: a field the fact type does not have fails the case. A case passes when the
family's rules report exactly the expected findings (rule, outcome, target): a case with
"expect": [] proves the rules stay quiet. A case may also name rules' outcomes on the page
("rules": {"image-alt-filename": "passed"}: failed, cantTell, passed or inapplicable).
"""
from __future__ import annotations

import copy
import dataclasses
import json
import typing
from pathlib import Path
from typing import Any

from auditor.facts import KIND_NAMES, PageFacts
from auditor.facts.record import hints
from auditor.model import Artifacts
from auditor.rules import all_rules
from auditor.rules.runner import judge_page

HERE = Path(__file__).parent
FAMILIES = sorted(p.stem for p in HERE.glob("*.json"))


def load(family: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = json.loads((HERE / f"{family}.json").read_text(encoding="utf-8"))
    assert data["family"] == family
    return data, data["cases"]


def record_type(path: str) -> type:
    """The record type of the items of the list at `path` ("images", "texts.controls")."""
    tp: Any = PageFacts
    for part in path.split("."):
        tp = hints(tp)[part]
        if typing.get_origin(tp) is tuple:
            tp = typing.get_args(tp)[0]
    return tp


def merge(base: dict[str, Any], over: dict[str, Any], templates: dict[str, Any], path: str = "") -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        where = f"{path}{key}"
        template = templates.get(where)
        if template is not None and isinstance(value, list):
            items = []
            for n, item in enumerate(value):
                merged = {**copy.deepcopy(template), **item}
                if "selector" in {f.name for f in dataclasses.fields(record_type(where))}:
                    merged.setdefault("selector", f"#{key}-{n}")
                if where == "images" and "name" not in item and isinstance(item.get("alt"), str):
                    merged["name"] = item["alt"]
                items.append(merged)
            out[key] = items
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value, templates, f"{where}.")
        else:
            out[key] = value
    return out


def build(data: dict[str, Any], case: dict[str, Any]) -> Artifacts:
    article = merge({"kinds": list(KIND_NAMES), **(data.get("page") or {})}, case.get("article") or {},
                    data.get("templates") or {})
    url = case.get("url", "https://news.example/2024/story.html")
    return Artifacts(requested_url=url, url=url, http_status=200, title="Case", axe={"violations": [], "incomplete": []},
                     article=PageFacts.from_dict(article, strict=True))


def family_rules(family: str):
    return tuple(r for r in all_rules() if r.evaluate.__module__ == f"auditor.rules.{family}")


def run(family: str, data: dict[str, Any], case: dict[str, Any]) -> list[tuple[str, str, str]]:
    return judged(family, data, case)[0]


def judged(family: str, data: dict[str, Any], case: dict[str, Any]) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(the findings as (rule, outcome, first target), sorted; each rule's outcome on the page)."""
    artifacts = build(data, case)
    result = judge_page(artifacts, case.get("settings") or {}, rules=family_rules(family))
    assert not result.errors, result.errors
    found = sorted((f.rule, f.outcome, f.target[0]) for f in result.findings if f.engine == "article")
    return found, {o.rule: o.outcome for o in result.outcomes if o.engine == "article"}


def expected(case: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((e["rule"], e["outcome"], e["target"]) for e in case["expect"])
