"""Judging one page: axe's results plus every article rule, over the artifacts alone."""
from __future__ import annotations

from typing import Any

from auditor.errors import ConfigError
from auditor.facts import with_required
from auditor.model import Artifacts, Finding, RuleError, RuleInfo
from auditor.rules import all_rules, axe
from auditor.rules.base import Issue, Rule, RuleMeta, RuleOption
from auditor.rules.page_args import PAGE_ARGS
from auditor.values import Choice, Invalid, did_you_mean, problem


def finding_from(meta: RuleMeta, issue: Issue) -> Finding:
    return Finding(rule=meta.id, engine="article", outcome=issue.outcome or meta.outcome, impact=meta.impact,
                   wcag=meta.wcag, act=meta.act, target=tuple(issue.target), html=issue.html,
                   message=issue.message, help_url=meta.help_url, evidence=issue.evidence)


def rule_options(rule: Rule, settings: dict[str, Any]) -> dict[str, Any]:
    return {o.name: settings.get(o.name, o.default) for o in rule.meta.options}


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

def option_declarations() -> dict[str, RuleOption]:
    """Every article-rule setting by name, in name order (rules that share one share its declaration)."""
    out: dict[str, RuleOption] = {}
    for rule in all_rules():
        for option in rule.meta.options:
            if out.setdefault(option.name, option) != option:
                raise RuntimeError(f"article-rule setting {option.name} is declared twice, differently")
    return dict(sorted(out.items()))


def option_defaults() -> dict[str, Any]:
    return {name: o.default for name, o in option_declarations().items()}


def option_choices() -> dict[str, tuple[str, ...]]:
    return {name: o.type.choices for name, o in option_declarations().items() if isinstance(o.type, Choice)}


def page_requests(settings: dict[str, Any] | None = None,
                  rules: tuple[Rule, ...] | None = None) -> dict[str, dict[str, Any]]:
    """The kinds of page fact `rules` (default: all) need, each with the arguments its page script
    reads (rules/page_args.py), built from the article-rule settings over the defaults."""
    values = {**option_defaults(), **(settings or {})}
    kinds = with_required({k for rule in (rules if rules is not None else all_rules()) for k in rule.meta.facts})
    return {kind: {arg.name: arg.value(values) for arg in PAGE_ARGS if arg.kind == kind} for kind in kinds}


def validate_rule_settings(settings: dict[str, Any]) -> None:
    """Raise ConfigError naming the key when a setting is no article rule's, or its value does not
    fit the type the rule declares."""
    declared = option_declarations()
    for key, value in (settings or {}).items():
        option = declared.get(key)
        if option is None:
            raise ConfigError(f"unknown article-rule setting rules.{key}{did_you_mean(key, declared)} "
                              f"(known: {', '.join(declared)})")
        try:
            option.type.check(value)
        except Invalid as exc:
            raise ConfigError(problem(f"rules.{key}", option.type, value, exc)) from None
