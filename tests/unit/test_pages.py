"""`[[pages]]` entries: parsing, errors that name the entry and the key, merging in file order over
the run's settings, and `auditor config --url` naming the entries that applied."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.config import load_settings, show
from auditor.errors import ConfigError
from auditor.pages import PAGE_OPTIONS

NO_ENV: dict[str, str] = {}

CONFIG = """
timeout = 20
headers = {"X-Run" = "1"}
actions = ["wait-for main"]

[[pages]]
match = "http://news.example/live/*"
actions = ["click #load-more"]
timeout = 60
headers = {"X-Live" = "yes"}

[[pages]]
match = ["http://news.example/live/special-*", "http://news.example/video/*"]
timeout = 90
mobile = true

[pages.rules]
partner_names = ["Agency X"]
"""


def loaded(tmp_path: Path, text: str = CONFIG, flags=None):
    (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
    return load_settings(flags or {}, start=tmp_path, environ=NO_ENV)


def test_entries_apply_in_file_order_over_the_run_tables_merging_by_key(tmp_path):
    settings = loaded(tmp_path).settings
    page, entries = settings.for_url("http://news.example/live/special-storm")
    assert [e.number for e in entries] == [1, 2]
    assert page.timeout == 90  # the later entry wins
    assert page.actions == ("click #load-more",)  # a list replaces the run's
    assert dict(page.headers) == {"X-Run": "1", "X-Live": "yes"}  # a table merges key by key
    assert page.mobile is True and page.rules == {"partner_names": ["Agency X"]}
    only_first, entries = settings.for_url("http://news.example/live/storm")
    assert [e.number for e in entries] == [1] and only_first.timeout == 60 and only_first.mobile is False
    same, entries = settings.for_url("http://news.example/politics/vote")
    assert entries == () and same is settings and same.timeout == 20


def test_entries_apply_over_flags_too(tmp_path):
    settings = loaded(tmp_path, flags={"timeout": 5.0}).settings
    assert settings.timeout == 5.0
    assert settings.for_url("http://news.example/live/storm")[0].timeout == 60


@pytest.mark.parametrize("entry,needle", [
    ('match = "x"\nwait = 3', "[[pages]] #2: unknown key 'wait'"),
    ('match = "x"\nconcurrency = 3', "[[pages]] #2: 'concurrency' is a setting of the whole run, not of a page"),
    ('timeout = 3', "[[pages]] #2 needs match = \"URL glob\""),
    ('match = []', "[[pages]] #2: match must be a URL glob or a list of them"),
    ('match = "x"\ntimeout = "soon"', "[[pages]] #2: timeout"),
    ('match = "x"\nactions = ["clik #a"]', "[[pages]] #2: actions"),
    ('match = "x"\n[pages.rules]\nno_such_rule_option = 1', "[[pages]] #2: "),
])
def test_errors_name_the_file_the_entry_and_the_key(tmp_path, entry, needle):
    text = f'[[pages]]\nmatch = "a"\n\n[[pages]]\n{entry}\n'
    with pytest.raises(ConfigError) as err:
        loaded(tmp_path, text)
    assert needle in str(err.value) and "auditor.toml" in str(err.value), str(err.value)
    assert "\n" not in str(err.value)


def test_the_options_table_marks_the_page_level_options():
    assert {"actions", "wait_for", "headers", "cookies", "mobile", "timeout", "storage_state"} <= set(PAGE_OPTIONS)
    assert not {"concurrency", "fail_on", "out", "browser"} & set(PAGE_OPTIONS)


def test_show_for_a_url_names_the_entries_that_applied_as_the_sources(tmp_path):
    text = show(loaded(tmp_path), "http://news.example/live/special-storm")
    assert "# for http://news.example/live/special-storm: [[pages]] #1 (match = " in text
    assert "#2 (match = " in text
    assert "timeout = 90.0  # [[pages]] #2" in text
    assert 'actions = ["click #load-more"]  # [[pages]] #1' in text
    assert "concurrency = 2  # default" in text
    missed = show(loaded(tmp_path), "http://news.example/politics/vote")
    assert "[[pages]] entries: none matches" in missed and "timeout = 20.0  # file " in missed


def test_auditor_config_url_on_the_command_line(tmp_path, monkeypatch):
    (tmp_path / "auditor.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["config", "--url", "http://news.example/video/clip"])
    assert result.exit_code == 0, result.output
    assert "mobile = true  # [[pages]] #2" in result.output
    assert "timeout = 90.0  # [[pages]] #2" in result.output


def test_the_readme_example_for_a_news_site_is_a_valid_configuration(tmp_path):
    import re

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(# auditor.toml — nightly audit.*?)```", readme, re.S)
    assert example, "the README's news-site example is gone"
    settings = loaded(tmp_path, example.group(1)).settings
    assert settings.login["url"] == "https://news.example/account/sign-in" and len(settings.login["actions"]) == 4
    live, entries = settings.for_url("https://news.example/live/storm-updates")
    assert [e.number for e in entries] == [1] and live.actions[0] == "click #load-more" and live.timeout == 60
    partner = settings.for_url("https://news.example/partner/agency-story")[0]
    assert partner.rules == {"partner_names": ["Agency X"]} and dict(partner.headers) == {"X-Preview": "1"}
