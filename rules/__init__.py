"""Article rules, discovered from the modules of this package.

Each family module defines `Rule` objects at module level (see rules.base);
`all_rules()` finds them, so adding a rule touches only its module and its cases.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from auditor.rules.base import Rule

_NOT_FAMILIES = {"base", "axe", "runner", "text", "docs", "page_args", "folding"}


@cache
def all_rules() -> tuple[Rule, ...]:
    found: list[Rule] = []
    for mod in pkgutil.iter_modules(__path__):
        if mod.name in _NOT_FAMILIES or mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        found.extend(v for v in vars(module).values() if isinstance(v, Rule))
    ids = [r.meta.id for r in found]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuntimeError(f"duplicate rule ids: {sorted(dupes)}")
    return tuple(sorted(found, key=lambda r: r.meta.id))
