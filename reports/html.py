"""The HTML report: index.html for the run and pages/NNNN.html for each audited page.

Plain data is built first (dicts of strings and numbers, nothing marked safe), then one
Jinja environment with autoescaping renders it. Element pictures are crops of the page's
one full-page screenshot, drawn by CSS (see images.py): the report adds no image files.
Works from disk without network or JavaScript; assets/report.js only adds filtering and sorting.
"""
from __future__ import annotations

import re
import urllib.parse
from collections import Counter, defaultdict
from datetime import datetime
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.filters import FILTERS

from auditor import consent, wcag
from auditor.model import (
    ENGINE_LABELS,
    IMPACT_LABELS,
    IMPACTS,
    Finding,
    PageResult,
    RuleInfo,
    RunResult,
    error_label,
    impact_rank,
    target_text,
)
from auditor.reports import images, rules_page, scopes
from auditor.reports.output import write_text
from auditor.scope import TemplateTally
from auditor.wording import plural

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = ("report.css", "report.js")

PICTURES_PER_RULE = 10  # elements shown in full, with their picture, per rule and outcome
LISTED_PER_RULE = 100  # further elements listed compactly (selector and HTML) under a disclosure
TOP_RULES = 10  # rules shown before "show all" on the index
IGNORED_LISTED = 200  # ignored findings listed on the index (and on a page); the rest are counted
THUMB_BOXES = 300  # outlines drawn on a page's thumbnail
HTML_SHOWN, HTML_LISTED, SELECTOR_MAX = 1200, 240, 400

# The index's count columns: (key in a page's counts, heading, heading where the table is narrow).
SHORT_HEADINGS = {"critical": "Crit.", "serious": "Ser.", "moderate": "Mod.", "minor": "Min."}
COUNT_COLUMNS = tuple((i, IMPACT_LABELS[i], SHORT_HEADINGS[i]) for i in IMPACTS) + (("review", "To review", "Rev."),)
_PAGE_FILE = re.compile(r"^\d{4,}\.html$")


# ---- the Jinja environment ---------------------------------------------------------------

def num(n: int) -> str:
    return f"{n:,}"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # The filters templates may use, and no others.
    env.filters = {"length": FILTERS["length"], "plural": plural, "num": num}
    env.globals.update(impacts=IMPACTS, impact_labels=tuple(IMPACT_LABELS.items()), count_columns=COUNT_COLUMNS)
    return env


def render(template: str, **data: Any) -> str:
    return environment().get_template(template).render(**data)


# ---- small helpers -------------------------------------------------------------------------

def safe_href(url: str | None) -> str | None:
    """The URL if a link to it is harmless (http, https, file), else None: the text is shown unlinked."""
    if not url or not isinstance(url, str):
        return None
    try:
        scheme = urllib.parse.urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https", "file") else None


