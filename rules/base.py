"""What a rule is: metadata beside a pure `evaluate(artifacts, options)`.

A rule yields `Issue`s; the runner turns them into contract `Finding`s by adding
the metadata, so every finding of one rule carries the same id, impact and references.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from auditor.model import Artifacts
from auditor.values import ValueType


@dataclass(frozen=True)
class Issue:
    """One element one rule complains about."""
    target: tuple[str, ...]
    html: str
    message: str
    evidence: str | None = None
    outcome: str | None = None  # None: the rule's default outcome


@dataclass(frozen=True)
class RuleOption:
    """One article-rule setting: its `[rules]` key, value type (auditor/values.py), default and help.
    Rules that share a setting share one RuleOption."""
    name: str
    type: ValueType
    default: Any
    help: str  # a phrase: what the setting changes


@dataclass(frozen=True)
class RuleMeta:
    id: str
    title: str  # what is wrong, as a sentence
    impact: str
    description: str  # why it matters
    help: str  # how to fix
    wcag: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    outcome: str = "failed"  # what the rule reports: "failed", or "cantTell" when it asks for review
    options: tuple[RuleOption, ...] = ()  # its settings in the configuration's [rules] table
    passing: tuple[str, ...] = ()  # HTML examples the rule accepts
    failing: tuple[str, ...] = ()  # HTML examples the rule reports
    facts: tuple[str, ...] = ()  # the kinds of page fact it reads (auditor/facts/page.py KINDS)
    # ACT rules it was checked against and does not claim: (ACT id, why not), for docs/rules.md
    act_not_claimed: tuple[tuple[str, str], ...] = ()
    # Rules whose finding on the same element tells the same problem: this rule's finding there is folded
    # into theirs (Finding.also) instead of being listed twice. ACT-facing rules name the house rules.
    folds_into: tuple[str, ...] = ()

    @property
    def help_url(self) -> str:
        return f"https://github.com/auditor-a11y/auditor/blob/main/docs/rules.md#{self.id}"


Evaluate = Callable[[Artifacts, dict[str, Any]], Iterable[Issue]]
# The elements a rule applies to on a page (its test targets, as ACT calls them): what it checked.
# None of them: the rule is inapplicable there; checked and not reported: passed.
Applies = Callable[[Artifacts, dict[str, Any]], Iterable[Any]]


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    evaluate: Evaluate
    applies: Applies | None = None


def rule(meta: RuleMeta, applies: Applies | None = None) -> Callable[[Evaluate], Rule]:
    """Decorator: `@rule(RuleMeta(...), applies=targets)` over `def evaluate(artifacts, options)`.
    `applies(artifacts, options)` yields the elements the rule judges (usually the iterator its
    evaluate loops over), so each page records whether the rule passed or did not apply."""
    def wrap(fn: Evaluate) -> Rule:
        return Rule(meta, fn, applies)
    return wrap
