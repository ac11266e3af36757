"""Expanding targets: files, folders, @lists, sitemaps (index, gzip, URL); nothing dropped."""
import gzip
import http.server
import os
import threading
from pathlib import Path

import pytest

from auditor.config import Settings
from auditor.errors import AuditorError
from auditor.live import axe_source
from auditor.targets import expand_targets

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example/a.html</loc></url>
  <url><loc> https://news.example/b.html </loc></url>
  <url><loc>ftp://news.example/c.html</loc></url>
</urlset>"""


def test_files_folders_and_lists_keep_order_and_errors_in_place(tmp_path):
    (tmp_path / "site" / "sub").mkdir(parents=True)
    for name in ("b.html", "a.html", "sub/c.htm", "notes.txt"):
        (tmp_path / "site" / name).write_text("<p>x</p>")
    (tmp_path / "list.txt").write_text("# articles\nhttps://news.example/x.html\n\nsite/a.html\nmissing.html\n")
    out = expand_targets(["https://news.example/first.html", str(tmp_path / "site"), f"@{tmp_path / 'list.txt'}",
                          "mailto:x@example.org", str(tmp_path / "empty-dir-that-is-missing")], base=tmp_path)
    shown = [(Path(t.requested).name if t.requested.startswith("file:") else t.requested, bool(t.error)) for t in out]
    assert shown == [("https://news.example/first.html", False), ("a.html", False), ("b.html", False),
                     ("c.htm", False), ("https://news.example/x.html", False), ("a.html", False),
                     ("missing.html", True), ("mailto:x@example.org", True), ("empty-dir-that-is-missing", True)]
    assert "unsupported URL scheme" in out[7].error


def test_a_missing_list_and_an_empty_folder_are_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    out = expand_targets(["@nope.txt", str(tmp_path / "empty")], base=tmp_path)
    assert [bool(t.error) for t in out] == [True, True]
    assert "no .html files" in out[1].error


def test_sitemap_files_plain_gzip_and_index(tmp_path):
    (tmp_path / "news.xml").write_text(SITEMAP)
    (tmp_path / "more.xml.gz").write_bytes(gzip.compress(SITEMAP.replace("a.html", "z.html").encode()))
    (tmp_path / "index.xml").write_text(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<sitemap><loc>{tmp_path / "news.xml"}</loc></sitemap><sitemap><loc>{tmp_path / "more.xml.gz"}</loc></sitemap>'
        f'<sitemap><loc>{tmp_path / "gone.xml"}</loc></sitemap></sitemapindex>')
    out = expand_targets([str(tmp_path / "index.xml")])
    assert [t.requested for t in out][:2] == ["https://news.example/a.html", "https://news.example/b.html"]
    assert out[2].error and "ftp://" in out[2].error
    assert out[3].requested == "https://news.example/z.html"
    assert out[-1].error and "gone.xml" in out[-1].error
    (tmp_path / "broken.xml").write_text("<urlset><url><loc>x</loc>")
    entry, broken = expand_targets([str(tmp_path / "broken.xml")])  # what was read, then the error, in place
    assert "not an http(s) URL: x" in entry.error and "not valid XML" in broken.error


@pytest.fixture
def sitemap_server(tmp_path):
    (tmp_path / "sitemap.xml").write_text(SITEMAP)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(tmp_path), **kw)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_sitemap_urls_are_fetched_and_a_missing_one_is_an_error(sitemap_server):
    out = expand_targets([f"{sitemap_server}/sitemap.xml", f"{sitemap_server}/missing.xml"])
    assert [t.requested for t in out[:2]] == ["https://news.example/a.html", "https://news.example/b.html"]
    assert out[-1].error and "HTTP 404" in out[-1].error


def test_axe_script_option_records_its_version_and_refuses_other_files(tmp_path):
    assert axe_source(Settings())[1].startswith("4.")
    fake = tmp_path / "axe.min.js"
    fake.write_text("/*! axe v4.9.9 */ window.axe = { runPartial() {}, finishRun() {} };")
    assert axe_source(Settings(axe_script=str(fake)))[1] == "4.9.9"
    other = tmp_path / "jquery.js"
    other.write_text("/*! jQuery v3 */")
    with pytest.raises(AuditorError, match="not an axe-core build"):
        axe_source(Settings(axe_script=str(other)))
    with pytest.raises(AuditorError, match="cannot read"):
        axe_source(Settings(axe_script=str(tmp_path / "none.js")))


@pytest.fixture
def planted(tmp_path):
    """An audited folder with links planted in it: inside (fine) and out of it (refused)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials.html").write_text("<p>AWS_SECRET_ACCESS_KEY=...</p>")
    site = tmp_path / "site"
    (site / "2024").mkdir(parents=True)
    (site / "2024" / "story.html").write_text("<p>story</p>")
    (site / "latest.html").symlink_to(Path("2024") / "story.html")
    (site / "leak.html").symlink_to(outside / "credentials.html")
    (site / "archive").symlink_to(outside)
    (site / "mirror").symlink_to("2024")  # a folder link inside: its pages are found where they really are
    (site / "gone.html").symlink_to("deleted.html")  # dangling, inside
    os.mkfifo(site / "pipe.html")
    return site


def test_links_leading_out_of_a_folder_are_refused_in_place_and_links_inside_followed(planted):
    out = expand_targets([str(planted)])
    shown = [(t.requested.removeprefix(planted.as_uri() + "/"), t.path is not None, (t.error or "")[:8]) for t in out]
    assert shown == [("2024/story.html", True, ""), ("archive", False, "refused:"), ("gone.html", False, "cannot r"),
                     ("latest.html", True, ""), ("leak.html", False, "refused:"), ("pipe.html", False, "refused:")]
    assert all(t.root == planted for t in out if t.path)
    leak, archive = out[4], out[1]
    assert "leak.html is a symbolic link to" in leak.error and "outside" in leak.error
    assert "archive in" in archive.error and "folder outside it" in archive.error
    assert "not a regular file" in out[5].error


def test_a_file_named_directly_may_link_within_its_folder_only(planted):
    latest, leak, pipe = expand_targets([str(planted / n) for n in ("latest.html", "leak.html", "pipe.html")])
    assert latest.path == planted / "latest.html" and latest.root == planted and latest.error is None
    assert leak.error.startswith("refused: ") and leak.path is None
    assert pipe.error == f"refused: {planted / 'pipe.html'} is not a regular file"
