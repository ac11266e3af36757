"""Rule cases as data: one JSON file per rule family (tests/unit/cases/<family>.json).

    {"family": "alt_text",
     "templates": {"images": {...one image's default facts...}, ...},
     "page": {...article facts every case starts from...},
     "cases": [{"name": "...", "article": {...}, "url": "...", "settings": {...},
                "expect": [{"rule": "image-alt-filename", "outcome": "failed", "target": "#a"}]}]}

Each item of a list in a case's "article" is merged over the template of that list, and gets
"selector" "#<list>-<n>" unless it names one. A case passes when the family's rules report
exactly the expected findings (rule, outcome, target): a case with "expect": [] proves the
rules stay quiet.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from auditor.model import Artifacts
from auditor.rules import all_rules
from auditor.rules.runner import judge

HERE = Path(__file__).parent


def load(family: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = json.loads((HERE / f"{family}.json").read_text(encoding="utf-8"))
    assert data["family"] == family
    return data, data["cases"]


def build(data: dict[str, Any], case: dict[str, Any]) -> Artifacts:
    article = copy.deepcopy(data.get("page") or {})
    for key, value in (case.get("article") or {}).items():
        template = (data.get("templates") or {}).get(key)
        if template is not None and isinstance(value, list):
            items = []
            for n, item in enumerate(value):
                merged = {**copy.deepcopy(template), **item}
                merged.setdefault("selector", f"#{key}-{n}")
                if key == "images" and "name" not in item and isinstance(item.get("alt"), str):
                    merged["name"] = item["alt"]
                items.append(merged)
            article[key] = items
        elif isinstance(value, dict) and isinstance(article.get(key), dict):
            article[key] = {**article[key], **value}
        else:
            article[key] = value
    url = case.get("url", "https://news.example/2024/story.html")
    return Artifacts(requested_url=url, url=url, http_status=200, title="Case", axe={"violations": [], "incomplete": []},
                     article=article)


def family_rules(family: str):
    return tuple(r for r in all_rules() if r.evaluate.__module__ == f"auditor.rules.{family}")


def run(family: str, data: dict[str, Any], case: dict[str, Any]) -> list[tuple[str, str, str]]:
    artifacts = build(data, case)
    found, errors = judge(artifacts, case.get("settings") or {}, rules=family_rules(family))
    assert not errors, errors
    return sorted((f.rule, f.outcome, f.target[0]) for f in found if f.engine == "article")


def expected(case: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((e["rule"], e["outcome"], e["target"]) for e in case["expect"])
