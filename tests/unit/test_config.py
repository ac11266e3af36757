"""Configuration: the file, its discovery, the environment, precedence, and errors that name the
key and where it came from."""
import dataclasses
import datetime as dt
import math
import re
import tomllib
from pathlib import Path

import pytest

from auditor.config import Settings, find_config, load_settings, show, standard_tags, starter_file
from auditor.errors import ConfigError
from auditor.options import OPTIONS

NO_ENV: dict[str, str] = {}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path):
    loaded = load_settings({}, start=tmp_path / "nowhere", environ=NO_ENV)
    assert loaded.settings == Settings()
    assert loaded.path is None
    assert set(loaded.sources.values()) == {"default"}


def test_settings_has_one_field_per_option_of_the_table_with_its_default():
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    assert list(fields)[:len(OPTIONS)] == [o.name for o in OPTIONS]
    assert set(fields) - {o.name for o in OPTIONS} == {"rules", "ignore"}
    for option in OPTIONS:
        assert getattr(Settings(), option.name) == option.default
        if option.default is not None:
            option.type.check(option.default)  # every default fits its own type
    assert Settings.standard == "WCAG2.2AA"  # the class keeps its defaults as attributes, as dataclasses do


def test_auditor_toml_is_found_from_a_subfolder_and_flags_override_it(tmp_path):
    write(tmp_path / "auditor.toml", 'timeout = 12\nfail-on = "critical"\nblock = ["*ads*"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    loaded = load_settings({"fail_on": "minor"}, start=sub, environ=NO_ENV)
    assert loaded.path == tmp_path / "auditor.toml"
    assert loaded.settings.timeout == 12.0
    assert loaded.settings.block == ("*ads*",)
    assert loaded.settings.fail_on == "minor"
    assert loaded.sources["timeout"] == f"file {tmp_path / 'auditor.toml'}"
    assert loaded.sources["fail_on"] == "command line"
    assert "timeout = 12.0  # file" in show(loaded)


def test_precedence_defaults_file_environment_flags(tmp_path):
    write(tmp_path / "auditor.toml", "timeout = 12\nconcurrency = 3\nlimit = 7\n")
    env = {"AUDITOR_TIMEOUT": "20", "AUDITOR_CONCURRENCY": "4"}
    loaded = load_settings({"concurrency": "5"}, start=tmp_path, environ=env)
    s = loaded.settings
    assert (s.limit, s.timeout, s.concurrency, s.memory_cap_mib) == (7, 20.0, 5, 3072)
    assert loaded.sources["limit"].startswith("file ")
    assert loaded.sources["timeout"] == "environment AUDITOR_TIMEOUT"
    assert loaded.sources["concurrency"] == "command line"
    assert loaded.sources["memory_cap_mib"] == "default"


@pytest.mark.parametrize("name, text, expected", [
    ("AUDITOR_BLOCK", "*ads*, *doubleclick*", ("*ads*", "*doubleclick*")),
    ("AUDITOR_BLOCK", '["*a,b*", "*c*"]', ("*a,b*", "*c*")),
    ("AUDITOR_HEADERS", "Authorization: Bearer x\nX-Test: 1", (("Authorization", "Bearer x"), ("X-Test", "1"))),
    ("AUDITOR_HEADERS", '{"Authorization": "Bearer x"}', (("Authorization", "Bearer x"),)),
    ("AUDITOR_COOKIES", "session=abc", (("session", "abc"),)),
    ("AUDITOR_MOBILE", "yes", True),
    ("AUDITOR_SCREENSHOTS", "0", False),
    ("AUDITOR_FAIL_ON", "none", "none"),
    ("AUDITOR_CHROMIUM", __import__("sys").executable, __import__("sys").executable),
])
def test_environment_spellings(name, text, expected):
    option = next(o for o in OPTIONS if o.env_name == name)
    assert getattr(load_settings({}, use_file=False, environ={name: text}).settings, option.name) == expected


def test_an_empty_variable_is_unset_and_unknown_ones_are_warned_about_by_name():
    loaded = load_settings({}, use_file=False, environ={"AUDITOR_TIMEOUT": "", "AUDITOR_TIMOUT": "5",
                                                        "AUDITOR_TOKEN": "secret-token", "HOME": "/root"})
    assert loaded.settings.timeout == 30.0
    assert loaded.warnings == ("AUDITOR_TIMOUT is not a setting (did you mean 'AUDITOR_TIMEOUT'?); it is ignored",)
    assert "# note: AUDITOR_TIMOUT is not a setting" in show(loaded)


@pytest.mark.parametrize("layer", ["file", "environment", "flag"])
@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
def test_non_finite_numbers_are_refused_by_name_from_every_layer(tmp_path, layer, value):
    """timeout = inf was accepted and then failed every page."""
    if layer == "file":
        kwargs = {"config_path": str(write(tmp_path / "a.toml", f"timeout = {value}\n")), "environ": NO_ENV}
        label = "timeout"
    elif layer == "environment":
        kwargs = {"use_file": False, "environ": {"AUDITOR_TIMEOUT": value}}
        label = "AUDITOR_TIMEOUT"
    else:
        kwargs = {"flags": {"timeout": value}, "use_file": False, "environ": NO_ENV}
        label = "--timeout"
    with pytest.raises(ConfigError) as err:
        load_settings(**kwargs)
    assert f"{label} must be a finite number greater than 0" in str(err.value)


def test_settings_built_in_code_are_checked_by_the_table_too():
    with pytest.raises(ConfigError, match="timeout must be a finite number"):
        Settings(timeout=math.inf).validate()
    with pytest.raises(ConfigError, match="concurrency must be a whole number from 1 to 32, not 0"):
        Settings(concurrency=0).validate()
    Settings(timeout=5, limit=None).validate()


def test_pyproject_tool_auditor_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "site"\n\n[tool.auditor]\nconcurrency = 4\n'
                                       '[tool.auditor.rules]\nmax_alt_length = 200\n')
    loaded = load_settings({}, start=tmp_path, environ=NO_ENV)
    assert loaded.settings.concurrency == 4
    assert loaded.settings.rules == {"max_alt_length": 200}


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / "auditor.toml", "timeout = 7\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    write(inner / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(inner)[0] == tmp_path / "auditor.toml"


