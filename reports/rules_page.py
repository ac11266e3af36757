"""rules.html in the report folder: the article-rule reference, so a report's "Rule documentation"
links open offline and wherever the folder is published (SARIF's helpUri and JUnit's Help use it).

Built from the rules' metadata, like docs/rules.md (rules/docs.py); axe-core's rules that the run
checked are listed too, each linking to Deque's page for it (which exists for every axe rule).
"""
from __future__ import annotations

import json
from typing import Any

from auditor import wcag
from auditor.model import RunResult
from auditor.rules import all_rules

FILE = "rules.html"


def href(rule_id: str, root: str = "") -> str:
    return f"{root}{FILE}#{rule_id}"


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)  # long defaults are in docs/rules.md in full
    return text if len(text) <= 90 else text[:87] + "…"


def article_rules() -> list[dict[str, Any]]:
    out = []
    for rule in all_rules():
        m = rule.meta
        out.append({
            "id": m.id, "title": m.title, "impact": m.impact, "outcome": m.outcome,
            "description": m.description, "help": m.help, "tags": list(m.tags),
            "refs": [{"label": f"WCAG {wcag.label(sc)}", "href": wcag.understanding_url(sc)} for sc in m.wcag]
            + [{"label": f"ACT {a}", "href": wcag.act_url(a)} for a in m.act],
            "options": [{"name": o.name, "type": o.type.describe, "default": _value(o.default), "help": o.help}
                        for o in m.options],
            "passing": list(m.passing), "failing": list(m.failing),
        })
    return out


def axe_rules(results: RunResult) -> list[dict[str, Any]]:
    """The axe rules the run checked (id, title, help_url as the results have them)."""
    return sorted(({"id": r.id, "title": r.title, "help_url": r.help_url} for r in results.rules
                   if r.engine == "axe"), key=lambda r: r["id"])


