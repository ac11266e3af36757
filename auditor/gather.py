"""Gathering one page: open it, let it settle, run axe in every frame and the page
scripts that measure the facts the rules need, take the screenshot. Returns `Artifacts`
or raises `GatherError`.

Only this module (and browser.py) touch Playwright.
"""
from __future__ import annotations

import asyncio
import fnmatch
import time
import urllib.parse
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from auditor import consent_dialog
from auditor.actions import Action
from auditor.confine import write_inside
from auditor.errors import UNREACHABLE_HEADER, GatherError, first_line
from auditor.facts import PageFacts, kind, with_required
from auditor.interact import run_actions
from auditor.model import Artifacts

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MOBILE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,  # screenshots stay small; layout is what matters
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
}
HTML_TYPES = ("text/html", "application/xhtml+xml")

# axe rules whose cost grows faster than the page: on a 4,000-link comment thread
# link-in-text-block and target-size take minutes, and color-contrast takes tens of
# seconds on a page of 60,000 elements. On such big pages they run last, one by one,
# under a time budget; an overrun is reported as cantTell with the reason.
# Normal pages run every rule in one pass, exactly as axe.run would.
SLOW_RULES = ("color-contrast", "link-in-text-block", "target-size")
BIG_PAGE_ELEMENTS = 5000
BIG_PAGE_LINKS = 800


def emulation(mobile: bool) -> tuple[dict[str, int], str]:
    """(viewport, user agent) pages are opened with; "" for the browser's own user agent."""
    options: dict[str, Any] = MOBILE if mobile else DESKTOP
    return dict(options["viewport"]), str(options.get("user_agent") or "")


@dataclass(frozen=True)
class GatherOptions:
    timeout: float = 30.0
    tags: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
    mobile: bool = False
    wait_for: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cookies: tuple[tuple[str, str], ...] = ()
    block: tuple[str, ...] = ()
    block_third_party: bool = False
    axe_source: str = ""
    screenshot_path: Path | None = None  # where to write the full-page JPEG, None for no screenshot
    screenshot_quality: int = 60  # JPEG quality
    screenshot_max_height: int = 16_000  # pixels; at most Chromium's texture limit (16,384), longer pages are cut
    slow_rule_budget: float = 5.0
    article_selector: str | None = None
    # What may not be the article although inside it: (name, regular expression over id and class tokens)
    # pairs, from auditor/scope.py, which also judges what the page script measures with them.
    article_hints: tuple[tuple[str, str], ...] = ()
    ignore_selectors: tuple[str, ...] = ()  # [[ignore]] selectors: which findings' elements sit inside them
    # Returns why a URL is refused, or None. A guard with `for_page()` (the web service's) gives each page
    # its own async checker whose lookups end with the page; a plain function is run off the event loop.
    url_guard: Callable[[str], str | None] | None = None
    # The kinds of page fact to collect, each with its script's arguments (selectors, patterns): what the
    # rules need, worked out by the engine with rules.runner.page_requests (the gatherer never imports rules).
    page_facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    settle_cap: float = 3.0  # longest wait for the network to go quiet after load
    actions: tuple[Action, ...] = ()  # run after load, before settling (auditor/actions.py)
    storage_state: dict[str, Any] | None = None  # cookies and local storage for the context (auditor login)
    consent: str = "keep"  # keep, dismiss or reject a consent dialog (auditor/consent.py)
    scroll_steps: int = 30


@cache
def js(name: str) -> str:
    return resources.files("auditor").joinpath("js", name).read_text(encoding="utf-8")


@cache
def facts_script(kinds: tuple[str, ...]) -> str:
    """One function for one evaluate: the page scripts' shared helper, then the script of each kind."""
    parts = [js("facts/_shared.js"), js("facts/article.js"), *(js(f"facts/{kind(k).script}") for k in kinds)]
    return "async (input) => {\n" + "\n".join(parts) + "\nreturn await collect(input);\n}"


