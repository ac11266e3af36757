"""The audit options in a real browser: blocking, headers and cookies, mobile, wait-for,
standards, and judging saved artifacts again without a browser."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from auditor.config import Settings

pytestmark = pytest.mark.browser


def _page_with(site, path, body):
    return site.add_route(path, lambda h: h.send_body(200, body.encode()))


def test_block_third_party_drops_other_hosts_but_not_the_page_own(chromium, site):
    other = site.url("/third-party.png").replace("127.0.0.1", "localhost")
    url = _page_with(site, "/tp.html", f'<!doctype html><html lang=en><title>TP</title><main><h1>x</h1>'
                                       f'<img alt="" src="{other}"><img alt="" src="/own.png"></main></html>')
    chromium.gather(url, block_third_party=True)
    assert site.hits("/third-party.png") == 0
    assert site.hits("/own.png") >= 1
    chromium.gather(url)
    assert site.hits("/third-party.png") >= 1


def test_block_patterns_drop_matching_requests(chromium, site):
    url = _page_with(site, "/ads.html", '<!doctype html><html lang=en><title>Ads</title><main><h1>x</h1>'
                                        '<script src="/ads/tracker.js"></script></main></html>')
    chromium.gather(url, block=("*/ads/*",))
    assert site.hits("/ads/tracker.js") == 0


def test_headers_and_cookies_reach_the_server(chromium, site):
    seen = {}

    def echo(handler):
        seen["auth"] = handler.headers.get("Authorization")
        seen["cookie"] = handler.headers.get("Cookie")
        handler.send_body(200, b"<!doctype html><html lang=en><title>Members</title><main><h1>x</h1></main></html>")

    url = site.add_route("/members.html", echo)
    art = chromium.gather(url, headers={"Authorization": "Bearer s3cret"}, cookies=(("session", "abc123"),))
    assert art.title == "Members"
    assert seen == {"auth": "Bearer s3cret", "cookie": "session=abc123"}


def test_mobile_uses_a_phone_viewport_and_user_agent(chromium, site):
    seen = {}

    def ua(handler):
        seen["ua"] = handler.headers.get("User-Agent")
        handler.send_body(200, b"<!doctype html><html lang=en><meta name=viewport content=\"width=device-width\"><title>UA</title><main><h1 id=w>x</h1>"
                               b"<script>document.title = 'w' + innerWidth</script></main></html>")

    url = site.add_route("/ua.html", ua)
    assert chromium.gather(url, mobile=True).title == "w390"
    assert "Mobile" in seen["ua"]
    assert chromium.gather(url).title == "w1280"


def test_wait_for_waits_for_late_content_and_reports_when_it_never_comes(chromium, site):
    url = _page_with(site, "/late.html", '<!doctype html><html lang=en><title>Late</title><main><h1>x</h1></main>'
                                         '<script>setTimeout(() => { const i = document.createElement("img");'
                                         ' i.src = "late.png"; i.id = "late"; document.querySelector("main").append(i); }, 800)</script></html>')
    art = chromium.gather(url, wait_for="#late")
    assert any(n["target"] == ["#late"] for r in art.axe["violations"] if r["id"] == "image-alt" for n in r["nodes"])
    result = chromium.audit([url], Settings(wait_for="#never", timeout=4, screenshots=False))
    assert result.pages[0].error.kind == "timeout"
    assert "#never" in result.pages[0].error.message


def test_the_standard_chooses_axe_rules(chromium, site):
    # target-size is WCAG 2.2 only; html-has-lang is level A of 2.0.
    art22 = chromium.gather(site.page("basic.html"))
    art20 = chromium.gather(site.page("basic.html"), tags=("wcag2a",))
    assert "target-size" in art22.axe["ran"] and "target-size" not in art20.axe["ran"]
    assert "html-has-lang" in art20.axe["ran"]
    assert "color-contrast" not in art20.axe["ran"]  # level AA


def test_saved_artifacts_are_judged_again_without_a_browser(site, tmp_path):
    env = {**os.environ, "CI": "true", "AUDITOR_CHROMIUM": "/nonexistent-on-purpose"}
    common = ["--no-config", "--fail-on", "none", "--no-screenshots"]
    first = subprocess.run([sys.executable, "-m", "auditor", "audit", site.page("basic.html"), site.page("frames.html"),
                            "--save-artifacts", str(tmp_path / "art"), "--out", str(tmp_path / "a"), *common],
                           capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "true"})
    assert first.returncode == 0, first.stderr
    assert len(list((tmp_path / "art").glob("*.json"))) == 2
    # No browser can be found now: judging saved artifacts must not need one.
    again = subprocess.run([sys.executable, "-m", "auditor", "audit", "--from-artifacts", str(tmp_path / "art"),
                            "--out", str(tmp_path / "b"), *common], capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode == 0, again.stderr
    a = json.loads((tmp_path / "a" / "results.json").read_text())
    b = json.loads((tmp_path / "b" / "results.json").read_text())
    assert [[(f["rule"], f["target"]) for f in p["findings"]] for p in a["pages"]] == \
           [[(f["rule"], f["target"]) for f in p["findings"]] for p in b["pages"]]


def test_screenshot_quality_and_max_height_make_the_page_screenshot_smaller(chromium, site, tmp_path):
    from auditor.reports import images

    # A tall page with fine detail (which JPEG quality shows in the file's size), in one element.
    url = _page_with(site, "/tall.html", '<!doctype html><html lang=en><title>Tall</title><main><h1>Tall</h1>'
                                         '<div style="height:4000px;background:repeating-linear-gradient(45deg,'
                                         '#c33 0 3px,#fff 3px 5px,#36c 5px 9px)"></div></main></html>')
    sizes = {}
    for name, settings in (("default", Settings()), ("small", Settings(screenshot_quality=20,
                                                                       screenshot_max_height=1500))):
        result = chromium.audit([url], settings, tmp_path / name)
        assert result.pages[0].screenshot, (result.pages[0].status, result.pages[0].error)
        shot = tmp_path / name / result.pages[0].screenshot
        sizes[name] = (images.image_size(shot), shot.stat().st_size)
    (w_default, h_default), bytes_default = sizes["default"]
    (_, h_small), bytes_small = sizes["small"]
    assert h_default > 3000 and h_small == 1500  # cut at the maximum height
    assert bytes_small < bytes_default / 2
