"""The action language: what to do in a page after it loads and before it is audited.

    click SELECTOR            fill SELECTOR TEXT        select SELECTOR VALUE
    check SELECTOR            uncheck SELECTOR          press KEY
    wait-for SELECTOR         wait-for-url PATTERN      wait MS
    scroll-to SELECTOR        scroll-to bottom          navigate URL

One action a line. A SELECTOR is what Playwright takes: CSS (`#load-more`, `main button.more`),
`text=Load more`, `button:has-text("Load more")`, ... For `fill` and `select`, whose selector is
followed by more, put a selector holding spaces in quotes: `fill "#login input[name=email]" me@x.org`.
The rest of the line is the TEXT or VALUE (quotes around it are removed). `wait` is capped at
MAX_WAIT_MS; `navigate` takes absolute http(s) URLs only.

Parsing is pure (no browser): syntax, the verbs' arguments, and a structural check of CSS selectors
(brackets, quotes, empty parts). Whether the browser accepts a selector is checked once, in a blank
page, before any target page is opened (gather.check_selectors): both are usage errors (exit 2).
"""
from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from auditor.values import Invalid, Text, Words

MAX_WAIT_MS = 10_000
VERBS = ("click", "fill", "select", "check", "uncheck", "press", "wait-for", "wait-for-url", "wait", "scroll-to",
         "navigate")
_SELECTOR_VERBS = ("click", "check", "uncheck", "wait-for", "scroll-to")  # VERB SELECTOR
_VALUE_VERBS = ("fill", "select")  # VERB SELECTOR TEXT
# Playwright's key names (a single character is a key too); modifiers join with '+': Control+A.
KEYS = ("Enter", "Tab", "Escape", "Backspace", "Delete", "Insert", "Home", "End", "PageUp", "PageDown", "ArrowUp",
        "ArrowDown", "ArrowLeft", "ArrowRight", "Space", *(f"F{n}" for n in range(1, 13)))
MODIFIERS = ("Shift", "Control", "Alt", "Meta", "ControlOrMeta")
_ENGINE = re.compile(r"^[a-z][a-z_-]*=")  # Playwright's selector engines: text=, xpath=, role=, css=, ...
SYNTAX = "one of: " + ", ".join(VERBS)


@dataclass(frozen=True)
class Action:
    """One parsed action. `text` is the line as written (what messages quote)."""
    verb: str
    text: str
    selector: str | None = None
    value: str | None = None  # fill's text, select's value, press's key, wait-for-url's pattern, navigate's URL
    ms: int | None = None  # wait

    def describe(self, number: int) -> str:
        return f"action {number} {self.text!r}"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _split_selector(rest: str) -> tuple[str, str]:
    """(selector, the rest) of 'SELECTOR TEXT': a quoted selector runs to its closing quote."""
    rest = rest.strip()
    if rest[:1] in ("'", '"'):
        quote, out, n = rest[0], [], 1
        while n < len(rest):
            ch = rest[n]
            if ch == "\\" and n + 1 < len(rest):
                out.append(rest[n + 1])
                n += 2
                continue
            if ch == quote:
                return "".join(out), rest[n + 1:]
            out.append(ch)
            n += 1
        raise Invalid(f"the quoted selector {rest!r} has no closing {quote}")
    selector, _, after = rest.partition(" ")
    return selector, after


def check_selector(selector: str) -> None:
    """What can be told about a selector without a browser: CSS brackets and quotes balance, no empty part."""
    text = selector.strip()
    if not text:
        raise Invalid("the selector is empty")
    if _ENGINE.match(text) or text.startswith(("//", "..")) or ">>" in text:
        return  # another of Playwright's engines, or a chain: the browser check judges it
    closing = {"[": "]", "(": ")"}
    stack: list[str] = []
    quote = None
    part_empty = True
    n = 0
    while n < len(text):
        ch = text[n]
        if quote:
            if ch == "\\":
                n += 1
            elif ch == quote:
                quote = None
        elif ch == "\\":
            n += 1
            part_empty = False
        elif ch in "\"'":
            quote = ch
        elif ch in closing:
            stack.append(closing[ch])
            part_empty = False
        elif ch in "])":
            if not stack or stack.pop() != ch:
                raise Invalid(f"{selector!r} is not a valid selector: unexpected {ch!r}")
        elif ch == "," and not stack:
            if part_empty:
                raise Invalid(f"{selector!r} is not a valid selector: an empty part before ','")
            part_empty = True
        elif not ch.isspace():
            part_empty = False
        n += 1
    if quote:
        raise Invalid(f"{selector!r} is not a valid selector: a quote {quote} is not closed")
    if stack:
        raise Invalid(f"{selector!r} is not a valid selector: {stack[-1]!r} is missing")
    if part_empty or text[-1] in ">+~,":
        raise Invalid(f"{selector!r} is not a valid selector: it ends with {text[-1]!r}")