@cache
def bundled_axe() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def classify_navigation_error(exc: BaseException) -> GatherError:
    msg = first_line(exc)
    if "Timeout" in msg or "timeout" in msg:
        return GatherError("timeout", "page did not respond in time")
    for code, text in (
        ("ERR_TOO_MANY_REDIRECTS", "redirect loop (too many redirects)"),
        ("ERR_CONNECTION_REFUSED", "connection refused"),
        ("ERR_NAME_NOT_RESOLVED", "host name not found"),
        ("ERR_EMPTY_RESPONSE", "server closed the connection without a response"),
        ("ERR_CONNECTION_RESET", "connection reset"),
        ("ERR_INVALID_RESPONSE", "invalid response"),
        ("ERR_ABORTED", "navigation aborted (the response is probably not a page, e.g. a download)"),
        ("ERR_BLOCKED_BY_CLIENT", "the page's own URL matches a --block pattern"),
        ("Download is starting", "not an HTML page: the response is a download"),
    ):
        if code in msg:
            return GatherError("navigation", text)
    if "crash" in msg.lower() or "closed" in msg.lower():
        return GatherError("browser", f"the browser failed while loading the page: {msg}")
    return GatherError("navigation", msg)


class NetworkMonitor:
    """Counts requests in flight so we can wait for the network to go quiet."""

    def __init__(self, page) -> None:
        self.inflight: set = set()
        self.last_change = time.monotonic()
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request) -> None:
        self.inflight.add(request)
        self.last_change = time.monotonic()

    def _end(self, request) -> None:
        self.inflight.discard(request)
        self.last_change = time.monotonic()

    async def quiet(self, cap: float, idle: float = 0.25) -> float:
        start = time.monotonic()
        while time.monotonic() - start < cap:
            if not self.inflight and time.monotonic() - self.last_change >= idle:
                break
            await asyncio.sleep(0.05)
        return time.monotonic() - start


class _ThreadedCheck:
    """A plain url_guard function as a page checker, run in a worker thread."""

    def __init__(self, check: Callable[[str], str | None]):
        self.check = check

    async def __call__(self, url: str) -> str | None:
        return await asyncio.get_running_loop().run_in_executor(None, self.check, url)

    def close(self) -> None:
        pass


def page_guard(url_guard):
    """One page's checker for opts.url_guard (see GatherOptions), or None without a guard."""
    if url_guard is None:
        return None
    return url_guard.for_page() if hasattr(url_guard, "for_page") else _ThreadedCheck(url_guard)


def request_filter(page_url: str, opts: GatherOptions, refused: list[str] | None = None, guard=None):
    """The route handler that drops blocked requests; None when nothing is blocked.

    `guard(url)` (the page's checker of the web service's SSRF guard, see page_guard) sees the
    first URL of every request the page makes; the URLs it refuses are appended to `refused`.
    Playwright does not route redirect hops: main-frame navigations are checked again before
    and after the audit (`_refused_navigation`), and the web service's egress proxy blocks
    every hop at the network.
    """
    if guard is None and opts.url_guard is not None:
        guard = page_guard(opts.url_guard)
    if not opts.block and not opts.block_third_party and guard is None:
        return None
    own_host = urllib.parse.urlsplit(page_url).hostname

    async def handle(route) -> None:
        url = route.request.url
        scheme = url.split(":", 1)[0]
        blocked = any(fnmatch.fnmatchcase(url, pattern) for pattern in opts.block)
        if not blocked and opts.block_third_party and scheme in ("http", "https", "ws", "wss"):
            blocked = urllib.parse.urlsplit(url).hostname != own_host
        if not blocked and guard is not None and scheme not in ("data", "blob", "about"):
            reason = await guard(url)
            if reason:
                blocked = True
                if refused is not None:
                    refused.append(f"{url}: {reason}")
        try:
            if blocked:
                await route.abort("blockedbyclient")
            else:
                await route.continue_()
        except Exception:
            pass  # the page or context went away meanwhile

    return handle


class Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def step(self, name: str):
        timer = self

        class _Step:
            def __enter__(self):
                self.t0 = time.monotonic()

            def __exit__(self, *exc):
                timer.timings[name] = timer.timings.get(name, 0.0) + time.monotonic() - self.t0

        return _Step()