@pytest.mark.parametrize("text,needle", [
    ("timout = 3\n", "unknown key 'timout' (did you mean 'timeout'?)"),
    ('timeout = "fast"\n', "timeout must be a finite number greater than 0, not 'fast'"),
    ("concurrency = 0\n", "concurrency must be a whole number from 1 to 32, not 0"),
    ("limit = 2.5\n", "limit must be a positive whole number, not 2.5"),
    ('fail_on = "bad"\n', "fail_on must be one of critical, serious, moderate, minor, none"),
    ('standard = "WCAG3"\n', "standard: 'WCAG3' is not one of WCAG2.0A"),
    ("block = [1]\n", "block must be a list of strings"),
    ('headers = "x"\n', "headers must be a table of strings"),
    ("mobile = 1\n", "mobile must be true or false"),
    ("[rules]\nmax_alt_lenght = 3\n", "rules.max_alt_lenght (did you mean 'max_alt_length'?"),
    ('[rules]\nrequire_captions = "always"\n', "rules.require_captions must be one of figures, article-images, off"),
    ("[[ignore]]\nreason = 'x'\n", "needs at least one of rule, selector or url"),
    ("[[ignore]]\nrule = 'image-alt'\nexpires = 'soon'\n", "expires must be a date"),
    ("[[ignore]]\nrule = 'image-alt'\nreasn = 'x'\n", "unknown key 'reasn' (did you mean 'reason'?)"),
    ("timeout = \n", "not valid TOML"),
])
def test_bad_values_are_errors_naming_the_key_and_the_file(tmp_path, text, needle):
    path = write(tmp_path / "auditor.toml", text)
    with pytest.raises(ConfigError) as err:
        load_settings({}, start=tmp_path, environ=NO_ENV)
    assert needle in str(err.value)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_an_unknown_key_offers_the_closest_and_lists_the_known_keys_itself(tmp_path):
    """It used to point at `auditor config`, which fails on the same file."""
    write(tmp_path / "auditor.toml", 'standrd = "WCAG2.1AA"\n')
    with pytest.raises(ConfigError) as err:
        load_settings({}, start=tmp_path, environ=NO_ENV)
    message = str(err.value)
    assert "unknown key 'standrd' (did you mean 'standard'?)" in message
    known = message.split("the known keys are ")[1].split(", ")
    assert known == [o.name for o in OPTIONS] + ["rules", "ignore"]
    assert "auditor config" not in message


