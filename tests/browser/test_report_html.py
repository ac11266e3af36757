"""The HTML report in a real browser: rendered from a real audit, then audited by the auditor itself.

One audit (with screenshots) of a hostile fixture page, a plain one and a 404 builds the
report once per module; the report folder is served over loopback HTTP so the auditor
reaches the shared assets and screenshots beside the page reports.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from auditor.config import Settings
from auditor.reports import write_all
from tests.support.server import FaultServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(chromium, site, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    results = chromium.audit([site.page("report-hostile.html"), site.page("basic.html"), site.url("/fault/status/404")],
                             Settings(screenshots=True), out)
    write_all(results, out)
    server = FaultServer(out)
    server.start()
    yield SimpleNamespace(out=out, results=results, index=server.page("index.html"),
                          page=server.page("pages/0001.html"))
    server.stop()


def browse(chromium, url: str, script: str, *, javascript: bool = True, before=None):
    """Open url in a fresh context; returns (what `script` evaluates to, dialogs seen, what `before(page)` returned)."""
    async def run():
        ctx = await chromium.browser.new_context(java_script_enabled=javascript,
                                                 viewport={"width": 1280, "height": 900})
        try:
            page = await ctx.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            await page.goto(url)
            done = await before(page) if before else None
            value = await page.evaluate(script)
            return value, dialogs, done
        finally:
            await ctx.close()
    return chromium.call(run())


def test_the_report_is_built_from_a_real_audit_with_pictures(report):
    hostile, basic, missing = report.results.pages
    assert hostile.status == "audited" and "<script>" in hostile.title
    assert any(f.box for f in hostile.findings)
    assert missing.status == "error"
    assert (report.out / hostile.screenshot).is_file()
    source = (report.out / "pages" / "0001.html").read_text(encoding="utf-8")
    assert source.count('class="crop"') >= 2


def test_what_was_checked_lists_the_rules_that_passed_and_did_not_apply_and_opens_by_keyboard(chromium, report):
    hostile = report.results.pages[0]
    passed = {o.rule for o in hostile.rules if o.outcome == "passed"}
    assert passed and any(o.outcome == "inapplicable" for o in hostile.rules)

    async def open_first(page):
        await page.focus("#checked-h ~ details summary")
        await page.keyboard.press("Enter")

    value, _, _ = browse(chromium, report.page, "() => [document.querySelector('#checked-h ~ details').open, "
                                                "document.querySelector('#checked-h').parentElement.innerText]",
                         before=open_first)
    is_open, text = value
    assert is_open
    assert all(rule in text for rule in passed)


@pytest.mark.parametrize("mobile", [False, True], ids=["desktop", "phone"])
def test_the_report_audits_clean_at_wcag_2_2_aa(chromium, report, mobile):
    audited = chromium.audit([report.index, report.page],
                             Settings(screenshots=False, standard="WCAG2.2AA", mobile=mobile))
    for page in audited.pages:
        assert page.status == "audited", page.error
        failed = [(f.rule, f.target, f.evidence) for f in page.findings if f.engine == "axe" and f.outcome == "failed"]
        assert failed == [], page.url
        # text contrast is decided, not left for review (a picture covering text would leave it undecided)
        undecided = [(f.target, f.evidence) for f in page.findings if f.rule == "color-contrast"]
        assert undecided == [], page.url


@pytest.mark.parametrize("which", ["index", "page"])
def test_headings_in_order_and_page_text_never_runs(chromium, report, which):
    info, dialogs, _ = browse(chromium, getattr(report, which), """() => ({
        headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]),
        pwned: window.pwned === undefined ? null : window.pwned,
        text: document.body.innerText,
        landmarks: ['header', 'main', 'footer'].map(t => document.querySelectorAll(t).length),
    })""")
    assert info["pwned"] is None and dialogs == []
    levels = info["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert info["landmarks"] == [1, 1, 1]
    assert "<script>window.pwned=1</script>" in info["text"]  # the hostile title, shown as text


def test_element_pictures_load_from_the_report_folder(chromium, report):
    loaded, _, _ = browse(chromium, report.page, """async () => {
        const urls = [...document.querySelectorAll('.crop-img, .thumb-img')]
            .map(el => getComputedStyle(el).backgroundImage.replace(/^url\\("?|"?\\)$/g, ''));
        const sizes = await Promise.all(urls.map(u => new Promise(done => {
            const img = new Image(); img.onload = () => done(img.naturalWidth); img.onerror = () => done(0); img.src = u;
        })));
        return {urls, sizes};
    }""")
    assert loaded["urls"] and all(url.endswith("/screenshots/0001.jpg") for url in loaded["urls"])
    assert all(width == 1280 for width in loaded["sizes"]), loaded


async def tab_through(page, count: int) -> list[list[str]]:
    """Press Tab `count` times; what had the focus each time: tag, name, value, text."""
    seen = []
    for _ in range(count):
        await page.keyboard.press("Tab")
        seen.append(await page.evaluate("""() => { const e = document.activeElement;
            return [e.tagName.toLowerCase(), e.name || '', e.value || '', e.textContent.trim().slice(0, 20)]; }"""))
    return seen


def test_filter_controls_are_reached_and_worked_with_the_keyboard(chromium, report):
    async def use_keyboard(page):
        seen = await tab_through(page, 12)
        # Tab on to the "critical" box and untick it with the space bar
        for _ in range(20):
            if await page.evaluate("() => document.activeElement.value === 'critical'"):
                break
            await page.keyboard.press("Tab")
        await page.keyboard.press("Space")
        return seen

    state, _, seen = browse(chromium, report.page, """() => ({
        formShown: !document.getElementById('filters').hidden,
        critical: [...document.querySelectorAll('section.rule[data-impact=critical]')].map(s => s.hidden),
        others: [...document.querySelectorAll('section.rule:not([data-impact=critical])')].map(s => s.hidden),
        status: document.querySelector('.filter-status').textContent,
    })""", before=use_keyboard)
    names = {(tag, name) for tag, name, _value, _text in seen}
    assert ("input", "impact") in names and ("select", "rule") in names and ("select", "engine") in names
    assert state["formShown"]
    assert state["critical"] and all(state["critical"]), "unticking Critical hides the critical rules"
    assert state["others"] and not any(state["others"])
    assert re.match(r"Showing \d+ of \d+ rules\.", state["status"])


def test_index_sorting_and_filters_are_keyboard_reachable(chromium, report):
    async def sort_with_keyboard(page):
        seen = await tab_through(page, 25)
        await page.focus("#pages-table thead th:nth-child(2) button")
        await page.keyboard.press("Enter")
        return seen

    sort, _, seen = browse(chromium, report.index,
                           "() => document.querySelector('#pages-table thead th:nth-child(2)').getAttribute('aria-sort')",
                           before=sort_with_keyboard)
    names = {(tag, name) for tag, name, _value, _text in seen}
    assert ("input", "impact") in names and ("select", "rule") in names and ("select", "engine") in names
    assert any(tag == "button" and text.startswith("Critical") for tag, _n, _v, text in seen)
    assert sort == "descending"


def test_without_javascript_everything_is_shown_and_filters_stay_hidden(chromium, report):
    state, _, _ = browse(chromium, report.page, """() => ({
        form: getComputedStyle(document.getElementById('filters')).display,
        hidden: document.querySelectorAll('section.rule[hidden]').length,
        rules: document.querySelectorAll('section.rule').length,
    })""", javascript=False)
    assert state["form"] == "none" and state["hidden"] == 0 and state["rules"] >= 2


def test_index_filter_by_rule_recounts_the_pages(chromium, report):
    async def pick(page):
        await page.select_option("#filter-rule", "image-alt")

    rows, _, _ = browse(chromium, report.index, """() => [...document.querySelectorAll('#pages-table tbody tr')]
        .map(r => [r.hidden, r.querySelector('a').getAttribute('href'),
                   ...[...r.querySelectorAll('td[data-col]')].map(c => +c.textContent)])""", before=pick)
    expected = {}
    for number, page in enumerate(report.results.pages, 1):
        mine = [f for f in page.findings if f.rule == "image-alt" and f.outcome == "failed"]
        if page.status == "audited":
            expected[f"pages/{number:04d}.html"] = (not mine, [sum(f.impact == i for f in mine) for i in
                                                               ("critical", "serious", "moderate", "minor")])
    got = {href: (hidden, counts[:4]) for hidden, href, *counts in rows}
    assert got == expected and any(not hidden for hidden, _ in got.values())
