"""Running actions (auditor/actions.py) in a page, and checking selectors in a blank page.

Part of the gather layer: it drives Playwright's page objects it is handed. Each action waits at
most ACTION_TIMEOUT seconds and never past the page's deadline (leaving the rest of it to report
the failure); one that fails raises GatherError("action") naming the action, its position and
why: never a silent skip.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from auditor.actions import Action
from auditor.errors import ConfigError, GatherError, first_line

Left = Callable[[float], float]  # share -> that share of the seconds left of the page's deadline
Guard = Callable[[str], Awaitable[str | None]]  # the web service's address guard for one page
ACTION_TIMEOUT = 10.0


def _seconds(t: float) -> str:
    return f"{round(t, 1):g} s"


async def run_actions(page: Any, actions: tuple[Action, ...], left: Left, guard: Guard | None = None) -> None:
    for n, action in enumerate(actions, 1):
        timeout = min(ACTION_TIMEOUT, left(0.8))
        try:
            await _run(page, action, timeout, guard)
        except GatherError as exc:
            raise GatherError(exc.kind, f"{action.describe(n)} {exc}") from None
        except Exception as exc:
            why = await _why(page, action, timeout, exc)
            raise GatherError("action", f"{action.describe(n)} failed: {why}") from None


async def _run(page: Any, action: Action, timeout: float, guard: Guard | None) -> None:
    ms = timeout * 1000
    verb, selector = action.verb, action.selector or ""
    if verb == "click":
        await page.click(selector, timeout=ms)
    elif verb in ("check", "uncheck"):
        await (page.check if verb == "check" else page.uncheck)(selector, timeout=ms)
    elif verb == "fill":
        await page.fill(selector, action.value or "", timeout=ms)
    elif verb == "select":
        await page.select_option(selector, action.value, timeout=ms)
    elif verb == "press":
        await page.keyboard.press(action.value)
    elif verb == "wait-for":
        await page.wait_for_selector(selector, state="visible", timeout=ms)
    elif verb == "wait-for-url":
        await page.wait_for_url(action.value, timeout=ms, wait_until="commit")
    elif verb == "wait":
        await asyncio.sleep(min((action.ms or 0) / 1000, timeout))
    elif verb == "scroll-to":
        if action.value == "bottom":
            await page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
        else:
            await page.locator(selector).first.scroll_into_view_if_needed(timeout=ms)
    elif verb == "navigate":
        await _navigate(page, action.value or "", ms, guard)
    else:  # parse_action knows no other verb
        raise AssertionError(verb)


async def _navigate(page: Any, url: str, ms: float, guard: Guard | None) -> None:
    if guard is not None:
        reason = await guard(url)
        if reason:
            raise GatherError("refused", f"was refused: {url}: {reason}")
    response = await page.goto(url, wait_until="domcontentloaded", timeout=ms)
    if response is not None and response.status >= 400:
        raise GatherError("action", f"failed: {url} answered HTTP {response.status} {response.status_text}".strip())


async def _why(page: Any, action: Action, timeout: float, exc: BaseException) -> str:
    """The reason an action failed, in words: what matched, and what did not happen in time."""
    message = first_line(exc)
    timed_out = "Timeout" in message or "timeout" in message
    within = _seconds(timeout)
    if action.verb == "wait-for-url" and timed_out:
        return f"the page's address did not match {action.value} within {within} (it is {page.url})"
    if action.verb == "navigate":
        from auditor.gather import classify_navigation_error

        return str(classify_navigation_error(exc))
    if not action.selector or not timed_out:
        return message.removeprefix("Error: ")
    try:
        count = await page.locator(action.selector).count()
    except Exception:
        count = 0
    if count == 0:
        return f"no element matches {action.selector} within {within}"
    doing = {"wait-for": "became visible", "fill": "could be filled", "select": "could be selected from",
             "scroll-to": "could be scrolled to"}.get(action.verb, "could be clicked")
    return (f"{action.selector} matches {count} element{'s' if count > 1 else ''} but none {doing} within {within} "
            "(hidden, disabled or covered by another element)")


async def check_selectors(browser: Any, selectors: dict[str, tuple[str, ...]]) -> None:
    """Raise ConfigError when the browser refuses a selector; `selectors`: where it was given -> its selectors.

    Run once in a blank page before any target page is opened: an invalid selector is a usage
    error, never a page that times out waiting for it.
    """
    if not any(selectors.values()):
        return
    context = await browser.new_context()
    try:
        page = await context.new_page()
        for where, items in selectors.items():
            for selector in items:
                try:
                    await page.locator(selector).count()
                except Exception as exc:
                    why = first_line(exc).removeprefix("Locator.count: ").removeprefix("SyntaxError: ")
                    raise ConfigError(f"{where}: {selector!r} is not a valid selector ({why})") from None
    finally:
        await context.close()
