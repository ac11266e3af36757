"""docs/act.md is generated from the recorded outcomes of the ACT examples, and says which do not agree."""
import json
from pathlib import Path

from auditor.rules.act_docs import EXAMPLES_JSON, combined, consistent, render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "act.md"


def test_docs_act_md_is_current():
    assert DOCS.read_text(encoding="utf-8") == render(json.loads(EXAMPLES_JSON.read_text(encoding="utf-8"))), (
        "docs/act.md is stale: run `python -m auditor.rules.act_docs > docs/act.md`")


def test_the_worst_outcome_of_the_implementing_rules_is_the_act_rules_outcome():
    assert combined(["passed", "cantTell", "inapplicable"]) == "cantTell"
    assert combined(["passed", "failed"]) == "failed"
    assert combined(["inapplicable", "passed"]) == "passed"
    assert combined([]) == "inapplicable"


def test_consistency_is_acts():
    assert consistent("failed", "cantTell") and consistent("failed", "failed")
    assert not consistent("failed", "passed") and not consistent("failed", "inapplicable")
    assert consistent("passed", "cantTell") and consistent("inapplicable", "passed")
    assert not consistent("passed", "failed") and not consistent("inapplicable", "failed")


def test_an_inconsistent_example_is_marked_in_the_report():
    recorded = {"f51b46": [{"example": "passed-1", "kind": "passed", "description": "A video with captions.",
                            "outcome": "failed", "rules": {"act-video-captions": "failed"}}]}
    text = render(recorded)
    assert "| passed-1 | A video with captions. | passed | failed ✗ |" in text
    assert "0 of 1 ✗" in text
