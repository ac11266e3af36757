"""Words the CLI, the reports and the service share, so they say the same thing the same way.

A failed finding is a "failure" everywhere; a cantTell finding is one "to review".
"""
from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 page', '2 pages', '1,000 pages'; `many` for irregular plurals."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