def clip(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def when(started_at: str) -> str:
    try:
        dt = datetime.strptime(started_at, "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return str(started_at or "")
    return f"{dt.day} {dt:%b %Y}, {dt:%H:%M} UTC"


def seconds(s: float) -> str:
    return f"{s:.1f} s" if s < 120 else f"{int(s // 60)} min {int(s % 60)} s"


def page_file(number: int) -> str:
    return f"{number:04d}.html"


def safe_relpath(path: str | None) -> PurePosixPath | None:
    """A screenshot path from the results, if it stays inside the report folder."""
    if not path or not isinstance(path, str):
        return None
    p = PurePosixPath(path.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts or not p.parts:
        return None
    return p


def counts(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    c = {impact: 0 for impact in IMPACTS}
    c["review"] = c["failed"] = 0
    for f in findings:
        if f.outcome == "failed":
            c["failed"] += 1
            if f.impact in c:
                c[f.impact] += 1
        else:
            c["review"] += 1
    return c


def severity_key(c: dict[str, int]) -> tuple:
    return tuple(-c[i] for i in IMPACTS) + (-c["review"],)


def worst_impact(findings: list[Finding]) -> str:
    return min((f.impact for f in findings), key=impact_rank, default="minor")


def _impact(impact: str) -> str:
    return impact if impact in IMPACT_LABELS else "minor"


# ---- building the data ---------------------------------------------------------------------

def rule_index(results: RunResult) -> dict[str, RuleInfo]:
    return {r.id: r for r in results.rules}


def run_data(results: RunResult) -> dict[str, Any]:
    tool = results.tool or {}
    s = results.summary()
    return {
        "tool": f"{tool.get('name', 'auditor')} {tool.get('version', '')}".strip(),
        "axe": tool.get("axe_version") or "unknown",
        "browser": tool.get("browser") or "an unknown browser",
        "started": when(results.started_at),
        "duration": seconds(results.duration_s),
        "interrupted": results.interrupted,
        "pages": s["pages"], "audited": s["audited"], "errors": s["errors"],
        "ignored": s["ignored"],
        # What makes the run partial, one sentence (the templates have no join filter).
        "partial": "; ".join((results.partial or {}).get("problems") or ()) or ("yes" if results.partial else None),
        "warnings": list(results.warnings),
        "how": scopes.how_data(results),
        "expired_ignores": list(results.expired_ignores),
        "baseline": None if results.baseline is None else {
            "path": str(results.baseline.get("path") or "the baseline"),
            "known": s["known"],
            "fixed": s["fixed"],
        },
    }


def _wcag_links(criteria: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"label": wcag.label(sc), "href": wcag.understanding_url(sc)} for sc in criteria]


def _act_links(ids: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"id": a, "href": wcag.act_url(a)} for a in ids]


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 3) if whole else 0.0


def _placement(box: images.Rect, frame: images.Rect) -> dict[str, float]:
    """Where `box` sits inside `frame`, in percent of the frame: CSS positions that scale with it."""
    return {"l": _pct(box.x - frame.x, frame.w), "t": _pct(box.y - frame.y, frame.h),
            "w": _pct(box.w, frame.w), "h": _pct(box.h, frame.h)}


def _inside(box: images.Rect, frame: images.Rect) -> images.Rect:
    """The part of box within frame: a highlight never reaches past its picture (axe-core would take
    the clipped overflow for something covering the text next to it)."""
    x0, y0 = max(box.x, frame.x), max(box.y, frame.y)
    x1, y1 = min(box.x + box.w, frame.x + frame.w), min(box.y + box.h, frame.y + frame.h)
    return images.Rect(x0, y0, max(1, x1 - x0), max(1, y1 - y0))


def _picture(f: Finding, n: int, shot: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str | None]:
    """(crop data, None) or (None, why there is no picture).

    The crop is a box with the page screenshot as its background, scaled and positioned in
    percent so it shrinks with the column; the highlight is a box placed the same way.
    """
    if shot is None:
        return None, None
    why = images.why_no_picture(f.box, shot["size"])
    if why:
        return None, f"Could not be pictured: {why}."
    width, height = shot["size"]
    box = images.visible_box(f.box, shot["size"])
    assert box is not None
    crop = images.crop_around(box, shot["size"])
    return {
        "href": shot["href"], "w": crop.w, "h": crop.h,
        "size": _pct(width, crop.w),
        "px": _pct(crop.x, width - crop.w) if width > crop.w else 0.0,
        "py": _pct(crop.y, height - crop.h) if height > crop.h else 0.0,
        "hl": _placement(_inside(images.outline_around(box), crop), crop),
        "label": f"Screenshot of element {n}, outlined: {clip(target_text(f.target), 80)}",
    }, None


def _checks(f: Finding) -> list[dict[str, Any]]:
    """axe's failure summary as it is structured: a heading ("Fix any of the following:"), one check a line."""
    return [{"heading": heading, "lines": list(items)} for heading, items in f.checks]


def _element(f: Finding, n: int, title: str, shot: dict[str, Any] | None, full: bool,
             shared_evidence: str | None = None) -> dict[str, Any]:
    # An axe finding's evidence is its checks folded to one line: the checks are shown instead.
    checks = _checks(f) if f.evidence != shared_evidence else []
    el = {
        "n": n, "impact": _impact(f.impact), "impact_label": IMPACT_LABELS[_impact(f.impact)],
        "selector": clip(target_text(f.target), SELECTOR_MAX),
        "html": clip(f.html, HTML_SHOWN if full else HTML_LISTED),
        "message": f.message if f.message and f.message != title else None,
        "evidence": f.evidence if f.evidence and f.evidence != shared_evidence and not checks else None,
        "checks": checks,
    }
    if full:
        el["picture"], el["no_picture"] = _picture(f, n, shot)
    return el


def _groups(findings: list[Finding], outcome: str, rules: dict[str, RuleInfo],
            shot: dict[str, Any] | None, prefix: str = "") -> list[dict[str, Any]]:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.outcome == outcome:
            by_rule[f.rule].append(f)
    groups: list[dict[str, Any]] = []
    anchors: set[str] = set()
    for rule_id, found in by_rule.items():
        info = rules.get(rule_id)
        found.sort(key=lambda f: impact_rank(f.impact))
        title = info.title if info else (found[0].message or rule_id)
        impact = _impact(worst_impact(found))
        engine = found[0].engine
        # axe's help is its rule's title; how to fix is then its failed checks (below), introduced by it.
        help_text = info.help if info and info.help and (info.help != title or engine == "axe") else ""
        description = info.description if info and info.description and info.description != title else ""
        shown = found[:PICTURES_PER_RULE]
        listed = found[PICTURES_PER_RULE:PICTURES_PER_RULE + LISTED_PER_RULE]
        evidence = {f.evidence for f in found}
        shared = evidence.pop() if len(evidence) == 1 and len(found) > 1 else None  # said once, not per element
        anchor = f"{prefix}{'f' if outcome == 'failed' else 'r'}-{re.sub(r'[^A-Za-z0-9_-]', '_', rule_id)}"
        while anchor in anchors:  # two odd rule ids may clean up to the same anchor
            anchor += "_"
        anchors.add(anchor)
        groups.append({
            "id": anchor,
            "rule": rule_id, "title": title, "description": description, "help": help_text,
            # Article rules: the bundled reference (pages are one folder down); axe rules: Deque's page.
            "help_url": (f"../{rules_page.href(rule_id)}" if engine == "article" else
                         safe_href((info.help_url if info else "") or found[0].help_url)),
            "engine": engine, "engine_label": ENGINE_LABELS.get(engine, engine),
            "impact": impact, "impact_label": IMPACT_LABELS[impact], "outcome": outcome,
            "count": len(found),
            "wcag": _wcag_links(info.wcag if info and info.wcag else found[0].wcag),
            "act": _act_links(info.act if info and info.act else found[0].act),
            "evidence": shared if not found[0].checks else None,
            "checks": _checks(found[0]) if shared is not None else [],
            "shown": [_element(f, i + 1, title, shot, True, shared) for i, f in enumerate(shown)],
            "listed": [_element(f, i + 1 + len(shown), title, shot, False) for i, f in enumerate(listed)],
            "unlisted": len(found) - len(shown) - len(listed),
        })
    groups.sort(key=lambda g: (impact_rank(g["impact"]), -g["count"], g["rule"]))
    return groups


def _screenshot(page: PageResult, out_dir: Path, root: str) -> tuple[dict[str, Any] | None, str | None]:
    rel = safe_relpath(page.screenshot)
    if rel is None:
        return None, ("No screenshots were taken for this page." if not page.screenshot else
                      "The screenshot path in the results is outside the report folder; it is not shown.")
    size = images.image_size(out_dir / rel)
    if size is None:
        return None, f"The page screenshot ({rel}) is missing from the report folder."
    return {"href": root + urllib.parse.quote(rel.as_posix()), "size": size}, None


def _thumbnail(findings: tuple[Finding, ...], shot: dict[str, Any] | None) -> dict[str, Any] | None:
    if shot is None:
        return None
    width, height = shot["size"]
    whole = images.Rect(0, 0, width, height)
    boxes = []
    for f in sorted(findings, key=lambda f: (f.outcome != "failed", impact_rank(f.impact))):
        box = images.visible_box(f.box, shot["size"]) if f.box else None
        if box:
            boxes.append({**_placement(box, whole), "cls": "review" if f.outcome != "failed" else _impact(f.impact),
                          "rule": f.rule, "engine": f.engine, "impact": _impact(f.impact)})  # for the filters
    drawn = boxes[:THUMB_BOXES]
    return {"href": shot["href"], "w": width, "h": height,
            "scrolls": height > 1.2 * width,  # taller than its frame: the frame scrolls, so it takes focus
            "boxes": list(reversed(drawn)),  # the most serious outlines come last, on top
            "outlined": len(drawn), "omitted": len(boxes) - len(drawn)}


def ignored_row(f: Finding, page: dict[str, Any] | None = None) -> dict[str, Any]:
    """An ignored finding as the report lists it: which rule, which element, why (and on which page)."""
    why = (f.note or "ignored by configuration").removeprefix("ignored by ")
    row: dict[str, Any] = {"rule": f.rule, "selector": clip(target_text(f.target), SELECTOR_MAX), "why": why,
                           "impact": _impact(f.impact), "impact_label": IMPACT_LABELS[_impact(f.impact)]}
    if page is not None:
        row.update(page_title=page["title"], page_href=page["href"] if page["status"] == "audited" else None)
    return row


def _filter_key(findings: tuple[Finding, ...]) -> str:
    """What the script filters an index row by: 'rule engine impact outcome count' entries."""
    c = Counter((f.rule, f.engine, _impact(f.impact), f.outcome) for f in findings)
    return ";".join(f"{r} {e} {i} {o} {n}" for (r, e, i, o), n in sorted(c.items()))


def page_data(number: int, page: PageResult, out_dir: Path, rules: dict[str, RuleInfo],
              detail: bool) -> dict[str, Any]:
    """One page's data; `detail` adds the rule groups and pictures the page report needs."""
    title = (page.title or "").strip()
    data: dict[str, Any] = {
        "number": number, "href": f"pages/{page_file(number)}",
        "title": title or page.url or page.requested_url, "untitled": not title,
        "url": page.url or page.requested_url, "url_href": safe_href(page.url or page.requested_url),
        "requested_url": page.requested_url,
        "status": page.status, "http_status": page.http_status, "duration": seconds(page.duration_s),
        "counts": counts(page.findings),
        # The index counts (and filters) the page's own findings; its template problems are counted once per site.
        "filter": _filter_key(tuple(f for f in page.findings if f.scope != "template")),
        "own_counts": counts([f for f in page.findings if f.scope != "template"]),
        "template": sum(f.scope == "template" for f in page.findings),
        "known": len(page.known), "ignored": len(page.ignored), "consent": consent.sentence(page.consent),
        "error": None,
    }
    if page.error:
        data["error"] = {"kind": page.error.kind, "label": error_label(page.error.kind),
                         "message": page.error.message}
    if detail:
        shot, note = _screenshot(page, out_dir, "../")
        found = list(page.findings)
        data.update({
            "failed": _groups(found, "failed", rules, shot),
            "review": _groups(found, "cantTell", rules, shot),
            "thumbnail": _thumbnail(page.findings, shot),
            "screenshot_note": note,
            "rule_errors": [{"rule": e.rule, "message": e.message} for e in page.rule_errors],
            "scopes": scopes.scope_sections(found, page.article, lambda fs, o, p: _groups(fs, o, rules, shot, p),
                                            counts),
            "article": scopes.article_data(page.article),
            "ignored_rows": [ignored_row(f) for f in page.ignored[:IGNORED_LISTED]],
            "ignored_unlisted": max(0, len(page.ignored) - IGNORED_LISTED),
            "checked": checked_data(page, rules),
        })
        groups = data["failed"] + data["review"]
        data["filter_rules"] = sorted({(g["rule"], g["title"]) for g in groups}, key=lambda r: r[1].lower())
        data["filter_engines"] = sorted({(g["engine"], g["engine_label"]) for g in groups})
        data["pictures_capped"] = PICTURES_PER_RULE
    return data


def checked_data(page: PageResult, rules: dict[str, RuleInfo]) -> dict[str, list[dict[str, Any]]]:
    """The rules that passed on the page and those that did not apply (pages[].rules), for "What was checked"."""
    out: dict[str, list[dict[str, Any]]] = {"passed": [], "inapplicable": []}
    for o in page.rules:
        if o.outcome in out:
            info = rules.get(o.rule)
            out[o.outcome].append({"rule": o.rule, "title": info.title if info else o.rule, "checked": o.checked,
                                   "engine_label": ENGINE_LABELS.get(o.engine, o.engine),
                                   "act": ", ".join(info.act) if info else ""})
    for entries in out.values():
        entries.sort(key=lambda r: r["title"].lower())
    return out


class Tally:
    """What the index needs from every page, added up as the pages go by (they may be read from disk)."""

    def __init__(self) -> None:
        self.totals = counts(())
        self.per_rule: dict[str, dict[str, Any]] = {}
        self.seen: Counter[tuple[str, str]] = Counter()
        self.templates = TemplateTally()
        self.ignored: list[dict[str, Any]] = []
        self.ignored_total = 0

    def add(self, page: PageResult, page_counts: dict[str, int], n: int = 0,
            summary: dict[str, Any] | None = None) -> None:
        self.templates.add(page, n)
        for key, n in page_counts.items():
            self.totals[key] += n
        self.ignored_total += len(page.ignored)
        room = IGNORED_LISTED - len(self.ignored)
        self.ignored += [ignored_row(f, summary) for f in page.ignored[:max(0, room)]]
        self.seen.update((f.rule, f.engine) for f in page.findings)
        failed = [f for f in page.findings if f.outcome == "failed"]
        for rule_id in {f.rule for f in failed}:
            mine = [f for f in failed if f.rule == rule_id]
            entry = self.per_rule.setdefault(
                rule_id, {"rule": rule_id, "pages": 0, "elements": 0, "worst": "minor"})
            entry["pages"] += 1
            entry["elements"] += len(mine)
            entry["worst"] = min(entry["worst"], worst_impact(mine), key=impact_rank)


def index_data(tally: Tally, pages: list[dict[str, Any]], rules: dict[str, RuleInfo]) -> dict[str, Any]:
    audited = [p for p in pages if p["status"] == "audited"]
    top = []
    for rule_id, entry in tally.per_rule.items():
        info = rules.get(rule_id)
        impact = _impact(entry["worst"])
        engine = info.engine if info else "axe"
        top.append({"rule": rule_id, "title": info.title if info else rule_id, "impact": impact,
                    "impact_label": IMPACT_LABELS[impact], "engine_label": ENGINE_LABELS.get(engine, engine),
                    "pages": entry["pages"], "elements": entry["elements"],
                    "wcag": _wcag_links(info.wcag) if info else []})
    top.sort(key=lambda r: (-r["pages"], impact_rank(r["impact"]), -r["elements"], r["rule"]))
    seen = tally.seen
    filter_rules = sorted({(r, rules[r].title if r in rules else r) for r, _ in seen}, key=lambda r: r[1].lower())
    return {
        "totals": tally.totals,
        "with_failures": sum(1 for p in audited if p["counts"]["failed"]),
        "top_rules": top[:TOP_RULES], "more_rules": top[TOP_RULES:],
        "pages": sorted(audited, key=lambda p: severity_key(p["own_counts"]) + (-p["template"], p["number"])),
        "templates": scopes.templates_data(tally.templates.sites, rules,
                                           lambda n: pages[n]["href"] if pages[n]["status"] == "audited" else None),
        "errors": [p for p in pages if p["status"] != "audited"],
        "filter_rules": filter_rules,
        "filter_engines": sorted({(e, ENGINE_LABELS.get(e, e)) for _, e in seen}),
        "ignored_rows": tally.ignored,
        "ignored_unlisted": tally.ignored_total - len(tally.ignored),
    }


# ---- writing ---------------------------------------------------------------------------------

def write(results: RunResult, out_dir: str | Path, results_name: str = "results.json") -> Path:
    """Write index.html, pages/, assets/ and the rule reference (rules.html) into out_dir; returns the index's path.

    Screenshots are read from out_dir (page.screenshot is relative to the results file there);
    `results_name` is the results file in out_dir the report links to.
    """
    out = Path(out_dir)
    rules = rule_index(results)
    run = run_data(results)
    run["results_name"] = results_name
    run["results_href"] = urllib.parse.quote(results_name)
    for name in ASSETS:
        write_text(out / "assets" / name, (TEMPLATES / "assets" / name).read_text(encoding="utf-8"), inside=out)
    summaries, tally = [], Tally()
    written = set()
    for number, page in enumerate(results.pages, 1):
        summaries.append(page_data(number, page, out, rules, detail=False))
        tally.add(page, summaries[-1]["counts"], number - 1, summaries[-1])
        if page.status == "audited":
            data = page_data(number, page, out, rules, detail=True)
            write_text(out / "pages" / page_file(number), render("page.html", run=run, page=data, root="../"),
                       inside=out)
            written.add(page_file(number))
    _remove_stale_pages(out / "pages", written)
    axe = [{**r, "help_url": safe_href(r["help_url"])} for r in rules_page.axe_rules(results)]
    write_text(out / rules_page.FILE, render("rules.html", run=run, article=rules_page.article_rules(), axe=axe,
                                             root=""), inside=out)
    index = out / "index.html"
    write_text(index, render("index.html", run=run, index=index_data(tally, summaries, rules), root=""), inside=out)
    return index


def _remove_stale_pages(folder: Path, keep: set[str]) -> None:
    """Page reports of an earlier, longer run in the same folder would mislead; only ours are removed."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _PAGE_FILE.match(path.name) and path.name not in keep:
            try:
                path.unlink()
            except OSError:
                pass