def context_options(opts: GatherOptions) -> dict[str, Any]:
    options: dict[str, Any] = dict(MOBILE if opts.mobile else DESKTOP)
    options.update(
        bypass_csp=True,  # a strict Content-Security-Policy must not keep axe out
        service_workers="block",  # a worker from an earlier visit must not answer for the server
        java_script_enabled=True,
    )
    if opts.headers:
        options["extra_http_headers"] = dict(opts.headers)
    if opts.storage_state is not None:
        options["storage_state"] = opts.storage_state
    return options


async def gather_page(browser, url: str, opts: GatherOptions, *, requested_url: str | None = None,
                      with_rules: bool = False) -> Artifacts:
    """Audit-ready facts of one page. The caller bounds the total time (per-page deadline)."""
    timer = Timer()
    context = await browser.new_context(**context_options(opts))
    guard = page_guard(opts.url_guard)
    try:
        return await _gather_in_context(context, url, opts, timer, requested_url or url, with_rules, guard)
    finally:
        if guard is not None:
            guard.close()  # the page's lookups still waiting are dropped
        try:
            await asyncio.wait_for(context.close(), 10)
        except Exception:
            pass


async def _gather_in_context(context, url, opts, timer, requested_url, with_rules, guard) -> Artifacts:
    if opts.cookies:
        await context.add_cookies([{"name": n, "value": v, "url": url} for n, v in opts.cookies])
    refused: list[str] = []
    if guard is not None:
        reason = await guard(url)
        if reason:
            raise GatherError("refused", f"{url}: {reason}")
        await context.add_init_script(js("no_webrtc.js"))  # a guarded audit is of a hostile page
    handler = request_filter(url, opts, refused, guard)
    if handler is not None:
        await context.route("**/*", handler)
    page = await context.new_page()
    crashed = asyncio.Event()
    page.on("crash", lambda _p: crashed.set())
    page.on("dialog", lambda d: asyncio.ensure_future(_quietly(d.dismiss())))
    # Pop-ups and new tabs are closed: the audit is of the page that was asked for.
    context.on("page", lambda p: None if p is page else asyncio.ensure_future(_quietly(p.close())))
    net = NetworkMonitor(page)
    # Where the main frame was sent: redirect hops (which routing does not see), and script or
    # meta-refresh navigations, whose refusal would otherwise leave Chromium's error page to audit.
    navigations: list[tuple[str, bool]] = []
    if guard is not None:
        page.on("request", lambda r: navigations.append((r.url, r.redirected_from is not None))
                if r.is_navigation_request() and r.frame == page.main_frame else None)
    deadline = time.monotonic() + opts.timeout

    def left(share: float = 1.0) -> float:
        return max(0.1, (deadline - time.monotonic()) * share)

    with timer.step("load"):
        try:
            response = await page.goto(url, wait_until="domcontentloaded", timeout=left(0.8) * 1000)
        except Exception as exc:
            if crashed.is_set():
                raise GatherError("browser", "the page crashed while loading") from None
            if refused and "ERR_BLOCKED_BY_CLIENT" in str(exc):
                raise GatherError("refused", refused[0]) from None  # e.g. a redirect to a private address
            await _refused_navigation(navigations, guard)
            raise classify_navigation_error(exc) from None
        await _refused_navigation(navigations, guard)  # content from a refused address is never audited
        http_status = response.status if response else None
        if response is not None:
            unreachable = response.headers.get(UNREACHABLE_HEADER.lower()) if response.status == 502 else None
            if unreachable:  # the service's egress proxy could not connect: as without a proxy
                raise GatherError("navigation", unreachable[:200])
            if response.status >= 400:
                raise GatherError("http", f"HTTP {response.status} {response.status_text}".strip())
            ctype = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
            if ctype and ctype not in HTML_TYPES:
                raise GatherError("navigation", f"not an HTML page (content type {ctype})")
        try:
            await page.wait_for_load_state("load", timeout=left(0.5) * 1000)
        except Exception:
            pass  # a stalled sub-resource must not stop the audit of a page that has its DOM
    with timer.step("consent"):
        await net.quiet(min(opts.settle_cap, left(0.2)))  # consent managers draw their dialog after load
        found_consent = await consent_dialog.handle(
            page, opts.consent, left, lambda frame, context: _audit_dialog(frame, context, opts))
        await _refused_navigation(navigations, guard)
    if opts.actions:
        with timer.step("actions"):
            await run_actions(page, opts.actions, left, guard)
            await _refused_navigation(navigations, guard)
    with timer.step("settle"):
        await net.quiet(min(opts.settle_cap, left(0.2)))
        if opts.wait_for:
            try:
                await page.wait_for_selector(opts.wait_for, state="attached", timeout=left(0.5) * 1000)
            except Exception:
                raise GatherError("timeout", f"--wait-for selector {opts.wait_for!r} did not appear") from None
    with timer.step("scroll"):
        try:
            await page.evaluate(js("scroll.js"), {"maxSteps": opts.scroll_steps, "maxMs": 2000})
        except Exception:
            pass  # scrolling is a courtesy to lazy loaders; a page that refuses still gets audited
        await net.quiet(min(1.5, left(0.1)))

    for attempt in range(3):
        before = page.url
        try:
            await _refused_navigation(navigations, guard)
            if page.url.startswith("chrome-error:"):  # it navigated itself somewhere that did not load
                raise GatherError("navigation", "the page navigated to an address that could not be loaded")
            artifacts = await _analyse(page, url, requested_url, http_status, opts, timer, left, with_rules,
                                       found_consent)
            await _refused_navigation(navigations, guard)  # it may have gone away while audited
            return artifacts
        except GatherError:
            raise
        except Exception as exc:
            if crashed.is_set() or page.is_closed():
                raise GatherError("browser", "the page crashed during the audit") from None
            # A document that replaced ours between two scripts fails theirs without saying it moved
            # (it lacks the axe we injected): a changed URL says so.
            moved = _is_navigation_race(exc) or page.url != before
            if not moved or attempt == 2:
                raise GatherError("script", f"audit script failed: {first_line(exc)}") from None
            # The page navigated itself mid-audit; audit where it landed.
            try:
                await page.wait_for_load_state("load", timeout=left(0.3) * 1000)
            except Exception:
                pass
    raise GatherError("navigation", "the page kept navigating during the audit")


