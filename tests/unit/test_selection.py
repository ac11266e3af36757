"""Choosing targets: include/exclude, limit, deterministic samples, shards that partition the list."""
import pytest

from auditor.errors import ConfigError
from auditor.selection import parse_shard, select
from auditor.targets import Target

TARGETS = [Target(f"https://news.example/{section}/{n}.html", url="x") for section in ("world", "sport", "arts")
           for n in range(40)]


def test_shards_partition_the_targets_exactly_once():
    for n in (1, 2, 3, 7):
        seen = [i for k in range(1, n + 1) for i, _ in select(TARGETS, shard=(k, n))]
        assert sorted(seen) == list(range(len(TARGETS)))
    sizes = [len(select(TARGETS, shard=(k, 4))) for k in range(1, 5)]
    assert min(sizes) > 15  # a fair spread, not everything in one shard


def test_shards_are_stable_and_keep_input_order():
    a = select(TARGETS, shard=(2, 3))
    assert a == select(list(TARGETS), shard=(2, 3))
    assert [i for i, _ in a] == sorted(i for i, _ in a)


def test_include_exclude_limit_sample():
    assert len(select(TARGETS, include=["*/sport/*"])) == 40
    assert len(select(TARGETS, exclude=["*/sport/*", "*/arts/*"])) == 40
    assert [i for i, _ in select(TARGETS, limit=5)] == [0, 1, 2, 3, 4]
    sample = select(TARGETS, sample=10)
    assert len(sample) == 10 and sample == select(TARGETS, sample=10)
    assert [i for i, _ in sample] == sorted(i for i, _ in sample)
    assert sample != select(TARGETS, limit=10)


def test_error_targets_are_never_filtered_away():
    bad = Target("missing.html", error="no such file")
    chosen = select([bad, *TARGETS], include=["*/sport/*"], exclude=["*"])
    assert chosen == [(0, bad)]


@pytest.mark.parametrize("text", ["0/3", "4/3", "x", "1/0", "1-3"])
def test_bad_shards(text):
    with pytest.raises(ConfigError, match="K/N"):
        parse_shard(text)
