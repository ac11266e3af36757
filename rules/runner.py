"""Judging one page: axe's results plus every article rule, over the artifacts alone."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.errors import ConfigError
from auditor.facts import with_required
from auditor.model import Artifacts, Finding, RuleError, RuleInfo, RuleOutcome, rule_outcome
from auditor.rules import all_rules, axe
from auditor.rules.base import Issue, Rule, RuleMeta, RuleOption
from auditor.rules.folding import fold
from auditor.rules.page_args import PAGE_ARGS
from auditor.values import Choice, Invalid, did_you_mean, problem


def finding_from(meta: RuleMeta, issue: Issue) -> Finding:
    return Finding(rule=meta.id, engine="article", outcome=issue.outcome or meta.outcome, impact=meta.impact,
                   wcag=meta.wcag, act=meta.act, target=tuple(issue.target), html=issue.html,
                   message=issue.message, help_url=meta.help_url, evidence=issue.evidence)


def rule_options(rule: Rule, settings: dict[str, Any]) -> dict[str, Any]:
    return {o.name: settings.get(o.name, o.default) for o in rule.meta.options}


@dataclass(frozen=True)
class Judged:
    """One page judged: its findings, the rules that crashed, and every rule's outcome there."""
    findings: list[Finding]
    errors: list[RuleError]
    outcomes: list[RuleOutcome]


def judge(artifacts: Artifacts, settings: dict[str, Any] | None = None,
          rules: tuple[Rule, ...] | None = None) -> tuple[list[Finding], list[RuleError]]:
    """All findings for one page; a rule that crashes becomes a RuleError for that rule alone."""
    judged = judge_page(artifacts, settings, rules)
    return judged.findings, judged.errors


def judge_page(artifacts: Artifacts, settings: dict[str, Any] | None = None,
               rules: tuple[Rule, ...] | None = None) -> Judged:
    settings = settings or {}
    found = list(axe.findings(artifacts))
    outcomes = axe.rule_outcomes(artifacts)
    errors: list[RuleError] = []
    collected = set(artifacts.article.kinds)
    chosen = rules if rules is not None else all_rules()
    for rule in chosen:
        missing = [k for k in with_required(rule.meta.facts) if k not in collected]
        if missing:  # judged without its facts, the rule would pass silently
            errors.append(RuleError(rule.meta.id, f"needs page facts these artifacts do not hold: {', '.join(missing)}"))
            continue
        options = rule_options(rule, settings)
        try:
            issues = list(rule.evaluate(artifacts, options))
            checked = None if rule.applies is None else sum(1 for _ in rule.applies(artifacts, options))
        except Exception as exc:  # one broken rule must not cost the page its other results
            errors.append(RuleError(rule.meta.id, f"{type(exc).__name__}: {exc}"))
            continue
        new = [finding_from(rule.meta, issue) for issue in issues]
        found.extend(new)
        outcomes.append(article_outcome(rule.meta.id, new, checked))
    return Judged(_attach_boxes(fold(found, chosen), artifacts), errors, outcomes)


def article_outcome(rule_id: str, findings: list[Finding], checked: int | None) -> RuleOutcome:
    failed = sum(f.outcome == "failed" for f in findings)
    cant_tell = len(findings) - failed
    passed = None
    if checked is not None:
        # An element may be reported for several things (a video and its tracks): count elements, not findings.
        reported = len({f.target for f in findings})
        checked = max(checked, reported)
        passed = checked - reported
    return RuleOutcome(rule=rule_id, engine="article", outcome=rule_outcome(failed, cant_tell, checked),
                       checked=checked, passed=passed, failed=failed, cantTell=cant_tell)


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
