"""The result model: plain, frozen, JSON-serialisable records.

`Artifacts` is what the gatherer collects from one page and what the rules judge;
`PageResult` and `RunResult` are the results contract (../shared/CONTRACT.md).
Nothing here touches the browser or the file system.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Sequence

from auditor.facts import PageFacts, from_v1

RESULTS_SCHEMA = "auditor/results@1"
ARTIFACTS_SCHEMA = "auditor/artifacts@2"
# Older artifacts files this version still reads (their page facts are migrated on loading).
ARTIFACTS_READABLE = ("auditor/artifacts@1", ARTIFACTS_SCHEMA)

IMPACTS = ("critical", "serious", "moderate", "minor")
OUTCOMES = ("failed", "cantTell")
ERROR_KINDS = ("timeout", "navigation", "http", "browser", "script", "target", "interrupted", "refused")


def impact_rank(impact: str | None) -> int:
    """0 for critical .. 3 for minor; unknown impacts sort last."""
    try:
        return IMPACTS.index(impact or "")
    except ValueError:
        return len(IMPACTS)


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

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["wcag"], d["act"], d["target"] = list(self.wcag), list(self.act), list(self.target)
        d["box"] = list(self.box) if self.box else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(
            rule=d["rule"], engine=d["engine"], outcome=d["outcome"], impact=d["impact"],
            wcag=tuple(d.get("wcag") or ()), act=tuple(d.get("act") or ()),
            target=tuple(d.get("target") or ()), html=d.get("html") or "",
            message=d.get("message") or "", help_url=d.get("help_url") or "",
            evidence=d.get("evidence"), box=tuple(d["box"]) if d.get("box") else None,
            fingerprint=d.get("fingerprint"), note=d.get("note"),
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
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "RunResult":
        if d.get("schema") != RESULTS_SCHEMA:
            raise ValueError(f"not an auditor results file (schema {d.get('schema')!r}, expected {RESULTS_SCHEMA!r})")
        return cls(tool=dict(d["tool"]), started_at=d["started_at"], duration_s=float(d["duration_s"]),
                   pages=tuple(PageResult.from_dict(p) for p in d["pages"]),
                   interrupted=bool(d.get("interrupted")),
                   rules=tuple(RuleInfo.from_dict(r) for r in d.get("rules") or ()),
                   baseline=d.get("baseline"), expired_ignores=tuple(d.get("expired_ignores") or ()))


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
