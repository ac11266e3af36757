"""Combining shard results into one run, in the order of the unsharded target list.

The engine's `ShardResults` source reads the shards through `collect_shards`; the run's
result is assembled by the engine like any other.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Callable

from auditor.errors import AuditorError
from auditor.model import RuleInfo, RunResult
from auditor.pagestore import PageSink
from auditor.run import Collected


def _check_indices(indexed: list[int | None]) -> None:
    if None in indexed:
        raise AuditorError("a results file has pages without an index (written by an older auditor); cannot order them")
    if len(set(indexed)) != len(indexed):
        dupes = sorted(i for i, n in Counter(indexed).items() if n > 1 and i is not None)[:5]
        raise AuditorError(f"the same page appears in more than one results file (index {dupes}); "
                           "were the shards run with the same targets and --shard K/N?")


def _combined(runs: list[RunResult], sink: PageSink, entries: list) -> Collected:
    """One run from the shards' metadata and their pages, already in index order."""
    rules: dict[str, RuleInfo] = {}
    for run in runs:
        for rule in run.rules:
            rules.setdefault(rule.id, rule)
    fixed = [e for run in runs for e in ((run.baseline or {}).get("fixed") or ())]
    baseline = None
    if any(run.baseline is not None for run in runs):
        baseline = {"path": next(r.baseline["path"] for r in runs if r.baseline), "fixed": fixed}
    first = min(runs, key=lambda r: r.started_at)
    return Collected(
        pages=sink.pages(entries), tool=first.tool, started_at=first.started_at,
        duration_s=max(r.duration_s for r in runs), interrupted=any(r.interrupted for r in runs),
        rules=tuple(rules.values()), baseline=baseline,
        expired_ignores=tuple(dict.fromkeys(e for r in runs for e in r.expired_ignores)))


def collect_shards(paths: list[str | Path], sink: PageSink,
                   on_load: Callable[[Path, RunResult], None] | None = None) -> Collected:
    """The shards' pages in index order. The files are read one at a time and their pages go to
    `sink` (results.jsonl), so memory holds one shard at most, however many there are.
    `on_load` sees each shard whole."""
    from auditor.reports import load_results

    if not paths:
        raise AuditorError("give at least one results file to merge")
    runs, entries = [], []
    try:
        for path in map(Path, paths):
            run = load_results(path)
            if on_load is not None:
                on_load(path, run)
            entries += [(page.index, sink.add(page)) for page in run.pages]
            runs.append(dataclasses.replace(run, pages=()))
    finally:
        sink.close()
    _check_indices([index for index, _ in entries])
    entries.sort(key=lambda e: e[0] if e[0] is not None else -1)  # _check_indices: every page has one
    return _combined(runs, sink, [entry for _, entry in entries])
