"""Files of the folders the auditor writes are its own: links and special files planted there are
replaced or refused, never written through, and never hang a read."""
from __future__ import annotations

import os
import threading

import pytest

from auditor.confine import open_own_file, read_regular, write_inside
from auditor.errors import AuditorError
from auditor.pagestore import StreamWriter, read_stream


def test_write_inside_replaces_a_planted_link_and_refuses_a_folder_leading_out(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    folder = tmp_path / "rep"
    (folder / "shots").mkdir(parents=True)
    (folder / "shots" / "1.jpg").symlink_to(victim)
    write_inside(folder / "shots" / "1.jpg", b"jpeg", folder)
    assert victim.read_text() == "precious"
    assert not (folder / "shots" / "1.jpg").is_symlink() and (folder / "shots" / "1.jpg").read_bytes() == b"jpeg"
    (folder / "out").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(OSError, match="leads out of"):
        write_inside(folder / "out" / "victim", b"x", folder)
    assert victim.read_text() == "precious"


def test_a_fresh_results_stream_replaces_a_planted_link(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / "results.jsonl").symlink_to(victim)
    StreamWriter(tmp_path / "results.jsonl", "2026-12-01T00:00:00Z", resuming=False).close()
    assert victim.read_text() == "precious"
    assert not (tmp_path / "results.jsonl").is_symlink()


def test_resuming_from_a_planted_link_is_refused_in_one_line(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (tmp_path / "results.jsonl").symlink_to(victim)
    with pytest.raises(AuditorError, match="cannot write .*results.jsonl: it is a symbolic link"):
        StreamWriter(tmp_path / "results.jsonl", "", resuming=True)
    with pytest.raises(AuditorError, match="cannot read .*results.jsonl to resume"):
        read_stream(tmp_path / "results.jsonl")
    assert victim.read_text() == "precious\n"


def test_a_fifo_in_place_of_a_file_does_not_hang_a_read(tmp_path):
    fifo = tmp_path / "0001.jpg"
    os.mkfifo(fifo)
    done = threading.Event()
    result = []
    thread = threading.Thread(target=lambda: (result.append(read_regular(fifo, 100)), done.set()), daemon=True)
    thread.start()
    assert done.wait(5), "reading a FIFO planted as a screenshot hung"
    assert result == [None]
    with pytest.raises(OSError):
        open_own_file(fifo, read=True)