async def _refused_navigation(navigations: list[tuple[str, bool]], guard) -> None:
    """Raise GatherError("refused") when the guard refuses a place the main frame was sent to."""
    for target, redirected in list(navigations) if guard is not None else ():
        reason = await guard(target)
        if reason:
            raise GatherError("refused", f"{'redirected' if redirected else 'navigated'} to {target}: {reason}")


def _is_navigation_race(exc: BaseException) -> bool:
    msg = str(exc)
    return any(s in msg for s in ("Execution context was destroyed", "navigation", "Frame was detached",
                                  "Cannot find context", "frame got detached"))


async def _quietly(coro) -> None:
    try:
        await coro
    except Exception:
        pass


async def _audit_dialog(frame, context: dict, opts: GatherOptions) -> dict:
    """axe over a consent dialog alone (in its frame), before it is accepted or rejected."""
    await _inject_axe(frame, opts)
    options = {"runOnly": {"type": "tag", "values": list(opts.tags)}, "resultTypes": ["violations", "incomplete"],
               "iframes": False}
    result: dict = await frame.evaluate(js("axe_results.js"), {"context": context, "options": options,
                                                               "partials": None, "withRules": False})
    return result


async def _analyse(page, url, requested_url, http_status, opts, timer, left, with_rules,
                   found_consent: tuple[dict, dict | None] = ({}, None)) -> Artifacts:
    axe_options = {"runOnly": {"type": "tag", "values": list(opts.tags)},
                   "resultTypes": ["violations", "incomplete"]}
    size = await page.evaluate("() => [document.getElementsByTagName('*').length, document.links.length]")
    big = size[0] >= BIG_PAGE_ELEMENTS or size[1] >= BIG_PAGE_LINKS
    main_options = dict(axe_options)
    if big:
        main_options["rules"] = {rule: {"enabled": False} for rule in SLOW_RULES}

    axe = consent_dialog.merged(await _run_axe(page, main_options, opts, timer, with_rules), found_consent[1])
    with timer.step("collect"):
        kinds = with_required(tuple(opts.page_facts))
        article = await page.evaluate(facts_script(kinds), {
            "article": {"selector": opts.article_selector,
                        "hints": [{"name": n, "pattern": p} for n, p in opts.article_hints]},
            "elements": _axe_selectors(axe),
            "kinds": [{"name": k, "args": opts.page_facts.get(k, {})} for k in kinds]})
    # Title and URL of the document axe and the page scripts just judged, read together: a page that
    # navigates away later (during the screenshot or the slow rules) must not mix two documents.
    title, final_url = await page.title(), page.url
    selectors = _element_selectors(axe, article)
    inside = {}
    if opts.ignore_selectors:
        inside = await page.evaluate(js("inside.js"), {"selectors": selectors, "ignores": list(opts.ignore_selectors)})
    screenshot = None
    if opts.screenshot_path is not None:
        with timer.step("screenshot"):
            screenshot = await _screenshot(page, selectors, opts)
    skipped = await _run_slow_rules(page, axe, axe_options, opts, timer, left, size) if big else []
    return Artifacts(requested_url=requested_url, url=final_url, http_status=http_status, title=title,
                     axe=axe, article=PageFacts.from_dict(article), axe_skipped=skipped, timings=dict(timer.timings),
                     screenshot=screenshot, ignore_matches=inside, consent=found_consent[0] or None)


