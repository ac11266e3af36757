"""Where reports are written: regular files atomically, FIFOs and devices through, links followed;
the report folder's own files never through a link planted to lead out of it."""
from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import ReportError
from auditor.reports import copy_screenshots, write_all
from auditor.reports.output import write_chunks, write_text
from tests.fixtures.report_data import page, run, write_screenshots

IS_ROOT = os.geteuid() == 0


class FifoReader(threading.Thread):
    """Reads a FIFO to its end, as a `cat fifo` in a pipeline would."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.data = path, b""

    def run(self) -> None:
        with open(self.path, "rb") as fh:
            self.data = fh.read()


def fifo(path: Path) -> FifoReader:
    os.mkfifo(path)
    reader = FifoReader(path)
    reader.start()
    return reader


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(tmp_path):
    dest = tmp_path / "r.json"
    dest.write_text("old")
    dest.chmod(0o640)
    before = dest.stat().st_ino
    write_chunks(dest, ["{", "}"])
    assert dest.read_text() == "{}"
    assert dest.stat().st_ino != before  # a new file renamed into place, not the old one rewritten
    assert stat.S_IMODE(dest.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_fifo_is_written_through_and_stays_a_fifo(tmp_path):
    dest = tmp_path / "results.fifo"
    reader = fifo(dest)
    write_chunks(dest, ["first ", "second"])
    reader.join(10)
    assert reader.data == b"first second"
    assert stat.S_ISFIFO(dest.lstat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_its_target_replaced_and_the_link_kept(tmp_path):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "results.json"
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(Path("shared") / "results.json")
    before = target.stat().st_ino
    write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(Path("shared") / "results.json")
    assert target.read_text() == "new" and target.stat().st_ino != before
    dangling = tmp_path / "later.json"
    dangling.symlink_to(tmp_path / "shared" / "made-later.json")
    write_text(dangling, "created")
    assert dangling.is_symlink() and (tmp_path / "shared" / "made-later.json").read_text() == "created"


@pytest.mark.skipif(not IS_ROOT, reason="creating a device node needs root; without root a device cannot be "
                                        "replaced either (test_dev_null_stays_a_device covers that case)")
def test_a_device_node_is_written_through_not_destroyed(tmp_path):
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    link = tmp_path / "report.sarif"
    link.symlink_to(node)
    write_text(node, "gone to the null device")
    write_text(link, "through the link, to the device")
    assert stat.S_ISCHR(node.lstat().st_mode) and node.lstat().st_rdev == os.makedev(1, 3)
    assert link.is_symlink()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(IS_ROOT, reason="as root, a regression would replace this machine's /dev/null with a file; "
                                    "test_a_device_node_is_written_through_not_destroyed covers root with a node "
                                    "of its own")
def test_dev_null_stays_a_device():
    write_text("/dev/null", "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_is_a_one_line_error(tmp_path):
    with pytest.raises(ReportError, match="it is a folder"):
        write_text(tmp_path, "x")


def test_the_cli_writes_json_into_a_fifo_and_sarif_through_a_link(tmp_path):
    reader = fifo(tmp_path / "results.fifo")
    (tmp_path / "ci").mkdir()
    (tmp_path / "report.sarif").symlink_to(tmp_path / "ci" / "a11y.sarif")
    res = CliRunner().invoke(main, ["audit", str(tmp_path / "missing.html"), "--no-config", "--out",
                                    str(tmp_path / "rep"), "--json", str(tmp_path / "results.fifo"),
                                    "--sarif", str(tmp_path / "report.sarif"), "--annotations", "off"])
    reader.join(10)
    assert res.exit_code == 3, res.output  # the one page could not be audited: nothing else went wrong
    assert json.loads(reader.data)["summary"]["errors"] == 1
    assert stat.S_ISFIFO((tmp_path / "results.fifo").lstat().st_mode)
    assert (tmp_path / "report.sarif").is_symlink()
    assert json.loads((tmp_path / "ci" / "a11y.sarif").read_text())["version"] == "2.1.0"


# ---- the report folder is the auditor's: links planted in it are not followed out -----------------

def test_links_planted_in_the_report_folder_are_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "rep"
    (out / "pages").mkdir(parents=True)
    for name in ("index.html", "results.json", "pages/0001.html"):
        (out / name).symlink_to(victim)
    write_all(run([page(1)]), out)
    assert victim.read_text() == "precious"
    assert all((out / n).is_file() and not (out / n).is_symlink() for n in ("index.html", "results.json",
                                                                              "pages/0001.html"))


def test_a_report_subfolder_linked_out_of_the_report_folder_is_an_error(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "rep"
    out.mkdir()
    (out / "pages").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ReportError, match="leads out of the report folder"):
        write_all(run([page(1)]), out)
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_report_folder_that_is_itself_a_link_is_fine(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "rep").symlink_to(tmp_path / "real")
    write_all(run([page(1)]), tmp_path / "rep")
    assert (tmp_path / "real" / "pages" / "0001.html").is_file()


# ---- auditor report / merge: screenshots are copied only from inside the results folder ------------

def test_screenshots_linked_out_of_the_results_folder_are_not_copied(tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_bytes(b"PRIVATE KEY")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "0003.jpg").write_bytes(b"PRIVATE TOO")
    results = run([page(1), page(2), page(3)])
    src = tmp_path / "run"
    write_screenshots(run([page(1)]), src)  # 0001.jpg is a real screenshot inside the folder
    (src / "screenshots" / "0002.jpg").symlink_to(secret)
    (src / "screenshots" / "inner").mkdir()
    out = tmp_path / "rep"
    assert copy_screenshots(results, src, out) == 1
    assert sorted(p.name for p in (out / "screenshots").iterdir()) == ["0001.jpg"]
    # a link that stays inside the results folder is an ordinary screenshot
    (src / "screenshots" / "0003.jpg").symlink_to(src / "screenshots" / "0001.jpg")
    assert copy_screenshots(results, src, out) == 1
    assert (out / "screenshots" / "0003.jpg").read_bytes() == (src / "screenshots" / "0001.jpg").read_bytes()


def test_a_screenshots_folder_linked_out_of_the_results_folder_is_not_copied(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "0001.jpg").write_bytes(b"SOMEONE ELSE'S FILE")
    src = tmp_path / "run"
    src.mkdir()
    (src / "screenshots").symlink_to(tmp_path / "elsewhere")
    assert copy_screenshots(run([page(1)]), src, tmp_path / "rep") == 0
    assert not (tmp_path / "rep" / "screenshots").exists()


def test_auditor_report_does_not_publish_what_a_screenshot_link_points_to(tmp_path):
    from auditor.reports import json as json_report

    secret = tmp_path / "credentials"
    secret.write_bytes(b"AWS_SECRET=hunter2")
    src = tmp_path / "run"
    (src / "screenshots").mkdir(parents=True)
    (src / "screenshots" / "0001.jpg").symlink_to(secret)
    json_report.write(run([page(1)]), src / "results.json")
    res = CliRunner().invoke(main, ["report", str(src / "results.json"), "--out", str(tmp_path / "rep")])
    assert res.exit_code == 0, res.output
    published = [p.read_bytes() for p in (tmp_path / "rep").rglob("*") if p.is_file()]
    assert published and not any(b"hunter2" in data for data in published)
