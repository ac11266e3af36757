"""Sitemaps are hostile by assumption: each read once, caps on pages and reads, bounded gunzip,
no DTDs, a sitemap on the web names only web URLs; every failure is an error target in place."""
from __future__ import annotations

import gzip
import itertools
import json
import os
import socket
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from auditor.sitemaps import MAX_BYTES
from auditor.targets import expand_targets

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
ROOT = Path(__file__).resolve().parents[2]
_prefixes = itertools.count()


def index(*locs: str) -> bytes:
    return f"<sitemapindex {NS}>{''.join(f'<sitemap><loc>{loc}</loc></sitemap>' for loc in locs)}</sitemapindex>".encode()


def urlset(*locs: str) -> bytes:
    return f"<urlset {NS}>{''.join(f'<url><loc>{loc}</loc></url>' for loc in locs)}</urlset>".encode()


class Docs:
    """Sitemap documents served under a prefix of their own on the shared loopback server, fetches counted."""

    def __init__(self, site):
        self.site, self.prefix = site, f"/sitemaps/{next(_prefixes)}/"

    def url(self, name: str) -> str:
        return self.site.url(self.prefix + name)

    def serve(self, name: str, body: bytes | None = None, *, status: int = 200, headers=None, raw=None) -> str:
        def route(h):
            if raw:
                return raw(h)
            h.send_body(status, body, "application/xml", headers)
        return self.site.add_route(self.prefix + name, route)

    @property
    def fetches(self) -> int:
        return self.site.hits_under(self.prefix)


@pytest.fixture
def docs(site):
    return Docs(site)


def pages(targets) -> list[str]:
    return [t.requested for t in targets if t.error is None]


def errors(targets) -> list[str]:
    return [t.error for t in targets if t.error]


# ---- each document once ------------------------------------------------------------------------

def test_an_index_naming_itself_is_read_once(docs):
    me = docs.url("self.xml")
    docs.serve("self.xml", index(*[me] * 10))
    out = expand_targets([me])
    assert docs.fetches == 1  # was 1,111
    assert errors(out) == [f"sitemap {me} lists no pages"]


def test_repeated_entries_do_not_multiply(docs, tmp_path):
    me, pages_xml = docs.url("index.xml"), docs.url("pages.xml")
    docs.serve("index.xml", index(*[me, pages_xml] * 20))  # the 40 entries
    docs.serve("pages.xml", urlset(*["https://news.example/a.html", "https://news.example/b.html"] * 50))
    t0 = time.monotonic()
    out = expand_targets([me])
    assert pages(out) == ["https://news.example/a.html", "https://news.example/b.html"] and errors(out) == []
    assert docs.fetches == 2
    local = tmp_path / "self.xml"
    local.write_bytes(index(*[str(local)] * 40))  # was 2.56 million targets
    assert len(expand_targets([str(local)])) == 1
    assert time.monotonic() - t0 < 5


def test_indexes_naming_each_other_are_each_read_once(docs):
    a, b = docs.url("a.xml"), docs.url("b.xml")
    docs.serve("a.xml", index(b, docs.url("p.xml")))
    docs.serve("b.xml", index(a, docs.url("p.xml#again")))
    docs.serve("p.xml", urlset("https://news.example/1.html"))
    assert pages(expand_targets([a])) == ["https://news.example/1.html"]
    assert docs.fetches == 3


# ---- caps ------------------------------------------------------------------------------------

def test_sitemap_reads_are_capped_at_100_by_default_and_the_cap_is_said(docs):
    children = [docs.serve(f"s{n}.xml", urlset(f"https://news.example/{n}.html")) for n in range(150)]
    top = docs.serve("index.xml", index(*children))
    out = expand_targets([top])
    assert docs.fetches == 100
    assert len(pages(out)) == 99
    assert errors(out) == [f"sitemap index {top}: 1 or more of its sitemaps not read: the limit of 100 sitemap files "
                           "read per run was reached (setting sitemap_max_fetches)"]


