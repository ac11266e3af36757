"""Actions before the audit, in a real browser: a "load more" button that reveals the article,
every verb of the language in order, failing actions as page errors of kind `action`, and
selectors the browser refuses as usage errors before any page is opened."""
from __future__ import annotations

import pytest

from auditor.config import Settings
from auditor.errors import ConfigError

pytestmark = pytest.mark.browser


def _targets(page):
    return {f.target for f in page.findings}


def test_load_more_reveals_the_article_only_when_the_action_clicks_it(chromium, site):
    url = site.page("real/load-more.html")
    before = chromium.audit([url], Settings(screenshots=False)).pages[0]
    assert before.status == "audited" and ("#harbour",) not in _targets(before)
    after = chromium.audit([url], Settings(screenshots=False, actions=("click #load-more",))).pages[0]
    assert after.status == "audited", after.error
    assert any(f.rule == "image-alt" and f.target == ("#harbour",) for f in after.findings)


def test_every_verb_runs_in_order(chromium, site):
    url = site.page("real/actions.html")
    actions = ("fill #q storm surge", "select #edition uk", "check #terms", "click #q", "press Enter",
               "wait-for-url **/actions.html?q=storm*", "wait-for #done", "scroll-to #bottom", "scroll-to bottom",
               "wait 50")
    page = chromium.audit([url], Settings(screenshots=False, actions=actions)).pages[0]
    assert page.status == "audited", page.error
    assert page.title == "q=storm surge edition=uk terms=true"
    assert page.url.endswith("actions.html?q=storm%20surge&edition=uk")
    moved = chromium.audit([url], Settings(screenshots=False, actions=(f"navigate {site.page('basic.html')}",)))
    assert moved.pages[0].url == site.page("basic.html")


@pytest.mark.parametrize("actions,message", [
    (("click #load-more", "click #missing"), "action 2 'click #missing' failed: no element matches #missing within"),
    (("click #hidden-go",), "action 1 'click #hidden-go' failed: #hidden-go matches 1 element but none could be "
                            "clicked within"),
    (("wait-for-url **/never",), "action 1 'wait-for-url **/never' failed: the page's address did not match "
                                 "**/never within"),
])
def test_a_failing_action_is_a_page_error_of_its_own_kind_naming_it(chromium, site, actions, message):
    url = site.page("real/actions.html" if "hidden" in actions[0] or "url" in actions[0] else "real/load-more.html")
    page = chromium.audit([url], Settings(screenshots=False, timeout=4, actions=actions)).pages[0]
    assert page.status == "error" and page.error.kind == "action"
    assert page.error.message.startswith(message), page.error.message


def test_a_navigate_to_a_missing_page_fails_with_its_status(chromium, site):
    page = chromium.audit([site.page("basic.html")], Settings(
        screenshots=False, timeout=5, actions=(f"navigate {site.url('/fault/status/404')}",))).pages[0]
    assert page.error.kind == "action"
    assert page.error.message.endswith("failed: " + site.url("/fault/status/404") + " answered HTTP 404 Not Found")


@pytest.mark.parametrize("settings,message", [
    (Settings(actions=("click #load-more", "click #1abc")), "actions: '#1abc' is not a valid selector"),
    (Settings(wait_for="main:nope"), "wait_for: 'main:nope' is not a valid selector"),
])
def test_a_selector_the_browser_refuses_is_a_usage_error_before_any_page_opens(chromium, site, settings, message):
    path = "/refused-selector.html"
    url = site.add_route(path, lambda h: h.send_body(200, b"<!doctype html><title>x</title><p>x</p>"))
    with pytest.raises(ConfigError) as err:
        chromium.audit([url], settings)
    assert str(err.value).startswith(message)
    assert site.hits(path) == 0


def test_a_pages_entry_gives_its_actions_to_the_urls_it_matches_only(chromium, site):
    from auditor.pages import PageEntry

    live, other = site.page("real/load-more.html"), site.page("basic.html")
    entry = PageEntry(1, ("*/real/load-*",), {"actions": ("click #load-more",)})
    run = chromium.audit([live, other], Settings(screenshots=False, pages=(entry,)))
    assert [p.status for p in run.pages] == ["audited", "audited"], [p.error for p in run.pages]
    assert any(f.target == ("#harbour",) for f in run.pages[0].findings)  # the click revealed the article
    assert run.pages[1].url == other  # no click #load-more there (it would have failed: no such element)


def test_a_pages_entry_selector_the_browser_refuses_is_a_usage_error_naming_the_entry(chromium, site):
    from auditor.pages import PageEntry

    path = "/refused-entry.html"
    url = site.add_route(path, lambda h: h.send_body(200, b"<!doctype html><title>x</title><p>x</p>"))
    entry = PageEntry(3, ("*",), {"wait_for": "main:nope"})
    with pytest.raises(ConfigError) as err:
        chromium.audit([url], Settings(screenshots=False, pages=(entry,)))
    assert str(err.value).startswith("[[pages]] #3: wait_for: 'main:nope' is not a valid selector")
    assert site.hits(path) == 0


def test_a_pages_entry_audits_its_urls_on_a_phone(chromium, site):
    from auditor.pages import PageEntry

    url = site.page("real/by-viewport.html")
    desktop = chromium.audit([url], Settings(screenshots=False)).pages[0]
    assert desktop.status == "audited" and ("#map-phone",) not in _targets(desktop)
    phone = chromium.audit([url], Settings(screenshots=False, pages=(PageEntry(1, ("*by-viewport*",),
                                                                               {"mobile": True}),))).pages[0]
    assert any(f.rule == "image-alt" and f.target == ("#map-phone",) for f in phone.findings)
