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
           sample: int | None = None, shard: tuple[int, int] | None = None) -> list[tuple[int, Target]]:
    """(index in the full list, target) pairs to audit, in input order.

    Targets that are errors already (a missing file, an unreadable sitemap) are kept by
    include/exclude so nothing is dropped silently; sampling and sharding treat them like any other.
    """
    chosen = list(enumerate(targets))
    if include:
        chosen = [(i, t) for i, t in chosen
                  if t.error or any(fnmatch.fnmatchcase(t.requested, g) for g in include)]
    if exclude:
        chosen = [(i, t) for i, t in chosen
                  if t.error or not any(fnmatch.fnmatchcase(t.requested, g) for g in exclude)]
    if sample is not None and sample < len(chosen):
        # The same sample on every run and machine: the targets with the smallest hashes.
        keep = {i for i, _ in sorted(chosen, key=lambda it: _key(it[1]))[:sample]}
        chosen = [(i, t) for i, t in chosen if i in keep]
    if limit is not None:
        chosen = chosen[:limit]
    if shard is not None:
        k, n = shard
        chosen = [(i, t) for i, t in chosen if _key(t) % n == k - 1]
    return chosen