def test_the_read_cap_holds_across_arguments_and_is_configurable(docs):
    children = [docs.serve(f"s{n}.xml", urlset(f"https://news.example/{n}.html")) for n in range(3)]
    out = expand_targets([*children, children[0]], sitemap_max_fetches=2)
    assert pages(out) == ["https://news.example/0.html", "https://news.example/1.html"]
    assert [e.split(": ", 1)[1] for e in errors(out)] == ["the limit of 2 sitemap files read per run was reached "
                                                          "(setting sitemap_max_fetches)"] * 2
    assert docs.fetches == 2


def test_pages_are_capped_and_reading_stops_there(docs):
    first = docs.serve("a.xml", urlset(*[f"https://news.example/a{n}.html" for n in range(30)]))
    second = docs.serve("b.xml", urlset(*[f"https://news.example/b{n}.html" for n in range(30)]))
    top = docs.serve("index.xml", index(first, second, docs.url("c.xml")))
    docs.serve("c.xml", urlset("https://news.example/c.html"))
    out = expand_targets([top], sitemap_max_pages=50)
    assert len(pages(out)) == 50
    assert errors(out) == [
        f"sitemap {second} lists more pages, not read: the limit of 50 pages from sitemaps per run was reached "
        "(setting sitemap_max_pages)",
        f"sitemap index {top}: 1 of its sitemaps not read: the limit of 50 pages from sitemaps per run was "
        "reached (setting sitemap_max_pages)"]
    assert docs.fetches == 3  # c.xml was never fetched
    assert len(pages(expand_targets([first], sitemap_max_pages=50_000))) == 30


def test_indexes_nested_too_deep_are_said(docs):
    for n in range(5):
        docs.serve(f"i{n}.xml", index(docs.url(f"i{n + 1}.xml")))
    docs.serve("i5.xml", urlset("https://news.example/deep.html"))
    out = expand_targets([docs.url("i0.xml")])
    assert errors(out) == [f"sitemap index {docs.url('i3.xml')}: 1 of its sitemaps not read: nested deeper than 3 "
                           "levels"]
    assert docs.fetches == 4


# ---- gzip bombs ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bomb() -> bytes:
    """4 GiB of XML in 4 MB of gzip: a urlset opened, then spaces, in 8 MiB gzip members."""
    spaces = gzip.compress(b" " * (8 << 20), compresslevel=9)
    return gzip.compress(f"<urlset {NS}>".encode() + b" " * (8 << 20)) + spaces * 511


@pytest.mark.parametrize("where", ["web", "file"])
def test_a_gzip_bomb_stops_at_50_mb_in_little_memory(docs, tmp_path, bomb, where):
    if where == "web":
        arg = docs.serve("bomb.xml.gz", bomb)
    else:
        arg = str(tmp_path / "bomb.xml.gz")
        Path(arg).write_bytes(bomb)
    tracemalloc.start()
    try:
        t0 = time.monotonic()
        out = expand_targets([arg])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert errors(out) == [f"sitemap {arg} holds more than {MAX_BYTES // 2**20} MB of XML"]
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"  # was 4 GB, then a crash
    assert time.monotonic() - t0 < 20


def test_a_huge_loc_and_a_huge_plain_file_are_bounded_too(docs):
    huge_loc = gzip.compress(f"<urlset {NS}><url><loc>https://x.example/".encode() + b"a" * (60 << 20)
                             + b"</loc></url></urlset>")
    arg = docs.serve("loc.xml.gz", huge_loc)
    tracemalloc.start()
    try:
        out = expand_targets([arg])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert errors(out) == [f"sitemap {arg} holds more than 50 MB of XML"]
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    long_url = "https://x.example/" + "a" * 3000
    out = expand_targets([docs.serve("long.xml", urlset(long_url, "https://x.example/ok.html"))])
    assert errors(out) == ["sitemap entry is longer than 2048 characters"]
    assert pages(out) == ["https://x.example/ok.html"]