def test_config_flag_names_a_file_and_a_missing_one_is_an_error(tmp_path):
    path = write(tmp_path / "custom.toml", "mobile = true\n")
    assert load_settings({}, str(path), environ=NO_ENV).settings.mobile is True
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({}, str(tmp_path / "nope.toml"), environ=NO_ENV)


def test_ignores_parse_with_dates(tmp_path):
    write(tmp_path / "auditor.toml", '[[ignore]]\nselector = ".ad"\nreason = "ads"\nexpires = 2027-01-31\n')
    (ig,) = load_settings({}, start=tmp_path, environ=NO_ENV).settings.ignore
    assert ig.selector == ".ad" and ig.expires == dt.date(2027, 1, 31)
    assert ig.expired(dt.date(2027, 2, 1)) and not ig.expired(dt.date(2027, 1, 31))


def test_show_says_unset_plainly_and_is_valid_toml(tmp_path):
    write(tmp_path / "auditor.toml", 'wait_for = "h1"\nheaders = { "X-A" = "b \\"q\\"" }\n[rules]\nmax_alt_length = 90\n')
    text = show(load_settings({}, start=tmp_path, environ=NO_ENV))
    assert "# limit = (unset)" in text.splitlines()
    assert '""  # unset' not in text
    assert 'wait_for = "h1"  # file' in text
    doc = tomllib.loads(text)
    assert doc["headers"] == {"X-A": 'b "q"'} and doc["rules"] == {"max_alt_length": 90} and "limit" not in doc
    assert isinstance(doc["concurrency"], int) and isinstance(doc["timeout"], float)


def test_the_starter_file_is_valid_and_all_commented_out(tmp_path):
    text = starter_file()
    write(tmp_path / "auditor.toml", text)
    assert load_settings({}, start=tmp_path, environ=NO_ENV).settings == Settings()
    # Uncommenting every assignment (and the [rules] header) gives a file that loads: the examples are real TOML.
    settings_part = text.split("# [[ignore]]")[0]  # the ignore example is one table, not options
    lines = [line[2:] for line in settings_part.splitlines() if re.match(r"^# (\[rules\]$|[a-z_]+ = )", line)]
    assert "[rules]" in lines
    write(tmp_path / "auditor.toml", "\n".join(lines) + "\n")
    settings = load_settings({}, start=tmp_path, environ=NO_ENV).settings
    assert settings.block == ("*doubleclick*", "*/ads/*")
    assert settings.rules["max_alt_length"] == 150
    for option in OPTIONS:
        assert re.search(rf"^# {option.name} = ", text, re.M), f"{option.name} is missing from the starter file"


def test_the_starter_file_writes_integers_as_integers():
    text = starter_file()
    assert "# limit = 100\n" in text and "# concurrency = 2\n" in text and "# max_alt_length = 150\n" in text
    assert not re.search(r'^# (limit|sample) = "', text, re.M)  # it used to write limit = "..."


def test_standard_tags():
    assert standard_tags("WCAG2.2AA") == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
    assert standard_tags("wcag21a") == ("wcag2a", "wcag21a")
    assert standard_tags("WCAG 2.0 AA", best_practices=True) == ("wcag2a", "wcag2aa", "best-practice")
