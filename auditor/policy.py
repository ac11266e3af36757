"""What fails the run: ignores, the baseline and the threshold. Pure functions over results."""
from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import itertools
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from auditor.config import Ignore
from auditor.errors import ConfigError
from auditor.fingerprint import fingerprints, page_key
from auditor.model import IMPACTS, Finding, PageResult, RunResult, impact_rank
from auditor.pagestore import MappedPages

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_PAGE_ERRORS = 0, 1, 2, 3
BASELINE_SCHEMA = "auditor/baseline@1"


def fails(finding: Finding, fail_on: str) -> bool:
    """Only `failed` findings gate; cantTell asks a person and never fails a build on its own."""
    if fail_on == "none" or finding.outcome != "failed":
        return False
    return impact_rank(finding.impact) <= IMPACTS.index(fail_on)


def exit_code(results: RunResult, fail_on: str) -> int:
    errors = False
    for p in results.pages:  # one walk: pages may be read back from disk
        if any(fails(f, fail_on) for f in p.findings):
            return EXIT_FINDINGS
        errors = errors or p.status == "error"
    return EXIT_PAGE_ERRORS if errors else EXIT_OK


# ---- ignores ----------------------------------------------------------------------------

def active_ignores(ignores: Iterable[Ignore], today: dt.date | None = None) -> tuple[list[Ignore], list[str]]:
    """(ignores that apply, descriptions of the expired ones)."""
    active, expired = [], []
    for ig in ignores:
        if ig.expired(today):
            expired.append(f"{ig.describe()} expired on {ig.expires}"
                           + (f" ({ig.reason})" if ig.reason else ""))
        else:
            active.append(ig)
    return active, expired


def _matches(ig: Ignore, finding: Finding, urls: tuple[str, ...], inside: dict[str, list[str]]) -> bool:
    if ig.rule and not fnmatch.fnmatchcase(finding.rule, ig.rule):
        return False
    if ig.url and not any(fnmatch.fnmatchcase(u, ig.url) for u in urls):
        return False
    if ig.selector:
        first = finding.target[0] if finding.target else ""
        return ig.selector in inside.get(first, ())
    return True


def apply_ignores(page: PageResult, ignores: list[Ignore], inside: dict[str, list[str]]) -> PageResult:
    """Move findings an ignore covers from `findings` to `ignored`, noting which ignore and why.

    `inside` maps an element's selector to the ignore selectors it sits inside (computed in the page).
    """
    if not ignores or page.status != "audited":
        return page
    urls = (page.requested_url, page.url)
    kept, ignored = [], list(page.ignored)
    for f in page.findings:
        hit = next((ig for ig in ignores if _matches(ig, f, urls, inside)), None)
        if hit is None:
            kept.append(f)
        else:
            note = f"ignored by {hit.describe()}" + (f": {hit.reason}" if hit.reason else "")
            ignored.append(dataclasses.replace(f, note=note))
    return dataclasses.replace(page, findings=tuple(kept), ignored=tuple(ignored))


# ---- baselines --------------------------------------------------------------------------

def with_fingerprints(page: PageResult) -> PageResult:
    if page.status != "audited":
        return page
    findings = list(page.findings)
    prints = fingerprints(page.requested_url, findings)
    return dataclasses.replace(page, findings=tuple(dataclasses.replace(f, fingerprint=fp)
                                                    for f, fp in zip(findings, prints)))


def baseline_entries(results: RunResult) -> Iterator[dict[str, Any]]:
    for page in results.pages:
        for f in (*page.findings, *page.known):
            if f.fingerprint:
                yield {"fingerprint": f.fingerprint, "rule": f.rule, "page": page_key(page.requested_url),
                       "target": list(f.target), "message": f.message}


def baseline_document(results: RunResult) -> dict[str, Any]:
    return {"schema": BASELINE_SCHEMA, "created_at": results.started_at, "tool": results.tool,
            "findings": list(baseline_entries(results))}


def write_baseline(results: RunResult, dest: str | Path) -> None:
    """`baseline_document` written an entry at a time: a big run's baseline is never all in memory."""
    from auditor.reports.output import json_with_list, write_chunks

    frame = {**baseline_document(dataclasses.replace(results, pages=())), "findings": []}
    write_chunks(dest, itertools.chain(json_with_list(frame, ("findings",), baseline_entries(results), indent=1),
                                       ["\n"]))


def read_baseline(path: str | Path) -> dict[str, Any]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"baseline {path} does not exist (create it with --baseline-write)") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"baseline {path} is not readable JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("schema") != BASELINE_SCHEMA:
        raise ConfigError(f"baseline {path} is not an auditor baseline (schema {BASELINE_SCHEMA})")
    return doc


def apply_baseline(results: RunResult, baseline: dict[str, Any], path: str) -> RunResult:
    """Known findings move to `known`; baseline entries of audited pages not seen again are `fixed`.

    The pages are split as they are read, so a run read back from disk stays on disk.
    """
    known_prints = {e["fingerprint"] for e in baseline.get("findings", ())}
    seen: set[str | None] = set()
    audited: set[str] = set()
    for page in results.pages:
        if page.status == "audited":
            audited.add(page_key(page.requested_url))
        # Known already: results a baseline was applied to before (merged shards, `report --baseline`).
        seen.update(f.fingerprint for f in (*page.findings, *page.ignored, *page.known) if f.fingerprint in known_prints)

    def split(page: PageResult) -> PageResult:
        new: list[Finding] = []
        known = list(page.known)
        for f in page.findings:
            (known if f.fingerprint in known_prints else new).append(f)
        return dataclasses.replace(page, findings=tuple(new), known=tuple(known))

    # A page that could not be audited this time tells us nothing about its old findings.
    fixed = [e for e in baseline.get("findings", ()) if e["fingerprint"] not in seen and e["page"] in audited]
    return dataclasses.replace(results, pages=MappedPages(results.pages, split),
                               baseline={"path": path, "fixed": fixed})
