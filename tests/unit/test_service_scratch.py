"""Scratch folders a killed service left behind are removed at start; nothing else is.

Every folder here is under a test's own temp folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest

from auditor.service.scratch import OWNER, PREFIX, clean_stale, make_scratch, process_start


@pytest.fixture
def tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def folder(root, name: str, owner: str | None):
    path = root / (PREFIX + name)
    (path / "run" / "pages").mkdir(parents=True)
    (path / "run" / "pages" / "0001.html").write_text("<p>report</p>")
    if owner is not None:
        (path / OWNER).write_text(owner)
    return path


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_folders_whose_owner_is_provably_gone_are_removed(tmp):
    me = f"{os.getpid()} {process_start(os.getpid())}"
    dead = folder(tmp, "dead", f"{dead_pid()} 12345")
    reused = folder(tmp, "reused", f"{os.getpid()} 1")  # our pid, but a process that started at another time
    mine = folder(tmp, "mine", me)
    unmarked = folder(tmp, "unmarked", None)
    garbled = folder(tmp, "garbled", "not a pid")
    other = tmp / "something-else"
    other.mkdir()
    assert sorted(clean_stale()) == sorted([dead, reused])
    assert not dead.exists() and not reused.exists()
    assert mine.exists() and unmarked.exists() and garbled.exists() and other.exists()


def test_a_new_scratch_folder_is_marked_as_ours_and_kept(tmp):
    scratch = make_scratch()
    assert scratch.parent == tmp and scratch.name.startswith(PREFIX)
    assert (scratch / OWNER).read_text().split()[0] == str(os.getpid())
    assert clean_stale() == [] and scratch.exists()
