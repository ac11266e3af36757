"""The settings reference is generated from the options table; the committed docs/settings.md must be current."""
from pathlib import Path

from auditor.options import OPTIONS
from auditor.rules.runner import option_declarations
from auditor.settings_docs import reference

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "settings.md"


def test_docs_settings_md_is_current():
    assert DOCS.read_text(encoding="utf-8") == reference(), (
        "docs/settings.md is stale: run `python -m auditor.settings_docs > docs/settings.md`")


def test_every_setting_is_documented_with_its_key_flag_and_variable():
    text = reference()
    for option in OPTIONS:
        section = text.split(f"\n### {option.name}\n", 1)[1].split("\n### ", 1)[0]
        assert f"`{option.name} = " in section and f"`{option.env_name}=" in section
        assert f"`{option.flag_name}" in section and option.type.describe in section
        assert option.help[1:] in section
    for name, option in option_declarations().items():
        assert f"| `{name}` | {option.type.describe} |" in text and option.help in text


def test_flags_that_are_no_setting_are_listed_too():
    text = reference()
    for flag in ("--shard", "--resume", "--baseline-write", "--report", "--config", "--host"):
        assert f"`{flag}`" in text


def test_the_settings_fields_in_config_py_are_current():
    """Settings' typed fields are generated from the table, so mypy checks every `settings.x`."""
    from auditor.settings_docs import with_fields

    source = (ROOT / "auditor" / "config.py").read_text(encoding="utf-8")
    assert source == with_fields(source), "run `python -m auditor.settings_docs --fields`"
