"""Typed setting values: one class per kind of value, shared by the settings table
(auditor/options.py) and the article rules' declared options (rules/base.py RuleOption).

Each type reads a value from the configuration file (`from_toml`), from an environment
variable or a flag (`from_text`, `from_flags` for repeatable flags), checks a value in the
form the code uses (`check`), and writes it back as TOML and as environment text. A value
that does not fit raises `Invalid`; the caller names the key and where it came from.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any


class Invalid(ValueError):
    """A value that does not fit its type. `why`, when given, replaces "must be <type>, not <value>"."""

    def __init__(self, why: str = ""):
        super().__init__(why)
        self.why = why


def did_you_mean(name: str, known) -> str:
    """' (did you mean 'x'?)' for the closest known name, or nothing."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def toml_value(value: Any) -> str:
    """Any plain value as TOML (used for what no type declares, such as an ignore's fields)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return toml_string(str(value))


def problem(label: str, type_: "ValueType", value: Any, exc: Invalid) -> str:
    """One line naming the key (`label`) and what is wrong with `value`."""
    if not exc.why:
        return f"{label} must be {type_.describe}, not {value!r}"
    if exc.why.startswith((".", " ")):
        return f"{label}{exc.why}"
    return f"{label}: {exc.why}"


class ValueType:
    annotation = "Any"  # the type Settings holds it as (the generated Settings fields)
    repeatable = False  # the flag may be given more than once, each time one item

    # Properties, so that a type may work them out from its parameters (Choice names its choices).
    @property
    def describe(self) -> str:
        return "a value"  # completes "<key> must be ..."

    @property
    def metavar(self) -> str:
        return "VALUE"

    @property
    def env_note(self) -> str:
        return ""  # how the environment spells it, when that is not plain text

    def from_toml(self, value: Any) -> Any:
        self.check(value)
        return value

    def from_text(self, text: str) -> Any:
        return self.from_toml(text)

    def from_flags(self, values: tuple[str, ...]) -> Any:
        raise NotImplementedError  # only repeatable types

    def check(self, value: Any) -> None:
        raise NotImplementedError

    def toml(self, value: Any) -> str:
        return toml_value(value)

    def text(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Bool(ValueType):
    annotation = "bool"
    describe = "true or false"
    env_note = "1, true, yes or on; 0, false, no or off"
    _TRUE = ("1", "true", "yes", "on")
    _FALSE = ("0", "false", "no", "off")

    def check(self, value: Any) -> None:
        if not isinstance(value, bool):
            raise Invalid()

    def from_text(self, text: str) -> bool:
        word = text.strip().lower()
        if word in self._TRUE:
            return True
        if word in self._FALSE:
            return False
        raise Invalid()

    def text(self, value: Any) -> str:
        return "true" if value else "false"


@dataclass(frozen=True)
class Int(ValueType):
    annotation = "int"
    min: int | None = None
    max: int | None = None
    metavar: str = "N"

    @property
    def describe(self) -> str:
        if self.min is not None and self.max is not None:
            return f"a whole number from {self.min} to {self.max}"
        if self.min is not None:
            return "a positive whole number" if self.min == 1 else f"a whole number of at least {self.min}"
        return "a whole number"

    def check(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid()
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise Invalid()

    def from_text(self, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise Invalid() from None
        self.check(value)
        return value


@dataclass(frozen=True)
class Float(ValueType):
    """A finite number; `above` is an exclusive lower bound (a time limit of 0 s means nothing)."""
    annotation = "float"
    above: float | None = None
    max: float | None = None
    metavar: str = "SECONDS"

    @property
    def describe(self) -> str:
        text = "a finite number"
        if self.above is not None:
            text += f" greater than {self.above:g}"
        if self.max is not None:
            text += f" {'and ' if self.above is not None else ''}at most {self.max:g}"
        return text

    def check(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise Invalid()
        if (self.above is not None and not value > self.above) or (self.max is not None and value > self.max):
            raise Invalid()

    def from_toml(self, value: Any) -> float:
        self.check(value)
        return float(value)

    def from_text(self, text: str) -> float:
        try:
            value = float(text.strip())  # accepts "inf" and "nan": check refuses them by name
        except ValueError:
            raise Invalid() from None
        return self.from_toml(value)

    def toml(self, value: Any) -> str:
        return repr(float(value))

    def text(self, value: Any) -> str:
        short = f"{value:g}"
        return short if float(short) == value else repr(float(value))


@dataclass(frozen=True)
class Text(ValueType):
    annotation = "str"
    metavar: str = "TEXT"
    describe = "a non-empty string"

    def check(self, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise Invalid()


@dataclass(frozen=True)
class FilePath(Text):
    """A path. Whether it exists is checked where it is used: a run judging saved artifacts
    needs no browser, so a browser path that is wrong must not stop it."""
    metavar: str = "PATH"
    describe = "a path"


@dataclass(frozen=True)
class Choice(ValueType):
    annotation = "str"
    choices: tuple[str, ...] = ()

    def __init__(self, *choices: str):
        object.__setattr__(self, "choices", tuple(choices))

    @property
    def describe(self) -> str:
        return "one of " + ", ".join(self.choices)

    @property
    def metavar(self) -> str:
        return "[" + "|".join(self.choices) + "]"

    def check(self, value: Any) -> None:
        if value not in self.choices:
            raise Invalid()

    def from_text(self, text: str) -> str:
        return self.from_toml(text.strip())


def _json_or(text: str, opener: str, what: str) -> Any:
    """The environment spells a list or table as JSON when it starts with [ or {."""
    if not text.lstrip().startswith(opener):
        return None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise Invalid(f"is not valid JSON {what} ({exc})") from None


@dataclass(frozen=True)
class Words(ValueType):
    """A list of strings: TOML array, repeated flag, comma-separated (or JSON) in the environment."""
    annotation = "tuple[str, ...]"
    metavar: str = "TEXT"
    describe = "a list of strings"
    repeatable = True
    env_note = 'comma-separated, or a JSON array: ["a,b", "c"]'

    def check(self, value: Any) -> None:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
            raise Invalid()

    def from_toml(self, value: Any) -> tuple[str, ...]:
        self.check(value)
        return tuple(value)

    def from_flags(self, values: tuple[str, ...]) -> tuple[str, ...]:
        return self.from_toml(list(values))

    def from_text(self, text: str) -> tuple[str, ...]:
        value = _json_or(text, "[", "array")
        if value is None:
            value = [part.strip() for part in text.split(",") if part.strip()]
        return self.from_toml(value)

    def toml(self, value: Any) -> str:
        return toml_value(list(value))

    def text(self, value: Any) -> str:
        if any("," in v for v in value):
            return json.dumps(list(value), ensure_ascii=False)
        return ",".join(value)


@dataclass(frozen=True)
class Pairs(ValueType):
    """Names and values (HTTP headers, cookies), kept in order as (name, value) pairs.

    TOML: a table. Flag: repeated 'NAME<sep>VALUE'. Environment: one pair a line, or a JSON object.
    """
    annotation = "tuple[tuple[str, str], ...]"
    sep: str = "="
    describe = "a table of strings"
    repeatable = True

    @property
    def metavar(self) -> str:
        return f"'NAME{self.sep}{' ' if self.sep == ':' else ''}VALUE'"

    @property
    def env_note(self) -> str:
        return f"one NAME{self.sep}VALUE a line, or a JSON object"

    def check(self, value: Any) -> None:
        if not isinstance(value, tuple) or not all(
                isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) and p[0].strip()
                and isinstance(p[1], str) for p in value):
            raise Invalid()

    def from_toml(self, value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise Invalid()
        pairs = tuple(value.items())
        self.check(pairs)
        return pairs

    def pair(self, text: str) -> tuple[str, str]:
        name, found, value = text.partition(self.sep)
        if not found or not name.strip():
            raise Invalid(f"{text!r} must look like NAME{self.sep}VALUE")
        return name.strip(), value.strip()

    def from_flags(self, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple(self.pair(v) for v in values)

    def from_text(self, text: str) -> tuple[tuple[str, str], ...]:
        value = _json_or(text, "{", "object")
        if value is not None:
            return self.from_toml(value)
        return self.from_flags(tuple(line for line in text.splitlines() if line.strip()))

    def toml(self, value: Any) -> str:
        return toml_value(dict(value))

    def text(self, value: Any) -> str:
        return "\n".join(f"{k}{self.sep}{' ' if self.sep == ':' else ''}{v}" for k, v in value)


# ---- types of article-rule settings (the `[rules]` table; file only) ---------------------

@dataclass(frozen=True)
class Selectors(Words):
    describe = "a list of CSS selectors"


# Syntax Python's re has and the browser's RegExp does not: inline flags, named groups, \A, \Z, comments.
_NOT_IN_BROWSER = re.compile(r"\(\?[aiLmsux]+[):]|\(\?P[<=]|\\[AZ]|\(\?#")


@dataclass(frozen=True)
class Patterns(Words):
    """Regular expressions; `browser`: they also run in the page, so only the syntax both share."""
    browser: bool = False
    describe = "a list of regular expressions"

    def check(self, value: Any) -> None:
        super().check(value)
        check_patterns(value, self.browser)


def check_patterns(patterns: Any, browser: bool) -> None:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise Invalid(f"{p!r} is not a valid regular expression ({exc})") from None
        if browser and _NOT_IN_BROWSER.search(p):
            raise Invalid(f"{p!r} uses syntax the browser cannot run (inline flags, named groups, \\A or \\Z); "
                          "the patterns are case-insensitive already")


@dataclass(frozen=True)
class ListsBy(ValueType):
    """A table of string lists keyed by e.g. language or service: { en = ["…"], nl = ["…"] }."""
    key: str = "language"
    item: Words = Words()

    @property
    def describe(self) -> str:
        return f"a table of lists of {self.item.describe.removeprefix('a list of ')} by {self.key}"

    def check(self, value: Any) -> None:
        if not isinstance(value, dict):
            raise Invalid(f" must be a table (by {self.key}), not {value!r}")
        for sub, items in value.items():
            try:
                self.item.check(items)
            except Invalid as exc:
                raise Invalid(f".{sub} must be {self.item.describe}, not {items!r}" if not exc.why
                              else f".{sub}: {exc.why}") from None


@dataclass(frozen=True)
class IntList(ValueType):
    """A fixed number of positive whole numbers, e.g. a minimum [width, height]."""
    length: int = 2

    @property
    def describe(self) -> str:
        return f"a list of {self.length} positive whole numbers"

    def check(self, value: Any) -> None:
        if not isinstance(value, (list, tuple)) or len(value) != self.length or not all(
                isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value):
            raise Invalid()
