"""The action language (auditor/actions.py): what parses, what each action holds, and the
one-line error an invalid action gets before any page is opened."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from auditor.actions import MAX_WAIT_MS, Action, check_selector, navigate_urls, parse_action, parse_actions
from auditor.cli import main
from auditor.config import load_settings
from auditor.errors import ConfigError
from auditor.values import Invalid

VALID = [
    ("click #load-more", Action("click", "click #load-more", selector="#load-more")),
    ("click main button.more", Action("click", "click main button.more", selector="main button.more")),
    ('click button[aria-label="Load more"]', Action("click", 'click button[aria-label="Load more"]',
                                                   selector='button[aria-label="Load more"]')),
    ("click text=Load more", Action("click", "click text=Load more", selector="text=Load more")),
    ("CLICK 'nav a'", Action("click", "CLICK 'nav a'", selector="nav a")),
    ("fill #email reader@example.org", Action("fill", "fill #email reader@example.org", selector="#email",
                                              value="reader@example.org")),
    ('fill "#login input[name=q]" "climate change"', Action("fill", 'fill "#login input[name=q]" "climate change"',
                                                           selector="#login input[name=q]", value="climate change")),
    ("fill #q", Action("fill", "fill #q", selector="#q", value="")),  # empties the field
    ("select #edition uk", Action("select", "select #edition uk", selector="#edition", value="uk")),
    ("check #terms", Action("check", "check #terms", selector="#terms")),
    ("uncheck #newsletter", Action("uncheck", "uncheck #newsletter", selector="#newsletter")),
    ("press Enter", Action("press", "press Enter", value="Enter")),
    ("press Control+A", Action("press", "press Control+A", value="Control+A")),
    ("wait-for .article-body p", Action("wait-for", "wait-for .article-body p", selector=".article-body p")),
    ("wait-for-url **/account", Action("wait-for-url", "wait-for-url **/account", value="**/account")),
    ("wait 500", Action("wait", "wait 500", ms=500)),
    ("wait 2s", Action("wait", "wait 2s", ms=2000)),
    ("scroll-to bottom", Action("scroll-to", "scroll-to bottom", value="bottom")),
    ("scroll-to #comments", Action("scroll-to", "scroll-to #comments", selector="#comments")),
    ("navigate https://example.org/live?page=2", Action("navigate", "navigate https://example.org/live?page=2",
                                                        value="https://example.org/live?page=2")),
]


@pytest.mark.parametrize("text,expected", VALID, ids=[t for t, _ in VALID])
def test_valid_actions_parse_into_what_they_do(text, expected):
    assert parse_action(text) == expected


INVALID = [
    ("", "non-empty"),
    ("clik #x", "unknown action 'clik'"),
    ("click", "click needs a SELECTOR"),
    ("click div[", "'div[' is not a valid selector: ']' is missing"),
    ("click a,,b", "an empty part before ','"),
    ("click main >", "it ends with '>'"),
    ('click button[aria-label="x]', "a quote \" is not closed"),
    ("click div)", "unexpected ')'"),
    ('fill "#q x', "has no closing"),
    ("select #edition", "select needs a VALUE"),
    ("press", "press needs a KEY"),
    ("press Enter now", "is not a key name"),
    ("wait soon", "wait takes milliseconds"),
    (f"wait {MAX_WAIT_MS + 1}", f"capped at {MAX_WAIT_MS} ms"),
    ("wait 11s", "capped"),
    ("navigate /relative", "absolute http(s) URL"),
    ("navigate javascript:alert(1)", "absolute http(s) URL"),
    ("navigate file:///etc/passwd", "absolute http(s) URL"),
    ("wait-for-url", "a URL PATTERN"),
]


@pytest.mark.parametrize("text,why", INVALID, ids=[t or "(empty)" for t, _ in INVALID])
def test_invalid_actions_say_what_is_wrong(text, why):
    with pytest.raises(Invalid) as err:
        parse_action(text)
    assert why in err.value.why


def test_a_list_names_the_position_of_the_bad_action():
    with pytest.raises(Invalid) as err:
        parse_actions(["click #a", "wait 99999"])
    assert err.value.why.startswith("action 2 'wait 99999': waits are capped")


@pytest.mark.parametrize("selector", ["#load-more", "li:nth-child(2 of .x)", "div:not(.a, .b)", "a[title='(']",
                                      "text=Load (more", "xpath=//div[", "main >> nth=0", r"#a\[b", ":is(a, b) > c"])
def test_the_structural_check_lets_valid_and_engine_selectors_through(selector):
    check_selector(selector)  # engine selectors (text=, xpath=, chains) are judged by the browser check


def test_navigate_urls_are_listed_for_the_services_guard():
    actions = parse_actions(["click #a", "navigate http://10.0.0.1/x", "navigate https://example.org/"])
    assert navigate_urls(actions) == ("http://10.0.0.1/x", "https://example.org/")


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}


def test_actions_come_from_the_file_the_environment_and_flags(tmp_path):
    (tmp_path / "auditor.toml").write_text('actions = ["click #more", "wait 200"]\n')
    assert load_settings(start=tmp_path, environ={}).settings.actions == ("click #more", "wait 200")
    env = {"AUDITOR_ACTIONS": "click #env\nfill #q 'a, b'"}
    assert load_settings(start=tmp_path, environ=env).settings.actions == ("click #env", "fill #q 'a, b'")
    flags = {"actions": ("scroll-to bottom",)}
    assert load_settings(flags, start=tmp_path, environ=env).settings.actions == ("scroll-to bottom",)


def test_a_bad_action_in_the_file_names_the_file_the_key_and_the_action(tmp_path):
    (tmp_path / "auditor.toml").write_text('actions = ["click #ok", "tap #more"]\n')
    with pytest.raises(ConfigError) as err:
        load_settings(start=tmp_path, environ={})
    assert str(err.value) == (f"{tmp_path / 'auditor.toml'}: actions: action 2 'tap #more': unknown action 'tap' "
                              "(one of: click, fill, select, check, uncheck, press, wait-for, wait-for-url, wait, "
                              "scroll-to, navigate)")


@pytest.mark.parametrize("args,message", [
    (["--action", "click div["], "--action: action 1 'click div[': 'div[' is not a valid selector"),
    (["--action", "wait 60000"], "--action: action 1 'wait 60000': waits are capped at 10000 ms"),
    (["--wait-for", "main >"], "--wait-for: 'main >' is not a valid selector: it ends with '>'"),
])
def test_invalid_actions_and_wait_for_are_usage_errors_before_any_page_opens(tmp_path, args, message):
    result = CliRunner().invoke(main, ["audit", "https://example.invalid/a", "--no-config", "--out",
                                       str(tmp_path / "out"), *args], env=_clean_env())
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"auditor: error: {message}")
    assert "Traceback" not in result.output and not (tmp_path / "out" / "results.json").exists()
