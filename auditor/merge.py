"""Combining shard results into one run, in the order of the unsharded target list.

The engine's `ShardResults` source reads the shards through `collect_shards`; the run's
result is assembled by the engine like any other.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from auditor.errors import AuditorError, ConfigError
from auditor.model import RuleInfo, RunResult
from auditor.pagestore import PageSink
from auditor.run import Collected
from auditor.settings_record import settings_differ


def _check_indices(indexed: list[int | None]) -> None:
    if None in indexed:
        raise AuditorError("a results file has pages without an index (written by an older auditor); cannot order them")
    if len(set(indexed)) != len(indexed):
        dupes = sorted(i for i, n in Counter(indexed).items() if n > 1 and i is not None)[:5]
        raise AuditorError(f"the same page appears in more than one results file (index {dupes}); "
                           "were the shards run with the same targets and --shard K/N?")


def shard_problems(shards: list[tuple[Path, dict[str, Any] | None]]) -> tuple[list[str], list[str]]:
    """(what is wrong with this set of shard results, the shards missing from it), from each
    file's `shard` record: every file from a --shard run, of one N, of one target list, each K once."""
    problems: list[str] = []
    unsharded = [str(path) for path, shard in shards if not shard]
    if unsharded:
        problems.append(f"{', '.join(unsharded[:3])}{' …' if len(unsharded) > 3 else ''} "
                        f"{'was' if len(unsharded) == 1 else 'were'} not written by a --shard K/N run "
                        "(or by an auditor older than shard records)")
    sharded = [(path, shard) for path, shard in shards if shard]
    if not sharded:
        return problems, []
    first_path, first = sharded[0]
    n = first["n"]
    for path, shard in sharded[1:]:
        if shard["n"] != n:
            problems.append(f"{path} is shard {shard['k']}/{shard['n']} but {first_path} is of {n} shards")
        elif shard.get("targets") != first.get("targets"):
            problems.append(f"{path} (shard {shard['k']}/{n}) comes from a different target list than {first_path} "
                            f"(shard {first['k']}/{n})")
    given = Counter(shard["k"] for _, shard in sharded if shard["n"] == n)
    twice = sorted(k for k, c in given.items() if c > 1)
    if twice:
        problems.append(f"shard {', '.join(f'{k}/{n}' for k in twice)} given more than once")
    missing = [f"{k}/{n}" for k in range(1, n + 1) if k not in given]
    if missing:
        problems.insert(0, f"shard{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                           f"{'are' if len(missing) > 1 else 'is'} missing")
    return problems, missing


def _combined(runs: list[RunResult], sink: PageSink, entries: list, partial: dict[str, Any] | None) -> Collected:
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
    settings = next((r.settings for r in runs if r.settings), None)
    warnings = [w for r in runs for w in settings_differ(settings, r.settings, "a shard")][:1]
    return Collected(
        pages=sink.pages(entries), tool=first.tool, started_at=first.started_at,
        duration_s=max(r.duration_s for r in runs), interrupted=any(r.interrupted for r in runs),
        rules=tuple(rules.values()), baseline=baseline,
        expired_ignores=tuple(dict.fromkeys(e for r in runs for e in r.expired_ignores)),
        settings=settings, partial=partial, warnings=tuple(warnings))


def check_shards(paths: list[str | Path], allow_partial: bool = False) -> dict[str, Any] | None:
    """Refuse (exit 2) an incomplete set of shard results, or shards of different target lists, naming
    what is missing; with `allow_partial` return what is missing, for the merged run to say it is partial.
    Each file is read here once, before anything is written."""
    from auditor.reports import load_results

    if not paths:
        raise AuditorError("give at least one results file to merge")
    problems, missing = shard_problems([(Path(p), load_results(p).shard) for p in paths])
    if problems and not allow_partial:
        raise ConfigError(f"cannot merge: {'; '.join(problems)} (--allow-partial merges them anyway, marked partial)")
    return {"missing": missing, "problems": problems} if problems else None


def collect_shards(paths: list[str | Path], sink: PageSink,
                   on_load: Callable[[Path, RunResult], None] | None = None,
                   partial: dict[str, Any] | None = None) -> Collected:
    """The shards' pages in index order. The files are read one at a time and their pages go to
    `sink` (results.jsonl), so memory holds one shard at most, however many there are.
    `on_load` sees each shard whole; `partial` (from check_shards) marks an incomplete set."""
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
    return _combined(runs, sink, [entry for _, entry in entries], partial)
