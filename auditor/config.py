"""Settings of one run: one options table feeds the defaults, validation and help.

Precedence (lowest first): defaults < configuration file < command-line flags.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from auditor.errors import ConfigError

FAIL_ON = ("critical", "serious", "moderate", "minor", "none")

_STANDARD = re.compile(r"^(?:wcag)?2(?:\.?([012]))?(a{1,2})$")


def standard_tags(standard: str, best_practices: bool = False) -> tuple[str, ...]:
    """axe tags for e.g. 'WCAG2.2AA': every level up to the version and conformance level asked for."""
    m = _STANDARD.match(re.sub(r"[\s_-]", "", standard.lower()))
    if not m:
        raise ConfigError(f"--standard {standard!r} is not one of WCAG2.0A, WCAG2.0AA, WCAG2.1A, WCAG2.1AA, "
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
    rules: dict[str, Any] = field(default_factory=dict)  # article-rule settings, by option name

    def validate(self) -> "Settings":
        if not self.timeout > 0:
            raise ConfigError(f"timeout must be a positive number of seconds, not {self.timeout}")
        if not 1 <= self.concurrency <= 32:
            raise ConfigError(f"concurrency must be between 1 and 32, not {self.concurrency}")
        if self.fail_on not in FAIL_ON:
            raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}")
        if not self.slow_rule_budget > 0:
            raise ConfigError(f"slow_rule_budget must be a positive number of seconds, not {self.slow_rule_budget}")
        standard_tags(self.standard)
        if self.browser and not (os.path.isfile(self.browser) and os.access(self.browser, os.X_OK)):
            raise ConfigError(f"--browser {self.browser!r} is not an executable file")
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
