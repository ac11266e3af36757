"""axe-core's results as findings: violations are `failed`, incomplete are `cantTell`.

axe's nested nodes are flattened to one finding per element per rule; WCAG success
criteria come from axe's tags (wcag111 -> 1.1.1), ACT ids from axe's rule metadata.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from auditor.model import SHADOW_JOIN, Artifacts, Finding, RuleInfo, RuleOutcome, rule_outcome

_SC_TAG = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")


def wcag_criteria(tags: list[str]) -> tuple[str, ...]:
    out = []
    for tag in tags:
        m = _SC_TAG.match(tag)
        if m:
            out.append(".".join(m.groups()))
    return tuple(out)


def _summary(text: str | None) -> str | None:
    """axe's failureSummary, folded to one readable line."""
    if not text:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines)


def checks(text: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """axe's failureSummary as (heading, checks) groups: a line ending in ':' that is not indented
    starts a group ("Fix any of the following:"), the indented lines under it are its checks."""
    groups: list[tuple[str, list[str]]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        if not line[:1].isspace() and line.rstrip().endswith(":"):
            groups.append((line.strip(), []))
        elif groups:
            groups[-1][1].append(line.strip())
        else:
            groups.append(("", [line.strip()]))  # a summary without a heading still keeps its lines
    return tuple((heading, tuple(items)) for heading, items in groups)


def findings(artifacts: Artifacts) -> Iterator[Finding]:
    axe = artifacts.axe or {}
    for key, outcome in (("violations", "failed"), ("incomplete", "cantTell")):
        for result in axe.get(key) or ():
            for node in result.get("nodes") or ():
                target = tuple(_flat_target(node.get("target") or ()))
                yield Finding(
                    rule=result["id"], engine="axe", outcome=outcome,
                    impact=node.get("impact") or result.get("impact") or "minor",
                    wcag=wcag_criteria(result.get("tags") or []),
                    act=tuple(result.get("actIds") or ()), target=target,
                    html=node.get("html") or "", message=result.get("help") or result["id"],
                    help_url=result.get("helpUrl") or "", evidence=_summary(node.get("failureSummary")),
                    checks=checks(node.get("failureSummary")),
                )
    for skipped in artifacts.axe_skipped:
        # A check that did not run is not a pass: it asks a person to look.
        yield Finding(rule=skipped["rule"], engine="axe", outcome="cantTell", impact="serious",
                      wcag=wcag_criteria(skipped.get("tags") or []), act=tuple(skipped.get("actIds") or ()),
                      target=("html",), html="<html>",
                      message=f"axe rule {skipped['rule']} was {skipped['reason']}",
                      help_url=skipped.get("helpUrl") or "", evidence=skipped["reason"])


def rule_outcomes(artifacts: Artifacts) -> list[RuleOutcome]:
    """Each axe rule that ran on the page, with its outcome and element counts (axe_results.js `counts`).

    Artifacts saved before the counts were recorded give only the rules that reported something.
    """
    axe = artifacts.axe or {}
    counts: dict[str, dict[str, int]] = dict(axe.get("counts") or {})
    for key, name in (("violations", "failed"), ("incomplete", "cantTell")):
        for result in axe.get(key) or ():
            entry = counts.setdefault(result["id"], {"passed": 0, "failed": 0, "cantTell": 0})
            entry[name] = max(entry.get(name, 0), len(result.get("nodes") or ()))
    counted = bool(axe.get("counts"))
    out = []
    for rule_id, c in sorted(counts.items()):
        failed, cant_tell = int(c.get("failed", 0)), int(c.get("cantTell", 0))
        passed = int(c.get("passed", 0)) if counted else None
        checked = passed + failed + cant_tell if passed is not None else None
        out.append(RuleOutcome(rule=rule_id, engine="axe", outcome=rule_outcome(failed, cant_tell, checked),
                               checked=checked, passed=passed, failed=failed, cantTell=cant_tell))
    for skipped in artifacts.axe_skipped:  # did not run to the end: a person must look
        out = [o for o in out if o.rule != skipped["rule"]]
        out.append(RuleOutcome(rule=skipped["rule"], engine="axe", outcome="cantTell", cantTell=1))
    return out


def _flat_target(target: Iterable[Any]) -> Iterator[str]:
    # Inside shadow DOM axe gives a list of selectors for one frame level; join them readably.
    for level in target:
        yield SHADOW_JOIN.join(level) if isinstance(level, list) else str(level)


def rule_infos(artifacts: Artifacts) -> list[RuleInfo]:
    return [RuleInfo(id=r["id"], engine="axe", title=r.get("help") or r["id"],
                     description=r.get("description") or "", help=r.get("help") or "",
                     wcag=wcag_criteria(r.get("tags") or []), act=tuple(r.get("actIds") or ()),
                     tags=tuple(r.get("tags") or ()), help_url=r.get("helpUrl") or "")
            for r in (artifacts.axe or {}).get("rules") or ()]