async def _run_axe(page, options: dict, opts: GatherOptions, timer: Timer, with_rules: bool) -> dict:
    """axe in every frame: runPartial per frame, finishRun in the top frame (as @axe-core/playwright).

    runPartial serialises every node axe looked at, passes included, so when no frame has
    anything to audit (none, or only blocked and empty ones) the top frame runs plain axe.run.
    """
    main = page.main_frame
    with timer.step("axe_inject"):
        await _inject_axe(main, opts)
    context = {"exclude": [], "include": [["html"]]}
    children = await _children(main, context)
    if not any(child for _, child in children):
        with timer.step("axe_run"):
            return await main.evaluate(js("axe_results.js"), {
                "context": context, "options": {**options, "iframes": False}, "partials": None,
                "withRules": with_rules})
    with timer.step("axe_run"):
        partials = await _partials(main, context, children, options, opts, timer)
        return await main.evaluate(js("axe_results.js"), {"context": None, "options": options,
                                                          "partials": partials, "withRules": with_rules})


async def _inject_axe(frame, opts: GatherOptions) -> None:
    # Marked, so a second pass reuses it and a page's own copy of axe is never mistaken for ours.
    if not await frame.evaluate("() => window.__auditorAxe === true"):
        await frame.evaluate(opts.axe_source)
        await frame.evaluate("() => { window.__auditorAxe = true; }")


async def _children(frame, context) -> list[tuple[dict, Any]]:
    """The iframes axe would descend into, each with its Playwright frame or None when there is nothing to audit."""
    out = []
    for fc in await frame.evaluate(js("axe_frame_contexts.js"), context):
        try:
            child = await _child_frame(frame, fc["frameSelector"])
        except Exception:
            child = None  # a frame that goes away or refuses is left out, as axe itself does
        out.append((fc, child))
    return out


async def _partials(frame, context, children, options, opts, timer, depth: int = 0) -> list:
    """Partial results in axe's frame order: this frame, then each child frame's subtree (None when skipped)."""
    results = [await frame.evaluate(js("axe_partial.js"), {"context": context, "options": options})]
    for fc, child in children:
        child_results = None
        if child is not None and depth < 5:
            try:
                with timer.step("axe_inject"):
                    await _inject_axe(child, opts)
                grandchildren = await _children(child, fc["frameContext"])
                child_results = await _partials(child, fc["frameContext"], grandchildren, options, opts,
                                                timer, depth + 1)
            except Exception:
                child_results = None
        results.extend(child_results or [None])
    return results


async def _child_frame(frame, selector):
    if isinstance(selector, list):  # a frame inside shadow DOM: not reachable by a plain selector
        if len(selector) != 1:
            return None
        selector = selector[0]
    handle = await frame.locator(selector).element_handle(timeout=2000)
    child = await handle.content_frame() if handle else None
    if child is None or child.url.startswith("chrome-error:"):
        return None
    if await child.evaluate(js("frame_is_empty.js")):
        return None
    return child


