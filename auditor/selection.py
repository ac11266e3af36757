"""Choosing which targets a run audits: include/exclude globs, a limit, a deterministic
sample, and a stable shard K/N that is the same on every machine."""
from __future__ import annotations

import fnmatch
import hashlib
import re

from auditor.errors import ConfigError
from auditor.targets import Target


def parse_shard(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ConfigError(f"--shard {text!r} must look like K/N with 1 <= K <= N, e.g. 2/4")
    return int(m.group(1)), int(m.group(2))


def _key(target: Target) -> int:
    return int.from_bytes(hashlib.sha256(target.requested.encode("utf-8")).digest()[:8], "big")


def select(targets: list[Target], *, include=(), exclude=(), limit: int | None = None,
           sample: int | None = None, shard: tuple[int, int] | None = None,
           stages: list[tuple[str, int]] | None = None) -> list[tuple[int, Target]]:
    """(index in the full list, target) pairs to audit, in input order.

    Targets that are errors already (a missing file, an unreadable sitemap) are kept by
    include/exclude so nothing is dropped silently; sampling and sharding treat them like any other.
    `stages`, when given, receives how many targets each step left ("targets", "--include", ...),
    so an empty selection can say which step emptied it.
    """
    chosen = list(enumerate(targets))
    steps = stages if stages is not None else []
    steps.append(("targets", len(chosen)))
    if include:
        chosen = [(i, t) for i, t in chosen
                  if t.error or any(fnmatch.fnmatchcase(t.requested, g) for g in include)]
        steps.append(("--include", len(chosen)))
    if exclude:
        chosen = [(i, t) for i, t in chosen
                  if t.error or not any(fnmatch.fnmatchcase(t.requested, g) for g in exclude)]
        steps.append(("--exclude", len(chosen)))
    if sample is not None and sample < len(chosen):
        # The same sample on every run and machine: the targets with the smallest hashes.
        keep = {i for i, _ in sorted(chosen, key=lambda it: _key(it[1]))[:sample]}
        chosen = [(i, t) for i, t in chosen if i in keep]
        steps.append(("--sample", len(chosen)))
    if limit is not None:
        chosen = chosen[:limit]
        steps.append(("--limit", len(chosen)))
    if shard is not None:
        chosen = in_shard(chosen, shard)
        steps.append((f"--shard {shard[0]}/{shard[1]}", len(chosen)))
    return chosen


def in_shard(chosen: list[tuple[int, Target]], shard: tuple[int, int]) -> list[tuple[int, Target]]:
    k, n = shard
    return [(i, t) for i, t in chosen if _key(t) % n == k - 1]


def list_digest(chosen: list[tuple[int, Target]]) -> str:
    """A digest of the whole (unsharded) selection: shards of one run share it, and merge checks it."""
    h = hashlib.sha256()
    for i, t in chosen:
        h.update(f"{i}\t{t.requested}\n".encode("utf-8", errors="replace"))
    return "sha256:" + h.hexdigest()


def why_empty(stages: list[tuple[str, int]]) -> str:
    """'no pages to audit: the targets give 4 pages, --include leaves none' for an empty selection."""
    first = stages[0][1] if stages else 0
    if not first:
        return "no pages to audit: the targets name no page (an empty list, sitemap or folder?)"
    emptied = next((name for name, n in stages[1:] if n == 0), "the selection")
    return f"no pages to audit: the targets give {first:,} page{'s' if first != 1 else ''}, {emptied} leaves none"
