"""Settings of one run, from the options table (auditor/options.py) and four layers.

Precedence (lowest first): defaults < configuration file < environment (AUDITOR_*) < flags.
The file is `auditor.toml` (keys at the top level, as in ruff.toml) or the same keys under
`[tool.auditor]` in pyproject.toml, found from the working directory upwards.
Article-rule settings sit in a `[rules]` table; ignores are `[[ignore]]` entries.
"""
from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from auditor.errors import ConfigError
from auditor.options import FAIL_ON, OPTION_BY_NAME, OPTIONS, OTHER_VARIABLES, Option, standard_tags
from auditor.pages import LOGIN_KEYS, PageEntry, login_table, merge, page_entries
from auditor.values import Invalid, did_you_mean, problem, toml_value

__all__ = ["FAIL_ON", "Ignore", "Loaded", "Settings", "load_settings", "show", "standard_tags", "starter_file"]

SPECIAL_KEYS = ("rules", "ignore", "pages", "login")
IGNORE_KEYS = ("rule", "selector", "url", "reason", "expires")


@dataclass(frozen=True)
class Ignore:
    """Findings to leave out on purpose; an expired ignore stops applying and is reported."""
    rule: str | None = None  # rule id, or a glob of ids
    selector: str | None = None  # CSS selector: findings on elements inside a match
    url: str | None = None  # URL glob
    reason: str = ""
    expires: dt.date | None = None

    def expired(self, today: dt.date | None = None) -> bool:
        return self.expires is not None and (today or dt.date.today()) > self.expires

    def describe(self) -> str:
        parts = [f"{k} {v!r}" for k, v in (("rule", self.rule), ("selector", self.selector), ("url", self.url)) if v]
        return ", ".join(parts)


@dataclass(frozen=True)
class Settings:
    """Every option of the table as an attribute (`settings.timeout`), plus the two tables
    that are not single values: article-rule settings and ignores."""
    # Generated from the options table by `python -m auditor.settings_docs --fields`: do not edit.
    out: str = 'a11y-report'
    earl: str | None = None
    json: str | None = None
    junit: str | None = None
    markdown: str | None = None
    sarif: str | None = None
    screenshots: bool = True
    screenshot_quality: int = 60
    screenshot_max_height: int = 16000
    report_url: str | None = None
    sarif_source: tuple[tuple[str, str], ...] = ()
    sarif_root: str | None = None
    fail_on: str = 'serious'
    baseline: str | None = None
    scope: str = 'all'
    site_name: str | None = None
    sites: tuple[tuple[str, str], ...] = ()
    annotations: str = 'auto'
    standard: str = 'WCAG2.2AA'
    best_practices: bool = False
    article_selector: str | None = None
    timeout: float = 30.0
    mobile: bool = False
    wait_for: str | None = None
    actions: tuple[str, ...] = ()
    consent: str = 'dismiss'
    storage_state: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    block: tuple[str, ...] = ()
    block_third_party: bool = False
    slow_rule_budget: float = 5.0
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    limit: int | None = None
    sample: int | None = None
    allow_empty: bool = False
    allow_partial: bool = False
    sitemap_max_pages: int = 50000
    sitemap_max_fetches: int = 100
    browser: str | None = None
    axe_script: str | None = None
    concurrency: int = 2
    restart_every: int = 100
    memory_cap_mib: int = 3072
    # End of the generated fields.
    rules: dict[str, Any] = field(default_factory=dict)  # article-rule settings, by option name
    ignore: tuple[Ignore, ...] = ()
    pages: tuple[PageEntry, ...] = ()  # [[pages]]: settings for the URLs each entry matches
    login: dict[str, Any] = field(default_factory=dict)  # [login]: url, actions, save_state

    def validate(self) -> "Settings":
        for option in OPTIONS:
            value = getattr(self, option.name)
            if value is None and option.default is None:
                continue
            try:
                option.type.check(value)
            except Invalid as exc:
                raise ConfigError(problem(option.name, option.type, value, exc)) from None
        if self.rules:
            from auditor.rules.runner import validate_rule_settings

            validate_rule_settings(self.rules)
        return self

    @property
    def tags(self) -> tuple[str, ...]:
        return standard_tags(self.standard, self.best_practices)

    def outputs(self) -> dict[str, str]:
        """Report format -> file, for the formats asked for."""
        from auditor.reports.registry import writers

        return {name: getattr(self, name) for name in writers() if getattr(self, name)}

    def for_url(self, url: str) -> tuple["Settings", tuple[PageEntry, ...]]:
        """The settings of one page: the [[pages]] entries matching `url`, in file order, over these."""
        entries = tuple(e for e in self.pages if e.matches(url))
        if not entries:
            return self, ()
        return replace(self, **merge({f.name: getattr(self, f.name) for f in fields(self)}, entries)), entries

    def merged(self, **overrides: Any) -> "Settings":
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting {sorted(unknown)[0]!r}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def unknown_key(key: str, known: tuple[str, ...] | list[str]) -> str:
    return f"unknown key {key!r}{did_you_mean(key, known)}; the known keys are {', '.join(known)}"


