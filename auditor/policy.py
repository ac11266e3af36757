"""What fails the run: findings at or above the threshold, then pages that could not be audited."""
from __future__ import annotations

from auditor.model import IMPACTS, Finding, RunResult, impact_rank

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_PAGE_ERRORS = 0, 1, 2, 3


def fails(finding: Finding, fail_on: str) -> bool:
    """Only `failed` findings gate; cantTell asks a person and never fails a build on its own."""
    if fail_on == "none" or finding.outcome != "failed":
        return False
    return impact_rank(finding.impact) <= IMPACTS.index(fail_on)


def exit_code(results: RunResult, fail_on: str) -> int:
    if any(fails(f, fail_on) for p in results.pages for f in p.findings):
        return EXIT_FINDINGS
    if any(p.status == "error" for p in results.pages):
        return EXIT_PAGE_ERRORS
    return EXIT_OK
