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
        for option in m.options:
            assert f"`{option.name}`" in text and option.help in text and option.type.describe in text


def test_auditor_rules_prints_the_reference():
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    for rule in all_rules():
        assert rule.meta.id in result.output
    assert "9eb3f6" in result.output and "Fix:" in result.output


def test_auditor_rules_id_prints_that_rule_with_its_settings_and_examples():
    rule = next(r for r in all_rules() if r.meta.id == "figure-caption-missing")
    result = CliRunner().invoke(main, ["rules", "figure-caption-missing"])
    assert result.exit_code == 0
    assert result.output.startswith("figure-caption-missing  [failed, moderate")
    others = [r.meta.id for r in all_rules() if r.meta.id != rule.meta.id]
    assert not any(f"\n{other}  [" in result.output for other in others)
    for option in rule.meta.options:
        assert f"Setting {option.name} ({option.type.describe})" in result.output and option.help in result.output
    assert all(example in result.output for example in rule.meta.passing + rule.meta.failing)


def test_an_unknown_rule_id_is_one_line_naming_the_nearest():
    result = CliRunner().invoke(main, ["rules", "figure-caption-mising"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "did you mean 'figure-caption-missing'?" in lines[0], result.output


def test_act_notes_name_unclaimed_ids_with_a_reason():
    noted = [r.meta for r in all_rules() if r.meta.act_not_claimed]
    assert noted, "the ACT mapping explains the ids it does not claim"
    for m in noted:
        for act, why in m.act_not_claimed:
            assert act not in m.act and why and f"| {m.id} |" in reference()
