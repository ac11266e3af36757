"""Configuration tables about particular pages: `[[pages]]` entries (settings for the URLs they
match) and `[login]` (the sign-in `auditor login` runs).

    [[pages]]
    match = "https://example.org/live/*"          # a glob, or a list of globs
    actions = ["click #load-more"]
    timeout = 60

An entry may set any page-level option of the table (auditor/options.py, `page=True`) and an
article-rule `[pages.rules]` table. For a URL, the entries that match apply in file order over the
run's settings (defaults < file < environment < flags < entries): a list or single value replaces
the run's, a table (headers, cookies, rules) is merged key by key.
"""
from __future__ import annotations

import fnmatch
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable

from auditor.actions import Actions
from auditor.errors import ConfigError
from auditor.options import OPTION_BY_NAME, OPTIONS
from auditor.values import Invalid, Pairs, did_you_mean, problem

PAGE_OPTIONS = tuple(o.name for o in OPTIONS if o.page)
PAGE_KEYS = ("match", *PAGE_OPTIONS, "rules")
LOGIN_KEYS = ("url", "actions", "save_state")


@dataclass(frozen=True)
class PageEntry:
    """One `[[pages]]` entry: its globs and the settings it gives the URLs they match."""
    number: int  # 1-based, in file order
    match: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)  # setting -> value, in the form Settings holds
    where: str = ""  # the file it came from

    @property
    def label(self) -> str:
        return f"[[pages]] #{self.number}"

    def matches(self, url: str) -> bool:
        return any(fnmatch.fnmatchcase(url, glob) for glob in self.match)


def page_entries(value: Any, where: str, rule_check: Callable[[dict], None]) -> tuple[PageEntry, ...]:
    """The `[[pages]]` entries of one file; errors name the file, the entry and the key."""
    if not isinstance(value, list):
        raise ConfigError(f"{where}: pages must be a list of tables ([[pages]] entries)")
    return tuple(_entry(n, item, where, rule_check) for n, item in enumerate(value, 1))


def _entry(number: int, item: Any, where: str, rule_check: Callable[[dict], None]) -> PageEntry:
    here = f"{where}: [[pages]] #{number}"
    if not isinstance(item, dict):
        raise ConfigError(f"{here} must be a table")
    values: dict[str, Any] = {}
    match: tuple[str, ...] = ()
    for raw_key, raw in item.items():
        key = raw_key.replace("-", "_")
        if key == "match":
            globs = [raw] if isinstance(raw, str) else raw
            if not isinstance(globs, list) or not globs or not all(isinstance(g, str) and g.strip() for g in globs):
                raise ConfigError(f"{here}: match must be a URL glob or a list of them, not {raw!r}")
            match = tuple(globs)
        elif key == "rules":
            if not isinstance(raw, dict):
                raise ConfigError(f"{here}: rules must be a table of article-rule settings")
            try:
                rule_check(raw)
            except ConfigError as exc:
                raise ConfigError(f"{here}: {exc}") from None
            values["rules"] = dict(raw)
        elif key in PAGE_OPTIONS:
            option = OPTION_BY_NAME[key]
            try:
                values[key] = option.type.from_toml(raw)
            except Invalid as exc:
                raise ConfigError(problem(f"{here}: {key}", option.type, raw, exc)) from None
        elif key in OPTION_BY_NAME:
            raise ConfigError(f"{here}: {key!r} is a setting of the whole run, not of a page (page-level: "
                              f"{', '.join(PAGE_KEYS[1:])})")
        else:
            raise ConfigError(f"{here}: unknown key {raw_key!r}{did_you_mean(key, PAGE_KEYS)} "
                              f"(known: {', '.join(PAGE_KEYS)})")
    if not match:
        raise ConfigError(f"{here} needs match = \"URL glob\" (or a list of globs)")
    return PageEntry(number, match, values, where)


def merge(base: dict[str, Any], entries: tuple[PageEntry, ...]) -> dict[str, Any]:
    """The settings `entries` give over `base` (setting -> value): tables merge by key, the rest replace."""
    out: dict[str, Any] = {}
    for entry in entries:
        for key, value in entry.values.items():
            before = out.get(key, base.get(key))
            if key == "rules":
                out[key] = {**(before or {}), **value}
            elif isinstance(OPTION_BY_NAME[key].type, Pairs):
                out[key] = tuple({**dict(before or ()), **dict(value)}.items())
            else:
                out[key] = value
    return out


def login_table(value: Any, where: str) -> dict[str, Any]:
    """`[login]`: the sign-in page, its actions and where the state goes."""
    here = f"{where}: [login]"
    if not isinstance(value, dict):
        raise ConfigError(f"{here} must be a table")
    out: dict[str, Any] = {}
    for raw_key, raw in value.items():
        key = raw_key.replace("-", "_")
        if key not in LOGIN_KEYS:
            raise ConfigError(f"{here}: unknown key {raw_key!r}{did_you_mean(key, LOGIN_KEYS)} "
                              f"(known: {', '.join(LOGIN_KEYS)})")
        if key == "actions":
            try:
                out[key] = Actions().from_toml(raw)
            except Invalid as exc:
                raise ConfigError(problem(f"{here}: actions", Actions(), raw, exc)) from None
            continue
        if not isinstance(raw, str) or not raw.strip():
            raise ConfigError(f"{here}: {key} must be a non-empty string, not {raw!r}")
        if key == "url" and urllib.parse.urlsplit(raw).scheme not in ("http", "https"):
            raise ConfigError(f"{here}: url must be an http(s) URL, not {raw!r}")
        out[key] = raw
    return out