async def _run_slow_rules(page, axe: dict, axe_options, opts, timer, left, size) -> list[dict]:
    """Run the slow rules one by one under the page's budget, merging their results into `axe`.

    Returns the rules that were not completed, with the reason. After an overrun the page
    is still busy inside axe, so the remaining rules are not attempted; the caller closes it.
    """
    # Metadata first: once a rule overruns, the page is too busy to answer.
    wanted = await page.evaluate(
        "(args) => window.axe.getRules(args.tags).filter(r => args.slow.includes(r.ruleId))"
        ".map(r => ({rule: r.ruleId, tags: r.tags, help: r.help, helpUrl: r.helpUrl, actIds: r.actIds || []}))",
        {"tags": list(axe_options["runOnly"]["values"]), "slow": list(SLOW_RULES)})
    budget_end = time.monotonic() + min(opts.slow_rule_budget, left(0.9))
    skipped: list[dict[str, str]] = []
    for meta in wanted:
        rule = meta["rule"]
        remaining = budget_end - time.monotonic()
        if skipped or remaining <= 0:
            skipped.append({**meta, "reason": _overrun_reason(opts, size, ran=False)})
            continue
        options = {**axe_options, "runOnly": {"type": "rule", "values": [rule]}}
        with timer.step("axe_slow_rules"):
            try:
                part = await asyncio.wait_for(_run_axe(page, options, opts, Timer(), bool(axe.get("rules"))),
                                              remaining)
            except asyncio.TimeoutError:
                skipped.append({**meta, "reason": _overrun_reason(opts, size, ran=True)})
                continue
        axe["violations"] += part["violations"]
        axe["incomplete"] += part["incomplete"]
        axe["ran"] = sorted(set(axe["ran"]) | set(part["ran"]))
        if axe.get("counts") is not None and part.get("counts") is not None:
            axe["counts"] = {**axe["counts"], **part["counts"]}
        if axe.get("rules") is not None and part.get("rules"):
            known = {r["id"] for r in axe["rules"]}
            axe["rules"] += [r for r in part["rules"] if r["id"] not in known]
    return skipped


def _overrun_reason(opts: GatherOptions, size: list[int], ran: bool) -> str:
    what = "did not finish within" if ran else "was not started: the page used up"
    return (f"not completed on this big page ({size[0]} elements, {size[1]} links): it {what} the "
            f"{opts.slow_rule_budget:g} s budget for slow rules (slow_rule_budget); check by hand or raise the budget")


def _selectors_in(data: Any):
    """Every "selector" value in the page facts: the elements article rules may point at."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "selector" and isinstance(value, str):
                yield value
            else:
                yield from _selectors_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from _selectors_in(item)


def _axe_selectors(axe: dict) -> list[str]:
    """Top-frame selectors of axe's nodes: an element, the iframe holding it, or (shadow DOM) its host."""
    selectors = set()
    for result in axe["violations"] + axe["incomplete"]:
        for node in result["nodes"]:
            first = (node.get("target") or [None])[0]
            if isinstance(first, list):
                first = first[0] if first else None
            if isinstance(first, str):
                selectors.add(first)
    return sorted(selectors)


def _element_selectors(axe: dict, article: dict) -> list[str]:
    """Top-frame selectors of every element a finding may point at (axe's nodes, the page facts' elements)."""
    return sorted(set(_axe_selectors(axe)) | set(_selectors_in(article)))


async def _screenshot(page, selectors: list[str], opts: GatherOptions) -> dict | None:
    """One full-page JPEG, plus the boxes of every top-frame element findings may point at."""
    path = opts.screenshot_path
    assert path is not None
    boxes = await page.evaluate(js("boxes.js"), selectors)
    size = await page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    width = min(size[0], 4000)
    height = min(size[1], opts.screenshot_max_height)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = await page.screenshot(type="jpeg", quality=opts.screenshot_quality, full_page=True,
                                     clip={"x": 0, "y": 0, "width": width, "height": height}, timeout=10_000,
                                     animations="disabled", caret="hide")
        # Written by us, not by Playwright: a link planted in the report folder is replaced, never followed.
        write_inside(path, data, path.parent.parent)
    except Exception:
        return None
    return {"path": str(path), "width": width, "height": height,
            "boxes": {sel: box for sel, box in zip(selectors, boxes) if box}}
