"""Typed records that round-trip through JSON: the base of every page fact.

A record is a frozen dataclass over plain JSON values (str, int, float, bool, None), tuples
(JSON arrays), str-keyed dicts and other records. `from_dict` is tolerant (missing keys take
the field's default, unknown keys are ignored) unless `strict`, which rejects unknown keys and
values of the wrong JSON type, naming the record and the field: test data that names a field
the fact does not have fails loudly. `to_dict` writes every field, so a complete dict
round-trips exactly.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Self, Union

JSON_TYPES: dict[type, tuple[type, ...]] = {str: (str,), int: (int,), float: (int, float), bool: (bool,)}


class FactError(ValueError):
    """Data that does not fit its fact type (strict loading only)."""


_HINTS: dict[type, dict[str, Any]] = {}


def hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a record class (computed once per class)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def is_record(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def optional_parts(tp: Any) -> tuple[Any, ...] | None:
    """The members of a union type (X | None), or None when `tp` is not a union."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        return typing.get_args(tp)
    return None


class Record:
    """Mixin for frozen dataclasses of page facts."""

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None, *, strict: bool = False, where: str = "") -> Self:
        """The record from parsed JSON; `where` names it in errors (its path in the page facts)."""
        data = data or {}
        where = where or cls.__name__
        if not isinstance(data, dict):
            raise FactError(f"{where}: expected an object, not {type(data).__name__}")
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        if strict:
            unknown = sorted(set(data) - set(fields))
            if unknown:
                label = where if where == cls.__name__ else f"{where} ({cls.__name__})"
                raise FactError(f"{label} has no field {', '.join(map(repr, unknown))} "
                                f"(fields: {', '.join(fields)})")
        values = {name: convert(hints(cls)[name], data[name], f"{where}.{name}", strict)
                  for name in fields if name in data}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]


def convert(tp: Any, value: Any, where: str, strict: bool) -> Any:
    """`value` (parsed JSON) as the Python value of type `tp`."""
    parts = optional_parts(tp)
    if parts is not None:
        if value is None and type(None) in parts:
            return None
        records = [p for p in parts if is_record(p)]
        if records and isinstance(value, dict):
            return convert(records[0], value, where, strict)
        if strict and not any(_fits(p, value) for p in parts):
            raise FactError(f"{where}: {value!r} is not {_name(tp)}")
        return value
    if is_record(tp):
        if value is None and not strict:
            return tp()
        return tp.from_dict(value, strict=strict, where=where)
    origin = typing.get_origin(tp)
    if origin is tuple:
        if value is None and not strict:
            return ()
        if not isinstance(value, (list, tuple)):
            raise FactError(f"{where}: expected a list, not {value!r}")
        item = typing.get_args(tp)[0]
        return tuple(convert(item, v, f"{where}[{n}]", strict) for n, v in enumerate(value))
    if origin is dict:
        if value is None and not strict:
            return {}
        if not isinstance(value, dict):
            raise FactError(f"{where}: expected an object, not {value!r}")
        item = typing.get_args(tp)[1]
        return {k: convert(item, v, f"{where}.{k}", strict) for k, v in value.items()}
    if strict and not _fits(tp, value):
        raise FactError(f"{where}: {value!r} is not {_name(tp)}")
    return value


def _fits(tp: Any, value: Any) -> bool:
    if tp is Any:
        return True
    if tp is type(None):
        return value is None
    if typing.get_origin(tp) is typing.Literal:
        return value in typing.get_args(tp)
    if tp in JSON_TYPES:
        return isinstance(value, JSON_TYPES[tp]) and (tp is bool or not isinstance(value, bool))
    if is_record(tp) or typing.get_origin(tp) is dict:
        return isinstance(value, dict)
    if typing.get_origin(tp) is tuple:
        return isinstance(value, (list, tuple))
    return True


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def plain(value: Any) -> Any:
    """A record's value as JSON data."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
