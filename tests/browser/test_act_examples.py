"""The ACT rules' own examples (tests/fixtures/act/<id>/<kind>-<n>.html, built from the W3C ACT
rule descriptions with local media) audited in real Chromium: every ACT id the auditor claims
must be consistent with them. A failed example is reported failed or cantTell; a passed or
inapplicable example is never failed.

The outcomes are recorded in docs/act-examples.json, from which docs/act.md is generated
(rules/act_docs.py). When the outcomes change on purpose, regenerate both:

    AUDITOR_REGENERATE_ACT=1 .venv/bin/python -m pytest -q tests/browser/test_act_examples.py
    .venv/bin/python -m auditor.rules.act_docs > docs/act.md
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from auditor import engine
from auditor.config import Settings
from auditor.rules import all_rules
from auditor.rules.act_docs import EXAMPLES_JSON, combined, consistent
from tests.support.server import FaultServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ACT = Path(__file__).resolve().parents[1] / "fixtures" / "act"
PAGES = sorted(p for p in ACT.glob("*/*.html") if p.parent.name != "assets")
CLAIMED = sorted({a for r in all_rules() for a in r.meta.act} & {p.parent.name for p in PAGES})
PAGE_BOUND_S = 45  # a bound on a run of N pages (N x this), so a hung browser fails the test, never hangs it
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


def implementers(act_id: str) -> list[str]:
    return [r.meta.id for r in all_rules() if act_id in r.meta.act]


@pytest.fixture(scope="module")
def outcomes(chromium):
    """act id -> its examples audited in one run (each rule's pages on their own, so no one call runs long):
    [{example, kind, description, outcome, rules}]."""
    server = FaultServer(ACT)
    server.start()
    cache: dict[str, list[dict]] = {}

    def of(act_id: str) -> list[dict]:
        if act_id not in cache:
            cache[act_id] = _audited(chromium, server, act_id)
        return cache[act_id]
    yield of
    server.stop()


def _audited(chromium, server, act_id: str) -> list[dict]:
    pages = [p for p in PAGES if p.parent.name == act_id]
    # One page at a time: the examples' media pages are the slowest to load, and this is a test of outcomes.
    request = engine.AuditRequest(Settings(screenshots=False, concurrency=1),
                                  tuple(server.page(f"{act_id}/{p.name}") for p in pages))
    result = chromium.call(engine.run_audit(request, engine.BrowserSource(), browser=chromium.browser),
                           timeout=PAGE_BOUND_S * len(pages))
    out = []
    for path, page in zip(pages, result.pages):
        assert page.status == "audited", (path.name, page.error)
        assert not page.rule_errors, page.rule_errors
        by_rule = {o.rule: o.outcome for o in page.rules if o.rule in implementers(act_id)}
        match = DESCRIPTION.search(path.read_text(encoding="utf-8"))
        out.append({"example": path.stem, "kind": path.stem.rsplit("-", 1)[0],
                    "description": match.group(1) if match else "", "outcome": combined(by_rule.values()),
                    "rules": dict(sorted(by_rule.items()))})
    out.sort(key=lambda e: (e["kind"], int(e["example"].rsplit("-", 1)[1])))
    return out


@pytest.mark.parametrize("act_id", CLAIMED)
def test_the_claimed_act_rule_is_consistent_with_its_examples(outcomes, act_id):
    examples = outcomes(act_id)
    assert {e["kind"] for e in examples} >= {"passed", "failed"}
    wrong = [(e["example"], e["outcome"], e["rules"]) for e in examples if not consistent(e["kind"], e["outcome"])]
    assert not wrong, f"ACT {act_id}: examples the auditor contradicts: {wrong}"
    # Every example was judged by the rules claiming the id (none left silently out of the run).
    assert all(set(e["rules"]) == set(implementers(act_id)) for e in examples)


def test_the_recorded_outcomes_are_current(outcomes):
    recorded = {act_id: outcomes(act_id) for act_id in CLAIMED}
    text = json.dumps(recorded, indent=1, ensure_ascii=False) + "\n"
    if os.environ.get("AUDITOR_REGENERATE_ACT"):
        EXAMPLES_JSON.write_text(text, encoding="utf-8")
    assert EXAMPLES_JSON.read_text(encoding="utf-8") == text, (
        "docs/act-examples.json is stale: run AUDITOR_REGENERATE_ACT=1 pytest tests/browser/test_act_examples.py, "
        "then `python -m auditor.rules.act_docs > docs/act.md`")


def test_every_claimed_act_rule_has_examples():
    claimed = {a for r in all_rules() if "act" in r.meta.tags for a in r.meta.act}
    assert claimed <= set(CLAIMED)