def parse_action(line: Any) -> Action:
    """One action from its text; `Invalid` says what is wrong with it."""
    if not isinstance(line, str) or not line.strip():
        raise Invalid(f"an action must be a non-empty string, not {line!r}")
    text = " ".join(line.split()) if "\n" in line else line.strip()
    verb, _, rest = text.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb not in VERBS:
        raise Invalid(f"{text!r}: unknown action {verb!r} ({SYNTAX})")
    if not rest:
        raise Invalid(f"{text!r}: {verb} needs {_needs(verb)}")
    if verb in _SELECTOR_VERBS:
        selector = _unquote(rest)
        if verb == "scroll-to" and selector == "bottom":
            return Action(verb, text, value="bottom")
        _checked(text, selector)
        return Action(verb, text, selector=selector)
    if verb in _VALUE_VERBS:
        try:
            selector, after = _split_selector(rest)
        except Invalid as exc:
            raise Invalid(f"{text!r}: {exc.why}") from None
        _checked(text, selector)
        if verb == "select" and not after.strip():
            raise Invalid(f"{text!r}: select needs a VALUE after the selector")
        return Action(verb, text, selector=selector, value=_unquote(after))
    if verb == "press":
        key = _unquote(rest)
        *mods, last = key.split("+") if key != "+" else ["+"]
        if not all(m in MODIFIERS for m in mods) or not (last in KEYS or last in MODIFIERS or len(last) == 1):
            raise Invalid(f"{text!r}: {key!r} is not a key name such as Enter, Escape, Tab, ArrowDown or Control+A")
        return Action(verb, text, value=" " if key == "Space" else key)
    if verb == "wait":
        return Action(verb, text, ms=_milliseconds(text, rest))
    if verb == "wait-for-url":
        return Action(verb, text, value=_unquote(rest))
    url = _unquote(rest)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid(f"{text!r}: navigate takes an absolute http(s) URL, not {url!r}")
    return Action(verb, text, value=url)


def _needs(verb: str) -> str:
    return {"press": "a KEY", "wait": "a number of milliseconds", "wait-for-url": "a URL PATTERN",
            "navigate": "a URL", "scroll-to": "a SELECTOR or 'bottom'"}.get(
        verb, "a SELECTOR and a TEXT" if verb == "fill" else "a SELECTOR and a VALUE" if verb == "select"
        else "a SELECTOR")


def _checked(text: str, selector: str) -> None:
    try:
        check_selector(selector)
    except Invalid as exc:
        raise Invalid(f"{text!r}: {exc.why}") from None


def _milliseconds(text: str, rest: str) -> int:
    m = re.fullmatch(r"(\d+)\s*(ms|s)?", rest.strip().lower())
    if not m:
        raise Invalid(f"{text!r}: wait takes milliseconds (e.g. 'wait 500' or 'wait 2s'), not {rest!r}")
    ms = int(m.group(1)) * (1000 if m.group(2) == "s" else 1)
    if ms > MAX_WAIT_MS:
        raise Invalid(f"{text!r}: waits are capped at {MAX_WAIT_MS} ms (prefer 'wait-for SELECTOR')")
    return ms


def parse_actions(lines: tuple[str, ...] | list[str]) -> tuple[Action, ...]:
    """Every action, in order; an invalid one names its position."""
    out = []
    for n, line in enumerate(lines, 1):
        try:
            out.append(parse_action(line))
        except Invalid as exc:
            raise Invalid(f"action {n} {exc.why}" if exc.why.startswith("'") else f"action {n}: {exc.why}") from None
    return tuple(out)


def selectors_of(actions: tuple[Action, ...]) -> tuple[str, ...]:
    return tuple(a.selector for a in actions if a.selector)


def navigate_urls(actions: tuple[Action, ...]) -> tuple[str, ...]:
    """The URLs `navigate` actions go to: the web service checks them with its address guard."""
    return tuple(a.value for a in actions if a.verb == "navigate" and a.value)


# ---- value types for the options table ---------------------------------------------------------

@dataclass(frozen=True)
class Actions(Words):
    """A list of actions: TOML array, repeated --action, or one a line (or a JSON array) in the environment."""
    metavar: str = "'ACTION'"
    describe = "a list of actions"
    env_note = "one action a line, or a JSON array"

    def check(self, value: Any) -> None:
        if not isinstance(value, (list, tuple)):
            raise Invalid()
        parse_actions(tuple(value))

    def from_text(self, text: str) -> tuple[str, ...]:
        if text.lstrip().startswith("["):
            return super().from_text(text)
        return self.from_toml([line.strip() for line in text.splitlines() if line.strip()])

    def text(self, value: Any) -> str:
        return "\n".join(value) if all("\n" not in v for v in value) else json.dumps(list(value))


@dataclass(frozen=True)
class Selector(Text):
    """A selector as Playwright takes it (CSS, text=..., :has-text())."""
    metavar: str = "SELECTOR"
    describe = "a selector"

    def check(self, value: Any) -> None:
        super().check(value)
        check_selector(value)