# ---- what a sitemap may name -------------------------------------------------------------------

def test_a_sitemap_on_the_web_may_not_name_local_files(docs, tmp_path):
    local = tmp_path / "local.xml"
    local.write_bytes(urlset("https://local-only.example/secret.html"))
    top = docs.serve("index.xml", index("/etc/passwd", "/dev/zero", "file:///etc/passwd", str(local),
                                        "local.xml", docs.url("ok.xml")))
    docs.serve("ok.xml", urlset("https://news.example/ok.html"))
    out = expand_targets([top], base=tmp_path)
    assert pages(out) == ["https://news.example/ok.html"]
    assert len(errors(out)) == 5
    assert all(e.startswith(f"refused: sitemap {top} is on the web, so it may name only http(s) URLs")
               for e in errors(out))


def test_a_redirect_may_lead_only_to_another_web_url(docs):
    ftp = socket.create_server(("127.0.0.1", 0))  # counts who connects: urllib alone would follow to ftp://
    ftp.settimeout(0.5)
    docs.serve("moved.xml", b"", status=301, headers={"Location": docs.url("new.xml")})
    docs.serve("new.xml", urlset("https://news.example/moved.html"))
    docs.serve("ftp.xml", b"", status=302, headers={"Location": f"ftp://127.0.0.1:{ftp.getsockname()[1]}/s.xml"})
    docs.serve("file.xml", b"", status=302, headers={"Location": "file:///etc/passwd"})
    try:
        out = expand_targets([docs.url("moved.xml"), docs.url("ftp.xml"), docs.url("file.xml")], timeout=2)
        with pytest.raises(TimeoutError):
            ftp.accept()[0].close()
    finally:
        ftp.close()
    assert pages(out) == ["https://news.example/moved.html"]
    assert len(errors(out)) == 2 and all(e.startswith("could not read sitemap") for e in errors(out))
    assert "redirect to ftp://127.0.0.1" in errors(out)[0]


def test_a_local_index_names_files_beside_it_but_never_a_device(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pages.xml").write_bytes(urlset("https://news.example/local.html"))
    os.mkfifo(tmp_path / "fifo.xml")
    (tmp_path / "index.xml").write_bytes(index("sub/pages.xml", "/dev/zero", str(tmp_path / "fifo.xml"),
                                               "ftp://x.example/s.xml", "http://[::1/s.xml"))
    out = expand_targets([str(tmp_path / "index.xml")], base=Path("/"))
    assert pages(out) == ["https://news.example/local.html"]
    assert errors(out)[:2] == ["sitemap /dev/zero is not a regular file",
                               f"sitemap {tmp_path / 'fifo.xml'} is not a regular file"]
    assert "not an http(s) URL or a path" in errors(out)[2]
    assert "http://[::1/s.xml" in errors(out)[3]


def test_dtds_and_entities_are_refused(docs):
    xxe = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f"<urlset {NS}><url><loc>https://x.example/&x;</loc></url></urlset>").encode()
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
              + f"]><urlset {NS}><url><loc>&lol9;</loc></url></urlset>").encode()
    out = expand_targets([docs.serve("xxe.xml", xxe), docs.serve("lol.xml", laughs)])
    assert pages(out) == []
    assert [e.split(" ", 2)[2] for e in errors(out)] == ["has a DTD or entity declarations, which sitemaps never "
                                                         "need; refused"] * 2


# ---- every failure is an error target in place -------------------------------------------------

def _cut_short(h):
    h.send_response(200)
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(urlset("https://news.example/early.html")[:-10])
    h.wfile.flush()
    h.close_connection = True


