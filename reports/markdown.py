"""A short Markdown summary for pull-request comments and GitHub's job summary.

Counts by impact; with a baseline, the new failures; the rules that fail on the most pages, the
pages with the most serious failures, the pages that could not be audited, what was ignored on
purpose (which rule, which element, why) and the ignores that expired. Lists are capped so the
comment stays short. With `report_url` (where CI publishes the report) the summary links the
report and each page's report there instead of naming the local folder.
Page text is escaped: titles cannot add links, images, HTML or table cells.
"""
from __future__ import annotations

import heapq
import re
from pathlib import Path

from auditor.model import IMPACT_LABELS, IMPACTS, RunResult, impact_rank, target_text
from auditor.reports.output import write_text
from auditor.reports.registry import WriteContext, Writer, report_link
from auditor.scope import TemplateTally
from auditor.wording import plural

TOP_RULES = 5
TOP_PAGES = 10
MAX_ERRORS = 10
MAX_NEW = 10
MAX_IGNORED = 10
MAX_EXPIRED = 10
TEXT_MAX = 90

HEADINGS = " | ".join(IMPACT_LABELS[i] for i in IMPACTS)
_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")


def text(value: object, limit: int = TEXT_MAX) -> str:
    """Plain text safe inside Markdown and a table cell."""
    s = " ".join(str(value if value is not None else "").split())
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", s)


def code(value: object) -> str:
    s = " ".join(str(value).split()).replace("`", "'").replace("|", "\\|")
    return f"`{s}`"


def link(label: str, url: str | None) -> str:
    if url and re.match(r"^https?://", url) and not re.search(r"[\s()<>]", url):
        return f"[{label}]({url})"
    return label


def _more(n: int, word: str) -> str:
    return plural(n, "more " + word)


def page_report(report_url: str | None, number: int) -> str | None:
    """Page `number`'s report (pages/NNNN.html, as reports/html.py names it) where the report is published."""
    return report_link(report_url, f"pages/{number:04d}.html")


