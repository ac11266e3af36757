"""Judging one page: axe's results plus every article rule, over the artifacts alone."""
from __future__ import annotations

from typing import Any

from auditor.model import Artifacts, Finding, RuleError, RuleInfo
from auditor.rules import all_rules, axe
from auditor.rules.base import Rule, RuleMeta


def finding_from(meta: RuleMeta, issue) -> Finding:
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
    for rule in rules if rules is not None else all_rules():
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
