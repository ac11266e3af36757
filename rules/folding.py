"""One problem, one finding: ACT-facing findings folded into the finding that already tells it.

A house-policy rule and the ACT rule beside it often judge the same element for the same
problem (a video without a captions track fails house policy; ACT f51b46 asks a person to
check for open captions). Listing both would show the element twice, and an ignore or a
baseline entry for one would leave the other. A rule that declares `folds_into` has its
finding on an element moved into the `also` of a finding on that element by one of those
rules (transitively), when there is one; otherwise its finding stands on its own.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable

from auditor.model import Finding
from auditor.rules.base import Rule


def _closure(into: dict[str, tuple[str, ...]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}

    def reach(rule_id: str, seen: frozenset[str]) -> set[str]:
        found: set[str] = set()
        for target in into.get(rule_id, ()):
            if target not in seen:
                found |= {target} | reach(target, seen | {target})
        return found

    for rule_id in into:
        out[rule_id] = reach(rule_id, frozenset({rule_id}))
    return out


def _depth(rule_id: str, into: dict[str, tuple[str, ...]], seen: frozenset[str] = frozenset()) -> int:
    targets = [t for t in into.get(rule_id, ()) if t not in seen]
    return 1 + max((_depth(t, into, seen | {rule_id}) for t in targets), default=-1) if targets else 0


def fold(found: list[Finding], rules: Iterable[Rule]) -> list[Finding]:
    """`found` with each folding rule's finding moved into the finding it folds into; order kept."""
    into = {r.meta.id: r.meta.folds_into for r in rules if r.meta.folds_into}
    if not into or not any(f.rule in into for f in found):
        return found
    reach = _closure(into)
    depth = {rule_id: _depth(rule_id, into) for rule_id in into}
    kept: dict[int, Finding] = {}  # original position -> finding, with what was folded into it
    at: dict[tuple[str, ...], list[int]] = {}  # target -> positions of kept findings there
    # Findings that others fold into come first, so the finding they fold into is already kept.
    for n, f in sorted(enumerate(found), key=lambda item: depth.get(item[1].rule, 0)):
        hosts = reach.get(f.rule)
        host = next((k for k in at.get(f.target, ()) if kept[k].rule in hosts), None) if hosts else None
        if host is None:
            kept[n] = f
            at.setdefault(f.target, []).append(n)
        else:
            kept[host] = dataclasses.replace(kept[host], also=kept[host].also + (f,))
    return [kept[n] for n in sorted(kept)]
