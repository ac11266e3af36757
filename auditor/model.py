"""The result model: plain, frozen, JSON-serialisable records.

`Artifacts` is what the gatherer collects from one page and what the rules judge;
`PageResult` and `RunResult` are the results contract (../shared/CONTRACT.md).
Nothing here touches the browser or the file system.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Sequence

from auditor.facts import PageFacts, from_v1

RESULTS_SCHEMA = "auditor/results@1"
ARTIFACTS_SCHEMA = "auditor/artifacts@2"
# Older artifacts files this version still reads (their page facts are migrated on loading).
ARTIFACTS_READABLE = ("auditor/artifacts@1", ARTIFACTS_SCHEMA)

# ---- the results' vocabulary: each term once, with the words the reports show for it ------

IMPACTS = ("critical", "serious", "moderate", "minor")  # most severe first: every report sorts this way
IMPACT_LABELS = {"critical": "Critical", "serious": "Serious", "moderate": "Moderate", "minor": "Minor"}
OUTCOMES = ("failed", "cantTell")  # EARL's terms; cantTell asks a person to review
# A rule's outcome on a page (pages[].rules), most telling first: it failed somewhere, asked for review,
# checked elements and found nothing wrong, or found nothing it applies to.
RULE_OUTCOMES = ("failed", "cantTell", "passed", "inapplicable")
ENGINE_LABELS = {"axe": "axe-core", "article": "Article rule"}


class ErrorKind(StrEnum):
    """Why a page was not audited. Results from other versions may carry kinds not listed here."""
    TIMEOUT = "timeout"
    NAVIGATION = "navigation"
    HTTP = "http"
    BROWSER = "browser"
    SCRIPT = "script"
    TARGET = "target"
    INTERRUPTED = "interrupted"
    REFUSED = "refused"
    ACTION = "action"  # an action before the audit (click, fill, wait-for, ...) failed

    @property
    def label(self) -> str:
        return _ERROR_LABELS[self]


_ERROR_LABELS = {
    ErrorKind.TIMEOUT: "Timed out", ErrorKind.NAVIGATION: "Could not load", ErrorKind.HTTP: "HTTP error",
    ErrorKind.BROWSER: "Browser failure", ErrorKind.SCRIPT: "Script failure", ErrorKind.TARGET: "Bad target",
    ErrorKind.INTERRUPTED: "Run interrupted", ErrorKind.REFUSED: "Refused", ErrorKind.ACTION: "Action failed",
}
ERROR_KINDS = tuple(kind.value for kind in ErrorKind)


def error_label(kind: str) -> str:
    """What a report calls an error kind; a kind this version does not know shows as itself."""
    return ErrorKind(kind).label if kind in ERROR_KINDS else kind


def impact_rank(impact: str | None) -> int:
    """0 for critical .. 3 for minor; unknown impacts sort last."""
    try:
        return IMPACTS.index(impact or "")
    except ValueError:
        return len(IMPACTS)


# A finding's target is one selector per frame level, outermost first (as axe gives it). Inside
# shadow DOM axe gives one level as a list of selectors, host first; the rules join those with
# SHADOW_JOIN. Reports print a target's levels joined with FRAME_JOIN.
SHADOW_JOIN = " >>> "
FRAME_JOIN = " → "


def target_text(target: Sequence[str], empty: str = "(page)") -> str:
    """A target as one line of text; `empty` for a finding about the page as a whole."""
    return FRAME_JOIN.join(str(t) for t in target) or empty


@dataclass(frozen=True)
class Finding:
    rule: str
    engine: str  # "axe" or "article"
    outcome: str  # "failed" or "cantTell"
    impact: str
    wcag: tuple[str, ...]
    act: tuple[str, ...]
    target: tuple[str, ...]
    html: str
    message: str
    help_url: str
    evidence: str | None = None  # what the rule saw, e.g. "dateline '(Reuters)'"
    box: tuple[float, float, float, float] | None = None  # x, y, width, height in the page screenshot
    fingerprint: str | None = None  # stable across cosmetic markup changes (auditor/fingerprint.py)
    note: str | None = None  # for ignored findings: which ignore and why
    scope: str | None = None  # article, template or page (no article found); None in older results
    # axe's failure summary as it is structured: (heading, checks) groups, e.g. ("Fix any of the
    # following:", ("Element does not have an alt attribute", ...)); `evidence` has it on one line.
    checks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Findings of ACT-facing rules about the same element and the same problem, folded into this one
    # so that reports, ignores and baselines meet the problem once (rules/folding.py)
    also: tuple["Finding", ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["wcag"], d["act"], d["target"] = list(self.wcag), list(self.act), list(self.target)
        d["box"] = list(self.box) if self.box else None
        d["checks"] = [{"heading": heading, "items": list(items)} for heading, items in self.checks]
        d["also"] = [f.to_dict() for f in self.also]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(
            rule=d["rule"], engine=d["engine"], outcome=d["outcome"], impact=d["impact"],
            wcag=tuple(d.get("wcag") or ()), act=tuple(d.get("act") or ()),
            target=tuple(d.get("target") or ()), html=d.get("html") or "",
            message=d.get("message") or "", help_url=d.get("help_url") or "",
            evidence=d.get("evidence"), box=tuple(d["box"]) if d.get("box") else None,
            fingerprint=d.get("fingerprint"), note=d.get("note"), scope=d.get("scope"),
            checks=tuple((c["heading"], tuple(c["items"])) for c in d.get("checks") or ()),
            also=tuple(cls.from_dict(f) for f in d.get("also") or ()),
        )


@dataclass(frozen=True)
class PageError:
    kind: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class RuleError:
    """A rule that crashed on one page: reported, never fatal for the page."""
    rule: str
    message: str


@dataclass(frozen=True)
class RuleOutcome:
    """What one rule found on one page: its outcome there and how many elements it judged.

    Counted before ignores and the baseline (they decide what is reported, not what was checked).
    `checked` and `passed` are None where the engine does not count them.
    """
    rule: str
    engine: str
    outcome: str  # one of RULE_OUTCOMES
    checked: int | None = None  # elements the rule applied to
    passed: int | None = None
    failed: int = 0
    cantTell: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RuleOutcome":
        return cls(rule=d["rule"], engine=d.get("engine") or "", outcome=d["outcome"], checked=d.get("checked"),
                   passed=d.get("passed"), failed=int(d.get("failed") or 0), cantTell=int(d.get("cantTell") or 0))


def rule_outcome(failed: int, cant_tell: int, checked: int | None) -> str:
    """The outcome of a rule on a page from what it counted there (checked None: not counted)."""
    if failed:
        return "failed"
    if cant_tell:
        return "cantTell"
    return "inapplicable" if checked == 0 else "passed"


@dataclass(frozen=True)
class PageResult:
    requested_url: str
    url: str
    status: str  # "audited" or "error"
    error: PageError | None = None
    http_status: int | None = None
    title: str | None = None
    duration_s: float = 0.0
    findings: tuple[Finding, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    rule_errors: tuple[RuleError, ...] = ()
    screenshot: str | None = None  # path relative to the results file, when taken
    index: int | None = None  # position in the whole run's target list (shards merge by it)
    ignored: tuple[Finding, ...] = ()  # left out by an ignore; `note` says which
    known: tuple[Finding, ...] = ()  # already in the baseline
    article: dict[str, Any] | None = None  # which element was taken as the article, how, what was left out
    site: str | None = None  # the site template findings are fingerprinted under (host or configured name)
    site_path: str | None = None  # the page's identity in its site: URL path and query, or path in the folder
    consent: dict[str, Any] | None = None  # consent dialog: shown, vendor, dialog, tcf, mode, done, worked, note
    rules: tuple[RuleOutcome, ...] = ()  # every rule that ran on the page, with its outcome there

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "requested_url": self.requested_url,
            "url": self.url,
            "status": self.status,
            "error": self.error.to_dict() if self.error else None,
            "http_status": self.http_status,
            "title": self.title,
            "duration_s": round(self.duration_s, 3),
            "findings": [f.to_dict() for f in self.findings],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "rule_errors": [dataclasses.asdict(e) for e in self.rule_errors],
            "screenshot": self.screenshot,
            "ignored": [f.to_dict() for f in self.ignored],
            "known": [f.to_dict() for f in self.known],
            "article": self.article,
            "site": self.site,
            "site_path": self.site_path,
            "consent": self.consent,
            "rules": [r.to_dict() for r in self.rules],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "PageResult":
        err = d.get("error")
        return cls(
            requested_url=d["requested_url"], url=d.get("url") or d["requested_url"],
            status=d["status"], error=PageError(err["kind"], err["message"]) if err else None,
            http_status=d.get("http_status"), title=d.get("title"),
            duration_s=float(d.get("duration_s") or 0.0),
            findings=tuple(Finding.from_dict(f) for f in d.get("findings") or ()),
            timings=dict(d.get("timings") or {}),
            rule_errors=tuple(RuleError(**e) for e in d.get("rule_errors") or ()),
            screenshot=d.get("screenshot"), index=d.get("index"),
            ignored=tuple(Finding.from_dict(f) for f in d.get("ignored") or ()),
            known=tuple(Finding.from_dict(f) for f in d.get("known") or ()),
            article=d.get("article"), site=d.get("site"), site_path=d.get("site_path"),
            consent=d.get("consent"),
            rules=tuple(RuleOutcome.from_dict(r) for r in d.get("rules") or ()),
        )


def error_page(requested_url: str, kind: str, message: str, **kw: Any) -> PageResult:
    return PageResult(requested_url=requested_url, url=kw.pop("url", requested_url),
                      status="error", error=PageError(kind, message), **kw)


@dataclass(frozen=True)
class RuleInfo:
    """Metadata of one rule that was checked; reports (SARIF, JUnit, HTML) describe rules from it."""
    id: str
    engine: str
    title: str
    description: str = ""
    help: str = ""
    impact: str | None = None
    wcag: tuple[str, ...] = ()
    act: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    help_url: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["wcag"], d["act"], d["tags"] = list(self.wcag), list(self.act), list(self.tags)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RuleInfo":
        return cls(**{**d, "wcag": tuple(d.get("wcag") or ()), "act": tuple(d.get("act") or ()),
                      "tags": tuple(d.get("tags") or ())})


@dataclass(frozen=True)
class RunResult:
    tool: dict[str, str]
    started_at: str
    duration_s: float
    pages: Sequence[PageResult]  # a tuple, or pages read back from disk one at a time (pagestore)
    interrupted: bool = False
    rules: tuple[RuleInfo, ...] = ()  # every rule checked in this run
    baseline: dict[str, Any] | None = None  # {"path", "fixed": [baseline entries no longer found]}
    expired_ignores: tuple[str, ...] = ()  # ignores past their expiry date, which no longer apply
    settings: dict[str, Any] | None = None  # how the run was made (auditor/settings_record.py)
    shard: dict[str, Any] | None = None  # --shard K/N runs: {"k", "n", "targets": digest of the whole list, "total"}
    partial: dict[str, Any] | None = None  # merged from an incomplete set of shards (--allow-partial): what is missing
    warnings: tuple[str, ...] = ()  # e.g. compared with a baseline made with other settings

    def summary(self) -> dict[str, int]:
        # Counted once: on a big run every count is a walk over pages read back from disk.
        cached = self.__dict__.get("_summary")
        if cached is None:
            cached = {"pages": len(self.pages), "audited": 0, "errors": 0, "failed": 0, "cantTell": 0,
                      "ignored": 0, "known": 0, "findings": 0}
            for p in self.pages:
                cached["audited" if p.status == "audited" else "errors"] += 1
                cached["findings"] += len(p.findings)
                cached["failed"] += sum(f.outcome == "failed" for f in p.findings)
                cached["cantTell"] += sum(f.outcome == "cantTell" for f in p.findings)
                cached["ignored"] += len(p.ignored)
                cached["known"] += len(p.known)
            object.__setattr__(self, "_summary", cached)
        out = {k: cached[k] for k in ("pages", "audited", "errors", "failed", "cantTell", "ignored")}
        if self.baseline is not None:
            out.update(new=cached["findings"], known=cached["known"], fixed=len(self.baseline.get("fixed") or ()))
        return out

    def to_dict(self, pages: bool = True) -> dict[str, Any]:
        """The contract's document; `pages=False` leaves the page list empty for a writer to stream."""
        return {
            "schema": RESULTS_SCHEMA,
            "tool": dict(self.tool),
            "started_at": self.started_at,
            "duration_s": round(self.duration_s, 3),
            "interrupted": self.interrupted,
            "pages": [p.to_dict() for p in self.pages] if pages else [],
            "summary": self.summary(),
            "rules": [r.to_dict() for r in self.rules],
            "baseline": self.baseline,
            "expired_ignores": list(self.expired_ignores),
            "settings": self.settings,
            "shard": self.shard,
            "partial": self.partial,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RunResult":
        if d.get("schema") != RESULTS_SCHEMA:
            raise ValueError(f"not an auditor results file (schema {d.get('schema')!r}, expected {RESULTS_SCHEMA!r})")
        return cls(tool=dict(d["tool"]), started_at=d["started_at"], duration_s=float(d["duration_s"]),
                   pages=tuple(PageResult.from_dict(p) for p in d["pages"]),
                   interrupted=bool(d.get("interrupted")),
                   rules=tuple(RuleInfo.from_dict(r) for r in d.get("rules") or ()),
                   baseline=d.get("baseline"), expired_ignores=tuple(d.get("expired_ignores") or ()),
                   settings=d.get("settings"), shard=d.get("shard"), partial=d.get("partial"),
                   warnings=tuple(d.get("warnings") or ()))


@dataclass
class Artifacts:
    """Everything the rules need about one page, collected once in the browser.

    `axe` is axe-core's finishRun result trimmed to violations and incomplete;
    `article` is what the page scripts measured, as typed facts (auditor/facts/);
    `axe_skipped` lists axe rules that were not completed and why (e.g. a time budget).
    """
    requested_url: str
    url: str
    http_status: int | None
    title: str | None
    axe: dict[str, Any]
    article: PageFacts
    axe_skipped: list[dict[str, Any]] = field(default_factory=list)  # {rule, reason, tags, actIds, ...}
    timings: dict[str, float] = field(default_factory=dict)
    screenshot: dict[str, Any] | None = None  # {"path", "width", "height"} of the full-page capture
    ignore_matches: dict[str, list[str]] = field(default_factory=dict)  # element selector -> ignore selectors it is inside
    site_path: str | None = None  # the page's path in its site or audited folder (auditor/fingerprint.py page_key)
    consent: dict[str, Any] | None = None  # the consent dialog shown and what was done (auditor/consent.py record)
    schema: str = ARTIFACTS_SCHEMA

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["article"] = self.article.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Artifacts":
        schema = d.get("schema")
        if schema not in ARTIFACTS_READABLE:
            raise ValueError(f"not an auditor artifacts file this version reads (schema {schema!r}; "
                             f"supported: {', '.join(ARTIFACTS_READABLE)})")
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in d.items() if k in names}
        values["article"] = PageFacts.from_dict(d.get("article")) if schema == ARTIFACTS_SCHEMA else from_v1(d.get("article"))
        values["schema"] = ARTIFACTS_SCHEMA
        return cls(**values)