BAD = {
    "empty.xml": b"",
    "garbage.xml.gz": b"\x1f\x8b" + os.urandom(200),
    "truncated.xml.gz": gzip.compress(urlset("https://news.example/t.html"))[:-12],
    "trailing.xml.gz": gzip.compress(urlset("https://news.example/g.html")) + b"garbage!",
    "latin1.xml": f"<urlset {NS}><url><loc>https://news.example/caf\xe9.html</loc></url></urlset>".encode("latin-1"),
    "undefined-entity.xml": f"<urlset {NS}><url><loc>&nope;</loc></url></urlset>".encode(),
    "rss.xml": b"<?xml version='1.0'?><urlset-not><x/></urlset-not>",
    "nul.xml": f"<urlset {NS}><url><loc>https://x.example/\x00</loc></url></urlset>".encode(),
}


def test_odd_documents_become_error_targets_never_exceptions(docs):
    child_names = [*BAD, "status.xml", "cut.xml"]
    for name, body in BAD.items():
        docs.serve(name, body)
    docs.serve("bad-urls.xml", urlset("http://[::1/x", "https://x.example:99999/", "javascript:alert(1)",
                                      "//x.example/a"))
    docs.serve("status.xml", b"oops", status=500)
    docs.serve("cut.xml", raw=_cut_short)
    top = docs.serve("index.xml", index(*[docs.url(n) for n in child_names], docs.url("bad-urls.xml"),
                                        "not a url at all",
                                        "http://127.0.0.1:1/refused.xml"))
    from_index = expand_targets([top])
    for name in child_names:  # each document that failed says so, in its place
        assert any(docs.url(name) in e for e in errors(from_index)), name
    assert pages(from_index) == ["https://news.example/early.html", "https://x.example:99999/"]
    assert len(errors(from_index)) == len(child_names) + 3 + 2  # + bad-urls.xml's three, + the two odd entries
    for name in child_names:  # named directly: an error, or (empty.xml is no sitemap) the URL as a page
        out = expand_targets([docs.url(name)])
        assert [t.error is not None for t in out if docs.url(name) in (t.error or t.requested)] == [name != "empty.xml"]


def test_the_cli_exits_3_not_70_on_a_hostile_sitemap(docs, tmp_path, bomb):
    top = docs.serve("index.xml", index(docs.serve("bomb.xml.gz", bomb), "/etc/passwd", docs.url("index.xml")))
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", top, "--no-config", "--out", str(tmp_path / "r"),
                           "--json", str(tmp_path / "r.json")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "CI": "true"})
    assert proc.returncode == 3, proc.stderr
    doc = json.loads((tmp_path / "r.json").read_text())
    assert [p["error"]["kind"] for p in doc["pages"]] == ["target", "target"]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


def test_the_caps_are_settings_in_auditor_toml(docs, tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    children = [docs.serve(f"s{n}.xml", urlset(f"ftp://news.example/{n}.html")) for n in range(3)]
    top = docs.serve("index.xml", index(*children))
    (tmp_path / "auditor.toml").write_text("sitemap_max_fetches = 2\n")
    res = CliRunner().invoke(main, ["audit", top, "--config", str(tmp_path / "auditor.toml"), "--out",
                                    str(tmp_path / "rep"), "--json", str(tmp_path / "r.json")])
    assert res.exit_code == 3, res.output
    messages = [p["error"]["message"] for p in json.loads((tmp_path / "r.json").read_text())["pages"]]
    assert messages == ["sitemap entry is not an http(s) URL: ftp://news.example/0.html",
                        f"sitemap index {top}: 1 or more of its sitemaps not read: the limit of 2 sitemap files read "
                        "per run was reached (setting sitemap_max_fetches)"]
    assert docs.fetches == 2
    (tmp_path / "auditor.toml").write_text("sitemap_max_pages = 0\n")
    res = CliRunner().invoke(main, ["audit", top, "--config", str(tmp_path / "auditor.toml")])
    assert res.exit_code == 2 and "sitemap_max_pages must be a positive whole number" in res.output
