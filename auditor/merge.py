"""Combining shard results into one run, in the order of the unsharded target list."""
from __future__ import annotations

import dataclasses

from auditor.errors import AuditorError
from auditor.model import RuleInfo, RunResult


def merge(runs: list[RunResult]) -> RunResult:
    if not runs:
        raise AuditorError("give at least one results file to merge")
    pages = [p for run in runs for p in run.pages]
    indexed = [p.index for p in pages]
    if None in indexed:
        raise AuditorError("a results file has pages without an index (written by an older auditor); cannot order them")
    if len(set(indexed)) != len(indexed):
        dupes = sorted({i for i in indexed if indexed.count(i) > 1})[:5]
        raise AuditorError(f"the same page appears in more than one results file (index {dupes}); "
                           "were the shards run with the same targets and --shard K/N?")
    rules: dict[str, RuleInfo] = {}
    for run in runs:
        for rule in run.rules:
            rules.setdefault(rule.id, rule)
    fixed = [e for run in runs for e in ((run.baseline or {}).get("fixed") or ())]
    baseline = None
    if any(run.baseline is not None for run in runs):
        baseline = {"path": next(r.baseline["path"] for r in runs if r.baseline), "fixed": fixed}
    first = min(runs, key=lambda r: r.started_at)
    return dataclasses.replace(
        first, started_at=first.started_at, duration_s=max(r.duration_s for r in runs),
        pages=tuple(sorted(pages, key=lambda p: p.index)), interrupted=any(r.interrupted for r in runs),
        rules=tuple(rules.values()), baseline=baseline,
        expired_ignores=tuple(dict.fromkeys(e for r in runs for e in r.expired_ignores)))