# ---- the configuration file -------------------------------------------------------------

def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest auditor.toml, or pyproject.toml with [tool.auditor], from `start` upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "auditor.toml"
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("auditor")
            if isinstance(table, dict):
                return pyproject, table
    return None


def read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"configuration file {path} does not exist")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor")
        if not isinstance(data, dict):
            raise ConfigError(f"{path} has no [tool.auditor] table")
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def _ignores(value: Any, where: str) -> tuple[Ignore, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: ignore must be a list of tables ([[ignore]] entries)")
    out = []
    for n, entry in enumerate(value, 1):
        here = f"{where}: ignore #{n}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{here} must be a table")
        unknown = sorted(set(entry) - set(IGNORE_KEYS))
        if unknown:
            raise ConfigError(f"{here}: {unknown_key(unknown[0], IGNORE_KEYS)}")
        for key in ("rule", "selector", "url", "reason"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                raise ConfigError(f"{here}: {key} must be a non-empty string")
        if not any(k in entry for k in ("rule", "selector", "url")):
            raise ConfigError(f"{here} needs at least one of rule, selector or url")
        expires = entry.get("expires")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise ConfigError(f"{here}: expires must be a date like 2026-12-31, not {expires!r}") from None
        elif isinstance(expires, dt.datetime):
            expires = expires.date()
        elif expires is not None and not isinstance(expires, dt.date):
            raise ConfigError(f"{here}: expires must be a date like 2026-12-31, not {expires!r}")
        out.append(Ignore(rule=entry.get("rule"), selector=entry.get("selector"), url=entry.get("url"),
                          reason=entry.get("reason", ""), expires=expires))
    return tuple(out)


def settings_from_table(table: dict[str, Any], where: str) -> dict[str, Any]:
    """Validated Settings keyword arguments from one configuration table; errors name key and file."""
    out: dict[str, Any] = {}
    known = [o.name for o in OPTIONS] + list(SPECIAL_KEYS)
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "rules":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: rules must be a table of article-rule settings")
            from auditor.rules.runner import validate_rule_settings

            try:
                validate_rule_settings(value)
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
            out["rules"] = dict(value)
        elif key == "ignore":
            out["ignore"] = _ignores(value, where)
        elif key == "pages":
            from auditor.rules.runner import validate_rule_settings

            out["pages"] = page_entries(value, where, validate_rule_settings)
        elif key == "login":
            out["login"] = login_table(value, where)
        elif key in OPTION_BY_NAME:
            option = OPTION_BY_NAME[key]
            out[key] = _parse(option, f"{where}: {key}", value, option.type.from_toml)
        else:
            raise ConfigError(f"{where}: {unknown_key(raw_key, known)}")
    return out


def _parse(option: Option, label: str, raw: Any, parse) -> Any:
    try:
        return parse(raw)
    except Invalid as exc:
        raise ConfigError(problem(label, option.type, raw, exc)) from None


# ---- the environment and the command line ---------------------------------------------------

def settings_from_environment(environ: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """(values of the AUDITOR_* variables that are set, warnings about those that name no setting).

    An empty variable counts as unset, so a CI job can pass an optional input through.
    """
    out: dict[str, Any] = {}
    for option in OPTIONS:
        text = environ.get(option.env_name, "")
        if text.strip():
            out[option.name] = _parse(option, option.env_name, text, option.type.from_text)
    known = [o.env_name for o in OPTIONS] + list(OTHER_VARIABLES)
    warnings = [f"{name} is not a setting{did_you_mean(name, known)}; it is ignored"
                for name in sorted(environ) if name.startswith("AUDITOR_") and name not in known]
    return out, warnings


def settings_from_flags(flags: Mapping[str, Any]) -> dict[str, Any]:
    """Values given on the command line: strings, tuples of strings for repeatable flags, booleans."""
    out: dict[str, Any] = {}
    for name, raw in flags.items():
        option = OPTION_BY_NAME.get(name)
        if option is None:
            raise ConfigError(f"unknown setting {name!r}")
        if raw is None or raw == ():
            continue
        parse: Callable[[Any], Any]
        if isinstance(raw, str):
            parse = option.type.from_text
        elif isinstance(raw, tuple) and option.type.repeatable:
            parse = option.type.from_flags
        else:
            parse = option.type.from_toml  # a typed value, e.g. a flag's boolean
        out[name] = _parse(option, option.flag_name, raw, parse)
    return out


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    sources: dict[str, str]  # key -> "default", "file PATH", "environment AUDITOR_X" or "command line"
    path: Path | None
    warnings: tuple[str, ...] = ()


def load_settings(flags: Mapping[str, Any] | None = None, config_path: str | None = None, start: Path | None = None,
                  use_file: bool = True, environ: Mapping[str, str] | None = None) -> Loaded:
    """defaults < file < environment < flags; `flags` holds only what the user gave (None: not given)."""
    found: tuple[Path, dict[str, Any]] | None = None
    if config_path:
        path = Path(config_path)
        found = (path, read_config(path))
    elif use_file:
        found = find_config(start)
    sources = {o.name: "default" for o in OPTIONS}
    sources.update(rules="default", ignore="default", pages="default", login="default")
    values: dict[str, Any] = {}
    layers: list[tuple[str, dict[str, Any]]] = []
    if found:
        layers.append((f"file {found[0]}", settings_from_table(found[1], str(found[0]))))
    env_values, warnings = settings_from_environment(os.environ if environ is None else environ)
    layers.append(("environment", env_values))
    layers.append(("command line", settings_from_flags(flags or {})))
    for source, layer in layers:
        values.update(layer)
        for key in layer:
            sources[key] = f"environment {OPTION_BY_NAME[key].env_name}" if source == "environment" else source
    settings = Settings(**values).validate()  # each layer checked its values, naming where they came from
    return Loaded(settings, sources, found[0] if found else None, tuple(warnings))


# ---- `auditor config` and `auditor init` ----------------------------------------------------

def show(loaded: Loaded, url: str | None = None) -> str:
    """`auditor config`: the effective settings and where each came from, as TOML. With `url`: the
    settings of that page, the [[pages]] entries matching it applied (and named as the source)."""
    lines = [f"# configuration file: {loaded.path or 'none found'}",
             "# precedence: defaults < file < environment (AUDITOR_*) < command line < [[pages]] entries"]
    settings, sources = loaded.settings, dict(loaded.sources)
    if url is not None:
        settings, entries = loaded.settings.for_url(url)
        applied = ", ".join(f"#{e.number} (match = {toml_value(list(e.match))})" for e in entries)
        lines.append(f"# for {url}: [[pages]] {applied if entries else 'entries: none matches'}")
        for entry in entries:
            sources.update(dict.fromkeys(entry.values, entry.label))
    for option in OPTIONS:
        value = getattr(settings, option.name)
        if value is None:
            lines.append(f"# {option.name} = (unset)")
        else:
            lines.append(f"{option.name} = {option.type.toml(value)}  # {sources[option.name]}")
    if settings.rules:
        lines.append(f"\n[rules]  # {sources['rules']}")
        lines += [f"{k} = {toml_value(v)}" for k, v in sorted(settings.rules.items())]
    for ig in loaded.settings.ignore:
        lines.append(f"\n[[ignore]]  # {loaded.sources['ignore']}")
        for key in IGNORE_KEYS:
            value = getattr(ig, key)
            if value:
                lines.append(f"{key} = {toml_value(value)}")
    if loaded.settings.login:
        lines.append(f"\n[login]  # {loaded.sources['login']}")
        lines += [f"{k} = {toml_value(loaded.settings.login[k])}" for k in LOGIN_KEYS if k in loaded.settings.login]
    for entry in loaded.settings.pages:
        lines.append(f"\n[[pages]]  # #{entry.number}, {loaded.sources['pages']}")
        lines.append(f"match = {toml_value(list(entry.match))}")
        lines += [f"{k} = {_toml(k, v)}" for k, v in entry.values.items()]
    if loaded.warnings:
        lines.append("")
        lines += [f"# note: {w}" for w in loaded.warnings]
    return "\n".join(lines) + "\n"


def _toml(key: str, value: Any) -> str:
    return OPTION_BY_NAME[key].type.toml(value) if key in OPTION_BY_NAME else toml_value(value)


def _wrap(text: str, width: int = 96) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent="# ", subsequent_indent="# ")


def starter_file() -> str:
    """`auditor init`: every option of the table, commented out, with what it does."""
    from auditor.options import GROUPS

    lines = ["# auditor configuration. Environment variables (AUDITOR_*) and flags override these values.",
             "# Uncomment what you need; 'auditor config' shows the effective settings, docs/settings.md all of them.",
             ""]
    for group in GROUPS:
        members = [o for o in OPTIONS if o.group == group]
        if not members:
            continue
        lines += [f"# ---- {group} ----", ""]
        for option in members:
            shown = option.example if option.example is not None and not option.default else option.default
            lines += _wrap(option.help[0].upper() + option.help[1:] + ".")
            lines.append(f"# {option.name} = {option.type.toml(shown)}")
            lines.append("")
    lines += _rules_section() + [
        "# Findings left out on purpose. Each needs a rule, selector or url; reason and expires are optional.",
        "# An ignore stops applying after its expiry date, and the report says so.",
        "# [[ignore]]",
        '# rule = "color-contrast"',
        '# selector = ".ad-slot"',
        '# url = "https://example.org/archive/*"',
        '# reason = "third-party ad slots; tracked in TICKET-123"',
        "# expires = 2027-06-30",
        "",
    ]
    return "\n".join(lines)


def _rules_section() -> list[str]:
    """The article rules' declared options; long defaults (word lists by language) are named, not copied."""
    from auditor.rules.runner import option_declarations

    lines = ["# ---- Article rules (see 'auditor rules' and docs/rules.md) ----", "", "# [rules]"]
    for option in option_declarations().values():
        shown = toml_value(option.default)
        lines += _wrap(option.help[0].upper() + option.help[1:] + ".")
        if len(shown) <= 60:
            lines.append(f"# {option.name} = {shown}")
        else:
            lines.append(f"# {option.name}: {option.type.describe}; the defaults are in docs/rules.md")
        lines.append("")
    return lines
