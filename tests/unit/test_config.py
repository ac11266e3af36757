"""Configuration: the file, its discovery, precedence, and errors that name the key and the file."""
import datetime as dt
import re
from pathlib import Path

import pytest

from auditor.config import Settings, find_config, load_settings, show, starter_file, standard_tags
from auditor.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path):
    loaded = load_settings({}, start=tmp_path / "nowhere")
    assert loaded.settings == Settings()
    assert loaded.path is None
    assert set(loaded.sources.values()) == {"default"}


def test_auditor_toml_is_found_from_a_subfolder_and_flags_override_it(tmp_path):
    write(tmp_path / "auditor.toml", 'timeout = 12\nfail-on = "critical"\nblock = ["*ads*"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    loaded = load_settings({"fail_on": "minor"}, start=sub)
    assert loaded.path == tmp_path / "auditor.toml"
    assert loaded.settings.timeout == 12.0
    assert loaded.settings.block == ("*ads*",)
    assert loaded.settings.fail_on == "minor"
    assert loaded.sources["timeout"] == f"file {tmp_path / 'auditor.toml'}"
    assert loaded.sources["fail_on"] == "command line"
    assert "timeout = 12.0  # file" in show(loaded)


def test_pyproject_tool_auditor_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "site"\n\n[tool.auditor]\nconcurrency = 4\n'
                                       '[tool.auditor.rules]\nmax_alt_length = 200\n')
    loaded = load_settings({}, start=tmp_path)
    assert loaded.settings.concurrency == 4
    assert loaded.settings.rules == {"max_alt_length": 200}


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / "auditor.toml", "timeout = 7\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    write(inner / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(inner)[0] == tmp_path / "auditor.toml"


@pytest.mark.parametrize("text,needle", [
    ("timout = 3\n", "unknown key 'timout'"),
    ('timeout = "fast"\n', "timeout must be a number"),
    ("concurrency = 0\n", "concurrency must be between 1 and 32"),
    ('fail_on = "bad"\n', "fail_on must be one of"),
    ('standard = "WCAG3"\n', "standard 'WCAG3'"),
    ("block = [1]\n", "block must be a list of strings"),
    ("[rules]\nmax_alt_lenght = 3\n", "rules.max_alt_lenght"),
    ('[rules]\nrequire_captions = "always"\n', "rules.require_captions"),
    ("[[ignore]]\nreason = 'x'\n", "needs at least one of rule, selector or url"),
    ("[[ignore]]\nrule = 'image-alt'\nexpires = 'soon'\n", "expires must be a date"),
    ("[[ignore]]\nrule = 'image-alt'\nfoo = 1\n", "unknown key 'foo'"),
    ("timeout = \n", "not valid TOML"),
])
def test_bad_values_are_errors_naming_the_key_and_the_file(tmp_path, text, needle):
    path = write(tmp_path / "auditor.toml", text)
    with pytest.raises(ConfigError) as err:
        load_settings({}, start=tmp_path)
    assert needle in str(err.value)
    assert str(path) in str(err.value)


def test_config_flag_names_a_file_and_a_missing_one_is_an_error(tmp_path):
    path = write(tmp_path / "custom.toml", "mobile = true\n")
    assert load_settings({}, str(path)).settings.mobile is True
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({}, str(tmp_path / "nope.toml"))


def test_ignores_parse_with_dates(tmp_path):
    write(tmp_path / "auditor.toml", '[[ignore]]\nselector = ".ad"\nreason = "ads"\nexpires = 2027-01-31\n')
    (ig,) = load_settings({}, start=tmp_path).settings.ignore
    assert ig.selector == ".ad" and ig.expires == dt.date(2027, 1, 31)
    assert ig.expired(dt.date(2027, 2, 1)) and not ig.expired(dt.date(2027, 1, 31))


def test_the_starter_file_is_valid_and_all_commented_out(tmp_path):
    text = starter_file()
    write(tmp_path / "auditor.toml", text)
    assert load_settings({}, start=tmp_path).settings == Settings()
    options = [line[2:] for line in text.splitlines()
               if re.match(r"^# [a-z_]+ = ", line) and "..." not in line and not line.startswith("# browser") and "[rules]" not in text.split(line)[0]]
    # Uncommenting the option lines gives a file that loads, so the examples are real TOML.
    write(tmp_path / "auditor.toml", "\n".join(options) + "\n")
    assert load_settings({}, start=tmp_path).settings.block == ("*doubleclick*", "*/ads/*")


def test_standard_tags():
    assert standard_tags("WCAG2.2AA") == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
    assert standard_tags("wcag21a") == ("wcag2a", "wcag21a")
    assert standard_tags("WCAG 2.0 AA", best_practices=True) == ("wcag2a", "wcag2aa", "best-practice")
