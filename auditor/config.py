"""Settings of one run: one options table feeds the defaults, the file loader, validation,
`auditor config` and the starter file.

Precedence (lowest first): defaults < configuration file < command-line flags.
The file is `auditor.toml` (keys at the top level, as in ruff.toml) or the same keys under
`[tool.auditor]` in pyproject.toml, found from the working directory upwards.
Article-rule settings sit in a `[rules]` table; ignores are `[[ignore]]` entries.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.sitemaps import DEFAULT_MAX_FETCHES, DEFAULT_MAX_PAGES

FAIL_ON = ("critical", "serious", "moderate", "minor", "none")

_STANDARD = re.compile(r"^(?:wcag)?2(?:\.?([012]))?(a{1,2})$")


def standard_tags(standard: str, best_practices: bool = False) -> tuple[str, ...]:
    """axe tags for e.g. 'WCAG2.2AA': every level up to the version and conformance level asked for."""
    m = _STANDARD.match(re.sub(r"[\s_-]", "", standard.lower()))
    if not m:
        raise ConfigError(f"standard {standard!r} is not one of WCAG2.0A, WCAG2.0AA, WCAG2.1A, WCAG2.1AA, "
                          "WCAG2.2A, WCAG2.2AA")
    minor, level = int(m.group(1) or 0), m.group(2)
    tags = []
    for version in ("2", "21", "22")[: minor + 1]:
        tags.append(f"wcag{version}a")
        if level == "aa":
            tags.append(f"wcag{version}aa")
    if best_practices:
        tags.append("best-practice")
    return tuple(tags)


@dataclass(frozen=True)
class Option:
    name: str
    kind: str  # float, int, bool, str, list, table, choice
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    example: str | None = None  # for the starter file, when the default says little


OPTIONS: tuple[Option, ...] = (
    Option("standard", "str", "WCAG2.2AA", "WCAG version and level: WCAG2.0A .. WCAG2.2AA"),
    Option("best_practices", "bool", False, "also run axe-core's best-practice rules"),
    Option("fail_on", "choice", "serious", "lowest impact of a failed finding that fails the run", FAIL_ON),
    Option("timeout", "float", 30.0, "time limit per page, seconds"),
    Option("concurrency", "int", 2, "pages audited at once"),
    Option("mobile", "bool", False, "phone viewport and user agent"),
    Option("wait_for", "str", None, "CSS selector to wait for before auditing", example='"article h1"'),
    Option("headers", "table", {}, "extra HTTP headers, name = value", example='{ Authorization = "Bearer ..." }'),
    Option("cookies", "table", {}, "cookies for the audited pages, name = value", example='{ session = "..." }'),
    Option("block", "list", [], "URL globs of requests to drop (ads, trackers)", example='["*doubleclick*", "*/ads/*"]'),
    Option("block_third_party", "bool", False, "drop every request to another host than the page's own"),
    Option("browser", "str", None, "Chromium or Chrome executable", example='"/usr/bin/chromium"'),
    Option("axe_script", "str", None, "another axe.min.js to run instead of the bundled one"),
    Option("screenshots", "bool", True, "take page screenshots for the HTML report"),
    Option("slow_rule_budget", "float", 5.0, "seconds axe's superlinear rules may take on very big pages"),
    Option("article_selector", "str", None, "CSS selector of the article body", example='".story-body"'),
    Option("out", "str", "a11y-report", "report folder (results.json, HTML, screenshots)"),
    Option("json", "str", None, "also write the results JSON here"),
    Option("junit", "str", None, "write a JUnit XML report here"),
    Option("sarif", "str", None, "write a SARIF 2.1.0 report here"),
    Option("markdown", "str", None, "write a Markdown summary here"),
    Option("include", "list", [], "only audit URLs matching one of these globs"),
    Option("exclude", "list", [], "skip URLs matching one of these globs"),
    Option("limit", "int", None, "audit at most this many pages (after include/exclude)"),
    Option("sample", "int", None, "audit a deterministic random sample of this many pages"),
    Option("baseline", "str", None, "baseline file: only findings not in it fail the run"),
    Option("restart_every", "int", 100, "restart the browser after this many pages (bounds memory)"),
    Option("memory_cap_mib", "int", 3072, "restart the browser when its processes use more memory than this"),
    Option("sitemap_max_pages", "int", DEFAULT_MAX_PAGES, "pages a run takes from sitemaps at most"),
    Option("sitemap_max_fetches", "int", DEFAULT_MAX_FETCHES, "sitemap files (index files too) a run reads at most"),
    Option("annotations", "choice", "auto", "GitHub Actions ::error annotations: auto (when in Actions), on, off",
           ("auto", "on", "off")),
)
OPTION_BY_NAME = {o.name: o for o in OPTIONS}
SPECIAL_KEYS = ("rules", "ignore")


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
    timeout: float = 30.0
    concurrency: int = 2
    fail_on: str = "serious"
    standard: str = "WCAG2.2AA"
    best_practices: bool = False
    mobile: bool = False
    wait_for: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    block: tuple[str, ...] = ()
    block_third_party: bool = False
    browser: str | None = None
    axe_script: str | None = None
    screenshots: bool = True
    slow_rule_budget: float = 5.0
    article_selector: str | None = None
    out: str = "a11y-report"
    json: str | None = None
    junit: str | None = None
    sarif: str | None = None
    markdown: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    limit: int | None = None
    sample: int | None = None
    baseline: str | None = None
    restart_every: int = 100
    memory_cap_mib: int = 3072
    sitemap_max_pages: int = DEFAULT_MAX_PAGES
    sitemap_max_fetches: int = DEFAULT_MAX_FETCHES
    annotations: str = "auto"
    rules: dict[str, Any] = field(default_factory=dict)  # article-rule settings, by option name
    ignore: tuple[Ignore, ...] = ()

    def validate(self) -> "Settings":
        if not self.timeout > 0:
            raise ConfigError(f"timeout must be a positive number of seconds, not {self.timeout}")
        if not 1 <= self.concurrency <= 32:
            raise ConfigError(f"concurrency must be between 1 and 32, not {self.concurrency}")
        if self.fail_on not in FAIL_ON:
            raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}")
        if not self.slow_rule_budget > 0:
            raise ConfigError(f"slow_rule_budget must be a positive number of seconds, not {self.slow_rule_budget}")
        for name in ("limit", "sample", "restart_every", "memory_cap_mib", "sitemap_max_pages",
                     "sitemap_max_fetches"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ConfigError(f"{name} must be a positive whole number, not {value}")
        standard_tags(self.standard)
        if self.browser and not (os.path.isfile(self.browser) and os.access(self.browser, os.X_OK)):
            raise ConfigError(f"browser {self.browser!r} is not an executable file")
        if self.rules:
            from auditor.rules.runner import validate_rule_settings

            validate_rule_settings(self.rules)
        return self

    @property
    def tags(self) -> tuple[str, ...]:
        return standard_tags(self.standard, self.best_practices)

    def merged(self, **overrides: Any) -> "Settings":
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting {sorted(unknown)[0]!r}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def parse_pair(text: str, sep: str, what: str) -> tuple[str, str]:
    name, found, value = text.partition(sep)
    if not found or not name.strip():
        raise ConfigError(f"{what} {text!r} must look like NAME{sep}VALUE")
    return name.strip(), value.strip()


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


def _check(option: Option, value: Any, where: str) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{where}: {option.name} must be {expected}, not {value!r}")

    kind = option.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("a whole number")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad("a number")
        return float(value)
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            raise bad("a non-empty string")
        return value
    if kind == "choice":
        if value not in option.choices:
            raise bad("one of " + ", ".join(option.choices))
        return value
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("a list of strings")
        return tuple(value)
    if kind == "table":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise bad("a table of strings")
        return tuple(value.items())
    raise AssertionError(kind)


def _ignores(value: Any, where: str) -> tuple[Ignore, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: ignore must be a list of tables ([[ignore]] entries)")
    out = []
    for n, entry in enumerate(value, 1):
        here = f"{where}: ignore #{n}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{here} must be a table")
        unknown = set(entry) - {"rule", "selector", "url", "reason", "expires"}
        if unknown:
            raise ConfigError(f"{here}: unknown key {sorted(unknown)[0]!r} (use rule, selector, url, reason, expires)")
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
        elif key in OPTION_BY_NAME:
            out[key] = _check(OPTION_BY_NAME[key], value, where)
        else:
            raise ConfigError(f"{where}: unknown key {raw_key!r} (see 'auditor config' for the known keys)")
    try:
        Settings(**out).validate()
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return out


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    sources: dict[str, str]  # key -> "default", "file PATH" or "command line"
    path: Path | None


def load_settings(flags: dict[str, Any], config_path: str | None = None, start: Path | None = None,
                  use_file: bool = True) -> Loaded:
    """defaults < file < flags; `flags` holds only what the user gave (None means not given)."""
    found: tuple[Path, dict[str, Any]] | None = None
    if config_path:
        path = Path(config_path)
        found = (path, read_config(path))
    elif use_file:
        found = find_config(start)
    sources = {o.name: "default" for o in OPTIONS}
    sources.update(rules="default", ignore="default")
    values: dict[str, Any] = {}
    if found:
        path, table = found
        values.update(settings_from_table(table, str(path)))
        for key in values:
            sources[key] = f"file {path}"
    given = {k: v for k, v in flags.items() if v is not None}
    values.update(given)
    for key in given:
        sources[key] = "command line"
    settings = Settings(**values).validate()
    return Loaded(settings, sources, found[0] if found else None)


def show(loaded: Loaded) -> str:
    """`auditor config`: the effective settings and where each came from, as TOML."""
    lines = [f"# configuration file: {loaded.path or 'none found'}"]
    for option in OPTIONS:
        value = getattr(loaded.settings, option.name)
        shown = "{}" if option.kind == "table" and not value else _toml(value)
        lines.append(f"{option.name} = {shown}  # {loaded.sources[option.name]}")
    if loaded.settings.rules:
        lines.append(f"\n[rules]  # {loaded.sources['rules']}")
        lines += [f"{k} = {_toml(v)}" for k, v in sorted(loaded.settings.rules.items())]
    for ig in loaded.settings.ignore:
        lines.append(f"\n[[ignore]]  # {loaded.sources['ignore']}")
        for key in ("rule", "selector", "url", "reason", "expires"):
            value = getattr(ig, key)
            if value:
                lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if value is None:
        return '""  # unset'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return "{ " + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value) + " }"
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return _toml(str(value))


def starter_file() -> str:
    """`auditor init`: every option, commented out at its default, with what it does."""
    lines = ["# auditor configuration. Flags on the command line override these values.",
             "# Uncomment what you need; 'auditor config' shows the effective settings.", ""]
    for option in OPTIONS:
        shown = option.example if option.example is not None else _toml(option.default)
        if option.default is None and option.example is None:
            shown = '"..."'
        lines.append(f"# {option.help}")
        lines.append(f"# {option.name} = {shown}")
        lines.append("")
    lines += [
        "# Article-rule settings (see 'auditor rules' and docs/rules.md), for example:",
        "# [rules]",
        "# max_alt_length = 150",
        '# require_captions = "figures"',
        '# own_domains = ["example.org"]',
        "",
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
