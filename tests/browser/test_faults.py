"""Nothing is lost, whatever the page does (issue 2, section 4).

One run over every misbehaving page at once, as a user's archive would hold them;
each fault class then has its own test over that run. Every requested target must be
in the results exactly once, in input order, audited or with an error kind.
"""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from auditor.config import Settings
from auditor.errors import UNREACHABLE_HEADER

pytestmark = pytest.mark.browser

TIMEOUT = 10.0  # generous: these pages are small, but CI machines are busy


def _big_page(handler) -> None:
    rows = "".join(f"<p>Paragraph <span>{i}</span> <b>bold</b></p>" for i in range(20_000))
    handler.send_body(200, f"<!doctype html><html lang=en><head><title>Big</title></head><body><main>"
                           f"<h1>Sixty thousand elements</h1>{rows}</main></body></html>".encode())


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def run(chromium, site, tmp_path_factory):
    cases = {
        "ok": site.page("basic.html"),
        "hang": site.url("/fault/hang"),
        "half": site.url("/fault/half"),
        "404": site.url("/fault/status/404"),
        "500": site.url("/fault/status/503"),
        "loop": site.url("/fault/redirect-loop"),
        "pdf": site.url("/fault/pdf"),
        "png": site.url("/fault/png"),
        "dialogs": site.page("faults/dialogs.html"),
        "popup": site.page("faults/popup.html"),
        "navigates": site.page("faults/navigates.html"),
        "moves": site.page("faults/moves-mid-audit.html"),
        "busy": site.page("faults/busy.html"),
        "latin1": site.url("/fault/latin1"),
        "missing": str(tmp_path_factory.mktemp("none") / "no-such-article.html"),
        "closed": f"http://127.0.0.1:{_closed_port()}/article.html",
        # what the web service's egress proxy answers for a closed port
        "proxy-closed": site.add_route("/fault/egress-refused", lambda h: h.send_body(
            502, b"cannot connect to example.test:81", "text/plain", {UNREACHABLE_HEADER: "connection refused"})),
        "after": site.page("basic.html?again"),
    }
    result = chromium.audit(list(cases.values()), Settings(timeout=TIMEOUT, screenshots=False))
    pages = dict(zip(cases, result.pages))
    for name, page in pages.items():
        print(f"{name:10} {page.status:8} {page.duration_s:6.2f}s {page.error} {page.timings}")
    return cases, result, pages


def test_every_target_is_in_the_results_once_in_order(run):
    cases, result, _ = run
    expected = [v if "://" in v else Path(v).as_uri() for v in cases.values()]
    assert [p.requested_url for p in result.pages] == expected


def _error(pages, name):
    page = pages[name]
    assert page.status == "error", f"{name} should be an error, got {page.status}"
    return page.error


def test_server_that_never_answers_is_a_timeout(run):
    assert _error(run[2], "hang").kind == "timeout"


def test_half_a_page_then_a_stall_is_a_timeout(run):
    assert _error(run[2], "half").kind == "timeout"


@pytest.mark.parametrize("name,status", [("404", 404), ("500", 503)])
def test_http_errors_carry_their_status(run, name, status):
    err = _error(run[2], name)
    assert err.kind == "http"
    assert str(status) in err.message


def test_redirect_loop_is_a_navigation_error(run):
    err = _error(run[2], "loop")
    assert err.kind == "navigation"
    assert "redirect" in err.message


@pytest.mark.parametrize("name", ["pdf", "png"])
def test_non_html_responses_are_refused_by_name(run, name):
    err = _error(run[2], name)
    assert err.kind == "navigation"
    assert "not an HTML page" in err.message


def test_dialogs_are_dismissed_and_the_page_audited(run):
    # Playwright also dismisses dialogs when nobody listens; the gatherer listens so it can
    # dismiss them explicitly, whatever Playwright's default becomes.
    page = run[2]["dialogs"]
    assert page.status == "audited", page.error
    assert page.title == "Dialogs"


def test_pop_ups_are_closed_before_they_can_take_over_the_page(run):
    page = run[2]["popup"]
    assert page.status == "audited", page.error
    assert page.title == "Pop-ups"
    assert "from-popup" not in page.url


@pytest.mark.parametrize("name,lands_at", [("navigates", "landed.html"), ("moves", "landed.html?mid-audit")])
def test_a_page_that_navigates_itself_is_audited_where_it_lands(run, name, lands_at):
    """As soon as it has loaded (a client-side redirect), or in the middle of the audit (the moment
    the auditor has injected axe-core): either way the findings are the landing page's."""
    cases, _, pages = run
    page = pages[name]
    assert page.status == "audited", page.error
    assert page.requested_url == cases[name]
    assert page.url == cases[name].rsplit("/", 1)[0] + "/" + lands_at
    assert page.title == "Landed"
    assert [f.target for f in page.findings if f.rule == "image-alt"] == [("img",)]  # landed.html's image


def test_a_page_that_blocks_its_main_thread_times_out_and_the_run_goes_on(run):
    err = _error(run[2], "busy")
    assert err.kind == "timeout"
    assert run[2]["after"].status == "audited"


@pytest.mark.slow
def test_a_page_of_sixty_thousand_elements_is_audited(chromium, site):
    # It needs more time than the stalling pages above are given (per-page limits are one setting),
    # so it has a run of its own with a generous limit.
    site.add_route("/big", _big_page)
    page = chromium.audit([site.url("/big")], Settings(timeout=60, screenshots=False)).pages[0]
    assert page.status == "audited", page.error
    assert page.title == "Big"


def test_non_utf8_pages_are_decoded_by_their_charset(run):
    page = run[2]["latin1"]
    assert page.status == "audited", page.error
    assert page.title == "Grüße aus München"


def test_a_local_path_that_does_not_exist_is_a_target_error(run):
    err = _error(run[2], "missing")
    assert err.kind == "target"
    assert "no-such-article.html" in err.message


def test_a_closed_port_is_a_navigation_error(run):
    err = _error(run[2], "closed")
    assert err.kind == "navigation"
    assert "refused" in err.message


def test_a_closed_port_behind_the_services_proxy_is_connection_refused_not_http_502(run):
    err = _error(run[2], "proxy-closed")
    assert (err.kind, err.message) == ("navigation", "connection refused")