def render(results: RunResult, report_path: str | None = None, report_url: str | None = None) -> str:
    s = results.summary()
    # One walk over the pages, keeping counts and the few rows shown: pages may be read from disk.
    by_impact = {i: 0 for i in IMPACTS}
    rules: dict[str, dict] = {}
    worst: list[tuple[tuple[int, ...], int, str, str]] = []  # (score, position, label, url) of failing pages
    broken: list[str] = []
    n_broken = 0
    templates = TemplateTally()
    new: list[tuple[int, int, int, str]] = []  # a bounded heap of (-rank, position, n, line): the least serious on top
    ignored: list[str] = []
    n_new = n_ignored = 0
    for position, p in enumerate(results.pages):
        templates.add(p, position)
        where = link(text(p.title or p.url or p.requested_url, 60), page_report(report_url, position + 1) or p.url)
        for f in p.ignored:
            n_ignored += 1
            if len(ignored) < MAX_IGNORED:
                why = (f.note or "ignored by configuration").removeprefix("ignored by ")
                ignored.append(f"- {code(f.rule)} on {code(target_text(f.target)[:120])} ({where}): {text(why, 160)}")
        if results.baseline is not None:
            for n, f in enumerate(x for x in p.findings if x.outcome == "failed"):
                n_new += 1
                entry = (-impact_rank(f.impact), -position, -n,
                         f"- **{f.impact}** {code(f.rule)} on {code(target_text(f.target)[:120])} ({where}): "
                         f"{text(f.message, 120)}")
                (heapq.heappush if len(new) < MAX_NEW else heapq.heappushpop)(new, entry)
        if p.status != "audited":
            n_broken += 1
            if len(broken) < MAX_ERRORS:
                why = f"{p.error.kind}: {p.error.message}" if p.error else p.status
                broken.append(f"- {text(p.requested_url, 120)}: {text(why, 160)}")
        # A page's own failures; its site-template failures are counted once per site, below.
        failed_here = [f for f in p.findings if f.outcome == "failed" and f.scope != "template"]
        if not failed_here:
            continue
        score = tuple(-sum(f.impact == i for f in failed_here) for i in IMPACTS)
        for i, n in zip(IMPACTS, score):
            by_impact[i] -= n
        worst.append((score, position, text(p.title or p.url or p.requested_url, 70),
                      page_report(report_url, position + 1) or p.url))
        for rule_id in {f.rule for f in failed_here}:
            mine = [f for f in failed_here if f.rule == rule_id]
            e = rules.setdefault(rule_id, {"pages": 0, "elements": 0, "impact": "minor"})
            e["pages"] += 1
            e["elements"] += len(mine)
            e["impact"] = min([e["impact"]] + [f.impact for f in mine], key=impact_rank)
    template_rows = _template_problems(templates)
    for row in template_rows:
        by_impact[row[2]] += 1
    n_failed = sum(by_impact.values())
    icon = "❌" if n_failed else ("⚠️" if s["errors"] else "✅")
    head = (f"{n_failed:,} failures on {len(worst)} of {s['audited']} audited pages" if n_failed
            else f"no failures on {s['audited']} audited pages")
    if template_rows:
        head += f" and {plural(len(template_rows), 'site template problem')}"
    if s["errors"]:
        head += f", {s['errors']} not audited"
    out = [f"### {icon} Accessibility audit: {head}", ""]
    if results.partial:
        out += [f"⚠️ **Partial results**: {text('; '.join(results.partial.get('problems') or ()), 300)}.", ""]
    out += [f"⚠️ {text(w, 300)}" for w in results.warnings] + ([""] if results.warnings else [])
    out += [f"| {HEADINGS} | Needs review |", "|---:|---:|---:|---:|---:|",
            "| " + " | ".join(f"{by_impact[i]:,}" for i in IMPACTS) + f" | {s['cantTell']:,} |", ""]
    notes = []
    if results.baseline is not None:
        notes.append(f"Baseline: {plural(s.get('known', 0), 'known finding')} not counted, "
                     f"{s.get('fixed', 0):,} fixed since.")
    if s.get("ignored"):
        notes.append(f"{plural(s['ignored'], 'finding')} ignored by configuration.")
    if notes:
        out += [" ".join(notes), ""]

    if new:
        out += [f"**New since the baseline** ({plural(n_new, 'failure')}, most serious first)", "",
                *(line for *_, line in sorted(new, reverse=True))]
        if n_new > MAX_NEW:
            out.append(f"- …and {_more(n_new - MAX_NEW, 'new failure')}")
        out.append("")

    titles = {r.id: r.title for r in results.rules}
    if rules:
        top = sorted(rules.items(), key=lambda kv: (-kv[1]["pages"], impact_rank(kv[1]["impact"]), kv[0]))
        out += ["**Failures on the most pages**", "", "| Rule | Impact | Pages | Elements |", "|---|---|---:|---:|"]
        for rule_id, e in top[:TOP_RULES]:
            out.append(f"| {code(rule_id)} {text(titles.get(rule_id, ''))} | {e['impact']} | {e['pages']} | "
                       f"{e['elements']:,} |")
        if len(top) > TOP_RULES:
            out.append(f"| …and {_more(len(top) - TOP_RULES, 'rule')} | | | |")
        out.append("")

    if worst:
        out += ["**Pages with the most serious failures**", "",
                f"| Page | {HEADINGS} |", "|---|---:|---:|---:|---:|"]
        for score, _, label, url in heapq.nsmallest(TOP_PAGES, worst):
            out.append(f"| {link(label, url)} | " + " | ".join(str(-n) for n in score) + " |")
        if len(worst) > TOP_PAGES:
            out.append(f"| …and {_more(len(worst) - TOP_PAGES, 'page')} | | | | |")
        out.append("")

    if template_rows:
        out += ["**Site template problems** (each counted once; the pages above leave them out)", "",
                "| Rule | Impact | Element | Pages |", "|---|---|---|---:|"]
        for rule_id, title, impact, selector, on, site, audited in template_rows[:TOP_RULES * 2]:
            out.append(f"| {code(rule_id)} {text(titles.get(rule_id, title))} | {impact} | {code(selector)} | {on:,} of {audited:,} "
                       f"({text(site, 40)}) |")
        if len(template_rows) > TOP_RULES * 2:
            out.append(f"| …and {_more(len(template_rows) - TOP_RULES * 2, 'problem')} | | | |")
        out.append("")

    if broken:
        out += ["**Not audited**", "", *broken]
        if n_broken > MAX_ERRORS:
            out.append(f"- …and {n_broken - MAX_ERRORS} more")
        out.append("")

    if ignored:
        out += [f"**Ignored on purpose** ({plural(n_ignored, 'finding')}: rule, element, why)", "", *ignored]
        if n_ignored > MAX_IGNORED:
            out.append(f"- …and {_more(n_ignored - MAX_IGNORED, 'ignored finding')}; results.json lists them")
        out.append("")
    if results.expired_ignores:
        out += ["**Expired ignores** (no longer applied: renew or remove them)", "",
                *(f"- {text(e, 200)}" for e in results.expired_ignores[:MAX_EXPIRED])]
        if len(results.expired_ignores) > MAX_EXPIRED:
            out.append(f"- …and {len(results.expired_ignores) - MAX_EXPIRED} more")
        out.append("")

    tool = results.tool or {}
    if report_url:
        where = f" {link('Full report', report_url)}."
    else:
        where = f" Full report: {text(report_path, 200)}." if report_path else ""
    out.append(f"<sub>{text(tool.get('name', 'auditor'))} {text(tool.get('version', ''))} with axe-core "
               f"{text(tool.get('axe_version', ''))}.{_how(results)}{where}</sub>")
    return "\n".join(out) + "\n"


