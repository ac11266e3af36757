"""The rule reference is generated from the metadata; the committed docs/rules.md must be current."""
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.rules import all_rules
from auditor.rules.docs import reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_current():
    assert DOCS.read_text(encoding="utf-8") == reference(), (
        "docs/rules.md is stale: run `python -m auditor.rules.docs > docs/rules.md`")


def test_reference_documents_every_rule_with_examples_and_links():
    text = reference()
    for rule in all_rules():
        m = rule.meta
        assert f"## {m.id}\n" in text
        for example in m.passing + m.failing:
            assert example in text
        for act in m.act:
            assert f"https://www.w3.org/WAI/standards-guidelines/act/rules/{act}/" in text
        for name in m.options:
            assert f"`{name}`" in text


def test_auditor_rules_prints_the_reference():
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    for rule in all_rules():
        assert rule.meta.id in result.output
    assert "9eb3f6" in result.output and "Fix:" in result.output


def test_act_notes_name_unclaimed_ids_with_a_reason():
    noted = [r.meta for r in all_rules() if r.meta.act_not_claimed]
    assert noted, "the ACT mapping explains the ids it does not claim"
    for m in noted:
        for act, why in m.act_not_claimed:
            assert act not in m.act and why and f"| {m.id} |" in reference()
