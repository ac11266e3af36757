"""Judging one page: axe's results plus every article rule, over the artifacts alone."""
from __future__ import annotations

import re
from typing import Any

from auditor.errors import ConfigError
from auditor.facts import with_required
from auditor.model import Artifacts, Finding, RuleError, RuleInfo
from auditor.rules import all_rules, axe
from auditor.rules.base import Issue, Rule, RuleMeta
from auditor.rules.page_args import PAGE_ARGS


def finding_from(meta: RuleMeta, issue: Issue) -> Finding:
    return Finding(rule=meta.id, engine="article", outcome=issue.outcome or meta.outcome, impact=meta.impact,
                   wcag=meta.wcag, act=meta.act, target=tuple(issue.target), html=issue.html,
                   message=issue.message, help_url=meta.help_url, evidence=issue.evidence)


def rule_options(rule: Rule, settings: dict[str, Any]) -> dict[str, Any]:
    return {name: settings.get(name, default) for name, default in rule.meta.options.items()}


def judge(artifacts: Artifacts, settings: dict[str, Any] | None = None,
          rules: tuple[Rule, ...] | None = None) -> tuple[list[Finding], list[RuleError]]:
    """All findings for one page; a rule that crashes becomes a RuleError for that rule alone."""
    settings = settings or {}
    found = list(axe.findings(artifacts))
    errors: list[RuleError] = []
    collected = set(artifacts.article.kinds)
    for rule in rules if rules is not None else all_rules():
        missing = [k for k in with_required(rule.meta.facts) if k not in collected]
        if missing:  # judged without its facts, the rule would pass silently
            errors.append(RuleError(rule.meta.id, f"needs page facts these artifacts do not hold: {', '.join(missing)}"))
            continue
        try:
            found.extend(finding_from(rule.meta, issue)
                         for issue in rule.evaluate(artifacts, rule_options(rule, settings)))
        except Exception as exc:  # one broken rule must not cost the page its other results
            errors.append(RuleError(rule.meta.id, f"{type(exc).__name__}: {exc}"))
    return _attach_boxes(found, artifacts), errors


def _attach_boxes(found: list[Finding], artifacts: Artifacts) -> list[Finding]:
    boxes = (artifacts.screenshot or {}).get("boxes") or {}
    if not boxes:
        return found
    import dataclasses

    return [dataclasses.replace(f, box=tuple(boxes[f.target[0]])) if f.target and f.target[0] in boxes else f
            for f in found]


def article_rule_infos() -> list[RuleInfo]:
    return [RuleInfo(id=r.meta.id, engine="article", title=r.meta.title, description=r.meta.description,
                     help=r.meta.help, impact=r.meta.impact, wcag=r.meta.wcag, act=r.meta.act,
                     tags=r.meta.tags, help_url=r.meta.help_url) for r in all_rules()]


# ---- article-rule settings ---------------------------------------------------------------

def option_defaults() -> dict[str, Any]:
    """Every article-rule option with its default (an option several rules share has one default)."""
    out: dict[str, Any] = {}
    for rule in all_rules():
        for name, default in rule.meta.options.items():
            out.setdefault(name, default)
    return out


def option_choices() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for rule in all_rules():
        out.update(rule.meta.choices)
    return out


def page_requests(settings: dict[str, Any] | None = None,
                  rules: tuple[Rule, ...] | None = None) -> dict[str, dict[str, Any]]:
    """The kinds of page fact `rules` (default: all) need, each with the arguments its page script
    reads (rules/page_args.py), built from the article-rule settings over the defaults."""
    values = {**option_defaults(), **(settings or {})}
    kinds = with_required({k for rule in (rules if rules is not None else all_rules()) for k in rule.meta.facts})
    return {kind: {arg.name: arg.value(values) for arg in PAGE_ARGS if arg.kind == kind} for kind in kinds}


_NOT_IN_BROWSER = re.compile(r"\(\?[aiLmsux]+[):]|\(\?P[<=]|\\[AZ]|\(\?#")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean (true or false)"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _check_string_list(key: str, value: Any, where: str = "") -> None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"rules.{key}{where} must be a list of strings, not {value!r}")


def _check_patterns(key: str, patterns: list[str], *, browser: bool) -> None:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ConfigError(f"rules.{key}: {p!r} is not a valid regular expression ({exc})") from None
        if browser and _NOT_IN_BROWSER.search(p):
            raise ConfigError(f"rules.{key}: {p!r} uses syntax the browser cannot run (inline flags, named groups, "
                              "\\A or \\Z); the patterns are case-insensitive already")


def validate_rule_settings(settings: dict[str, Any]) -> None:
    """Raise ConfigError naming the key when a setting is not an option of some article rule,
    or its value does not have the default's type (or is not one of the allowed values)."""
    defaults = option_defaults()
    choices = option_choices()
    for key, value in (settings or {}).items():
        if key not in defaults:
            known = ", ".join(sorted(defaults))
            raise ConfigError(f"unknown article-rule setting rules.{key} (known: {known})")
        default = defaults[key]
        if key in choices:
            if value not in choices[key]:
                raise ConfigError(f"rules.{key} must be one of {', '.join(map(repr, choices[key]))}, not {value!r}")
            continue
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif isinstance(default, str):
            ok = isinstance(value, str)
        elif isinstance(default, (list, tuple)):
            element = type(default[0]) if default else str
            ok = isinstance(value, (list, tuple)) and all(isinstance(v, element) and not isinstance(v, bool) for v in value)
            if ok and default and element is int:
                ok = len(value) == len(default) and all(v > 0 for v in value)
        elif isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"rules.{key} must be a table (e.g. by language), not {_kind(value)}")
            for sub, items in value.items():
                _check_string_list(key, items, f".{sub}")
            ok = True
        else:
            ok = True
        if not ok:
            shape = _kind(default) if not isinstance(default, (list, tuple)) else (
                f"a list of {len(default)} positive whole numbers" if default and isinstance(default[0], int)
                else "a list of strings")
            if isinstance(default, int) and not isinstance(default, bool):
                shape = "a positive whole number"
            raise ConfigError(f"rules.{key} must be {shape}, not {value!r}")
        if key.endswith("_patterns"):
            patterns = [p for items in value.values() for p in items] if isinstance(value, dict) else list(value)
            _check_patterns(key, patterns, browser=key == "disclaimer_patterns")
        if key.endswith("_selectors") and any(not s.strip() for s in value):
            raise ConfigError(f"rules.{key} must not hold empty selectors")