def _template_problems(templates: TemplateTally) -> list[tuple[str, str, str, str, int, str, int]]:
    """Failing template problems, each once: (rule, title, impact, element, pages, site, site's pages)."""
    rows = []
    for site in templates.sites.values():
        for problem in site.problems.values():
            f = problem.finding
            if f.outcome == "failed":
                rows.append((f.rule, f.message, f.impact if f.impact in IMPACTS else "minor",
                             target_text(f.target), problem.pages, site.site, site.audited))
    rows.sort(key=lambda r: (-r[4], impact_rank(r[2]), r[0]))
    return rows


def _how(results: RunResult) -> str:
    """The settings that change what is found, in one phrase: how to reproduce the run."""
    s = results.settings
    if not s:
        return ""
    viewport = s.get("viewport") or {}
    parts = [str(s.get("standard", "")),
             f"viewport {viewport.get('width')}×{viewport.get('height')}" if viewport else "",
             "phone" if s.get("mobile") else "",
             "best practices" if s.get("best_practices") else "",
             "third parties blocked" if s.get("block_third_party") else "",
             f"{len(s.get('block') or ())} block patterns" if s.get("block") else "",
             f"wait for {s['wait_for']}" if s.get("wait_for") else "",
             f"rule settings {', '.join(sorted(s['rules']))}" if s.get("rules") else "",
             f"baseline {(s.get('baseline') or {}).get('path')}" if s.get("baseline") else ""]
    return " Settings: " + text(", ".join(p for p in parts if p), 300) + "."


def write(results: RunResult, dest: str | Path, report_path: str | None = None, report_url: str | None = None) -> None:
    write_text(dest, render(results, report_path, report_url))


def append(results: RunResult, dest: str | Path, report_path: str | None = None, report_url: str | None = None) -> None:
    """Add the summary to a file others write too, such as $GITHUB_STEP_SUMMARY."""
    from auditor.errors import ReportError

    try:
        with open(dest, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(render(results, report_path, report_url) + "\n")
    except OSError as exc:
        raise ReportError(f"cannot write the job summary {dest}: {exc.strerror or exc}") from exc


def write_diff(diff, dest: str | Path, context: WriteContext) -> None:
    from auditor.diff import markdown as diff_markdown

    write_text(dest, diff_markdown(diff))


WRITER = Writer("markdown", "summary.md", "a short Markdown summary for a pull-request comment",
                write=lambda results, dest, context: write(results, dest, report_path=context.report_path,
                                                           report_url=context.setting("report_url")),
                write_diff=write_diff)
