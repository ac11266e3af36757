"""Reference facts are defined once: the results' vocabulary in auditor/model.py (impacts, outcomes,
engines, error kinds with their labels, how a target prints) and the WCAG and ACT references in
auditor/wcag.py. Everything else uses them; these tests catch a copy or a kind nobody declared."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from auditor import wcag
from auditor.model import (
    ENGINE_LABELS,
    ERROR_KINDS,
    FRAME_JOIN,
    IMPACT_LABELS,
    IMPACTS,
    OUTCOMES,
    RULE_OUTCOMES,
    Artifacts,
    ErrorKind,
    error_label,
    target_text,
)
from auditor.rules import axe

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "results.schema.json").read_text(encoding="utf-8"))
SOURCES = sorted(p for folder in ("auditor", "rules", "reports") for p in (ROOT / folder).rglob("*")
                 if p.suffix in (".py", ".html", ".js") and p.parent.name != "js")


def _enum(name: str, schema=None) -> list[str]:
    found = []
    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get(name), dict) and "enum" in node[name]:
                found.append(node[name]["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(SCHEMA if schema is None else schema)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def test_the_schema_names_the_models_vocabulary():
    finding, outcome = SCHEMA["$defs"]["finding"], SCHEMA["$defs"]["rule_outcome"]
    assert _enum("kind") == list(ERROR_KINDS)
    assert _enum("impact") == list(IMPACTS)
    assert _enum("outcome", finding) == list(OUTCOMES)
    assert _enum("outcome", outcome) == list(RULE_OUTCOMES)
    assert _enum("engine", finding) == _enum("engine", outcome) == list(ENGINE_LABELS)


def test_every_error_kind_has_a_label_and_an_unknown_kind_shows_as_itself():
    assert [ErrorKind(k).label for k in ERROR_KINDS] == ["Timed out", "Could not load", "HTTP error",
                                                         "Browser failure", "Script failure", "Bad target",
                                                         "Run interrupted", "Refused", "Action failed"]
    assert error_label("http") == "HTTP error" and error_label("from-the-future") == "from-the-future"
    assert list(IMPACT_LABELS) == list(IMPACTS)


def _kinds_raised(path: Path) -> set[str]:
    """String literals given as the kind of a GatherError or an error_page."""
    kinds = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            position = {"GatherError": 0, "error_page": 1}.get(node.func.id)
            if position is not None and len(node.args) > position and isinstance(node.args[position], ast.Constant):
                kinds.add(node.args[position].value)
    return kinds


def test_every_error_kind_the_code_reports_is_declared():
    raised = {kind for path in SOURCES if path.suffix == ".py" for kind in _kinds_raised(path)}
    assert raised, "the scan found no error kinds at all"
    assert raised <= set(ERROR_KINDS), raised - set(ERROR_KINDS)


# Each fact's text, and the one file allowed to spell it out.
HOMES = {
    **{f'"{label}"': "auditor/model.py" for label in (*IMPACT_LABELS.values(), *ENGINE_LABELS.values())},
    **{f'"{ErrorKind(k).label}"': "auditor/model.py" for k in ERROR_KINDS},
    f'"{FRAME_JOIN}"': "auditor/model.py",
    '" >>> "': "auditor/model.py",
    "w3.org/WAI/WCAG22": "auditor/wcag.py",
    "act/rules/": "auditor/wcag.py",
}


@pytest.mark.parametrize("text", sorted(HOMES))
def test_each_fact_is_spelled_out_in_one_place(text):
    where = sorted(p.relative_to(ROOT).as_posix() for p in SOURCES if text in p.read_text(encoding="utf-8"))
    assert where == [HOMES[text]]


def test_targets_print_frame_levels_outermost_first_and_shadow_levels_joined():
    assert target_text(("iframe#player", "button.play")) == "iframe#player → button.play"
    assert target_text(()) == "(page)" and target_text((), empty="html") == "html"
    artifacts = Artifacts(requested_url="u", url="u", http_status=200, title="t", article={}, axe={
        "violations": [{"id": "button-name", "tags": ["wcag412"], "help": "Buttons must have discernible text",
                        "nodes": [{"target": ["#frame", ["my-player", "button"]], "html": "<button>"}]}]})
    [finding] = axe.findings(artifacts)
    assert finding.target == ("#frame", "my-player >>> button")
    assert target_text(finding.target) == "#frame → my-player >>> button"


def test_wcag_criteria_link_to_their_understanding_page_and_unknown_ones_to_the_quick_reference():
    assert wcag.understanding_url("1.1.1") == "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html"
    assert wcag.understanding_url("9.9.9") == wcag.QUICKREF
    assert wcag.label("1.4.3") == "1.4.3 Contrast (Minimum) (AA)" and wcag.label("9.9.9") == "9.9.9"
    assert wcag.act_url("9eb3f6") == "https://www.w3.org/WAI/standards-guidelines/act/rules/9eb3f6/"
    assert all(re.fullmatch(r"\d\.\d{1,2}\.\d{1,2}", sc) for sc in wcag.CRITERIA)
    assert len(wcag.CRITERIA) == 87  # WCAG 2.2: 86 success criteria and 4.1.1 (obsolete, kept for old results)
