"""The loopback file server over HTTP: only regular files really inside their folder; odd paths get 404."""
from __future__ import annotations

import http.client
import os
from pathlib import Path

import pytest

from auditor.fileserver import FileServer

SECRET = b"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A folder with pages, assets and planted links; the server with that folder as root 0."""
    tmp_path = tmp_path_factory.mktemp("served")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials").write_bytes(SECRET)
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "a.html").write_text("<p>page a</p>")
    (site / "sub" / "b.html").write_text("<p>page b</p>")
    (site / "assets" / "site.css").write_text("p { color: navy }")
    (site / "latest.html").symlink_to("a.html")  # a link that stays inside
    (site / "sub" / "style.css").symlink_to(site / "assets" / "site.css")
    (site / "credentials.txt").symlink_to(outside / "credentials")
    (site / "photo.jpg").symlink_to(outside / "credentials")
    (site / "linked").symlink_to(outside)
    (site / "up").symlink_to("..")
    os.mkfifo(site / "fifo.html")
    files = FileServer()
    url = files.url_for(site / "sub" / "b.html", site)
    yield files, url.rsplit("/", 2)[0] + "/", site
    files.stop()


def get(url: str, method: str = "GET") -> tuple[int, bytes]:
    """One request with the path sent exactly as written (no client-side normalising)."""
    rest = url.split("//", 1)[1]
    host, _, path = rest.partition("/")
    conn = http.client.HTTPConnection(host, timeout=10)
    try:
        conn.putrequest(method, "/" + path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_pages_and_assets_inside_the_folder_are_served(served):
    files, base, site = served
    assert get(base + "sub/b.html") == (200, b"<p>page b</p>")
    assert get(base + "assets/site.css")[0] == 200  # a page in sub/ may load ../assets/site.css
    assert get(base + "latest.html") == (200, b"<p>page a</p>")  # a link that stays inside
    assert get(base + "sub/style.css") == (200, b"p { color: navy }")
    assert get(base + "up/site/a.html") == (200, b"<p>page a</p>")  # out through a link and back in: inside
    assert get(base + "a.html?cache=1#top") == (200, b"<p>page a</p>")
    assert get(base + "sub/b.html", "HEAD")[0] == 200
    assert files.file_url(base + "sub/b.html") == (site / "sub" / "b.html").as_uri()


@pytest.mark.parametrize("path", [
    "credentials.txt",  # a file link out of the folder
    "photo.jpg",
    "linked/credentials",  # a folder link out of it
    "up/outside/credentials",  # a link to the folder's parent
    "%2e%2e/outside/credentials", "..%2foutside%2fcredentials", "sub/%2e%2e/%2e%2e/outside/credentials",
    "..\\outside\\credentials", "sub%5c..%5c..%5coutside%5ccredentials",
    "a.html%00", "a%00.html", "%00", "sub//b.html", "./a.html", "sub/",
    "%ff%fe.html", "x" * 300 + ".html", "a/" * 5000 + "a.html",
    "fifo.html",  # a FIFO in the folder: 404 at once, no hung thread
    "missing.html",
])
def test_odd_paths_and_links_leading_out_get_404(served, path, capfd):
    _, base, _ = served
    status, body = get(base + path)
    assert status == 404 and SECRET not in body
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("path", ["/9/a.html", "/x/a.html", "/-0/a.html", "/%30/a.html", "/0", "/"])
def test_paths_outside_every_root_get_404(served, path):
    _, base, _ = served
    assert get(base.split("/0/")[0] + path)[0] == 404


def test_the_server_keeps_serving_after_odd_requests(served):
    _, base, _ = served
    for path in ("a%00.html", "fifo.html", "%ff.html"):
        get(base + path)
    assert get(base + "a.html") == (200, b"<p>page a</p>")


def test_a_file_named_directly_is_served_from_its_own_folder_only(tmp_path):
    (tmp_path / "page.html").write_text("<p>one</p>")
    (tmp_path / "sibling").mkdir()
    (tmp_path / "sibling" / "x.css").write_text("p {}")
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "page.html").write_text("<p>deep</p>")
    files = FileServer()
    try:
        url = files.url_for(tmp_path / "deep" / "page.html")
        assert get(url) == (200, b"<p>deep</p>")
        assert get(url.rsplit("/", 1)[0] + "/%2e%2e/page.html")[0] == 404
        assert Path(url).name == "page.html"
    finally:
        files.stop()
