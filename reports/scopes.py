"""The HTML report's data for whose each finding is: a page's findings by scope (the article's
first: an editor's to-do list), how the article was found, each site's template problems once
with the pages they are on, and "How this was audited" from the run's settings record.
Plain data, as html.py builds it; the partials _scopes.html, _templates.html and _how.html draw it.
"""
from __future__ import annotations

from typing import Any, Callable

from auditor.model import IMPACT_LABELS, Finding, RunResult, impact_rank, target_text
from auditor.scope import SiteTemplate
from auditor.settings_record import LABELS

# (scope, heading, what the section is for). Findings of older results have no scope: "page".
SECTIONS = (
    ("article", "In this article", "What the article brought: its editor can fix these."),
    ("page", "On this page", "No article could be told apart from the site's template on this page, so these "
             "findings are the whole page's."),
    ("template", "Site template", "Problems of the site's template (header, navigation, footer, rails around the "
                                  "article): the web team fixes each once, for every page."),
)
SOURCE_LABELS = {
    "configured": "the configured article selector", "itemprop": "its itemprop=articleBody markup",
    "article": "its <article> element", "main": "the page's main region", "json-ld": "the JSON-LD articleBody text",
    "density": "where the paragraph text is densest",
}
TEMPLATE_PROBLEMS_SHOWN = 50  # per site, most pages first
SELECTOR_MAX, HTML_MAX = 200, 240

Groups = Callable[[list[Finding], str, str], list[dict[str, Any]]]  # (findings, outcome, anchor prefix) -> groups


def _clip(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scope_sections(findings: list[Finding], article: dict[str, Any] | None, groups: Groups,
                   counts: Callable[[list[Finding]], dict[str, int]]) -> list[dict[str, Any]]:
    """The page report's sections: the article's (always, when an article was found), the page's
    (when no article was found), then the template's."""
    found = bool(article and article.get("found"))
    sections = []
    for scope, title, note in SECTIONS:
        mine = [f for f in findings if (f.scope or "page") == scope]
        prefix = "t" if scope == "template" else ""  # the page's own rules keep their anchors (#f-image-alt)
        if not mine and not (scope == "article" and found):
            continue
        sections.append({"id": scope, "title": title, "note": note, "counts": counts(mine),
                         "failed": groups(mine, "failed", prefix), "review": groups(mine, "cantTell", prefix)})
    return sections


def article_data(article: dict[str, Any] | None) -> dict[str, Any] | None:
    """How the article was found, or why it was not, as the page report says it."""
    if not article:
        return None
    return {
        "found": bool(article.get("found")),
        "selector": _clip(article.get("selector"), SELECTOR_MAX),
        "how": SOURCE_LABELS.get(article.get("source") or "", article.get("source") or ""),
        "confidence": article.get("confidence"),
        "reason": article.get("reason") or "",
        "excluded": [{"selector": _clip(e.get("selector"), SELECTOR_MAX), "why": e.get("why", "")}
                     for e in article.get("excluded") or ()][:20],
    }


def templates_data(sites: dict[str, SiteTemplate], rules: dict[str, Any],
                   page_href: Callable[[int], str | None]) -> list[dict[str, Any]]:
    """Each site's template problems once: what, where, and on how many of its audited pages."""
    out = []
    for site in sorted(sites.values(), key=lambda s: s.site):
        if not site.problems:
            continue
        problems = sorted(site.problems.values(),
                          key=lambda p: (p.finding.outcome != "failed", -p.pages, impact_rank(p.finding.impact),
                                         p.finding.rule))
        rows = []
        for p in problems[:TEMPLATE_PROBLEMS_SHOWN]:
            f = p.finding
            info = rules.get(f.rule)
            impact = f.impact if f.impact in IMPACT_LABELS else "minor"
            rows.append({"rule": f.rule, "title": info.title if info else f.message or f.rule,
                         "impact": impact, "impact_label": IMPACT_LABELS[impact],
                         "review": f.outcome != "failed", "selector": _clip(target_text(f.target), SELECTOR_MAX),
                         "html": _clip(f.html, HTML_MAX), "pages": p.pages, "href": page_href(p.first_page)})
        out.append({"site": site.site, "audited": site.audited, "problems": rows,
                    "failed": sum(p.finding.outcome == "failed" for p in problems),
                    "review": sum(p.finding.outcome != "failed" for p in problems),
                    "unlisted": max(0, len(problems) - TEMPLATE_PROBLEMS_SHOWN)})
    return out


def _shown(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if set(value) == {"path", "sha256"}:
            return f"{value['path']} ({value['sha256'] or 'unreadable'})"
        if set(value) == {"width", "height"}:
            return f"{value['width']} × {value['height']}"
        return ", ".join(f"{k} = {_shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def how_data(results: RunResult) -> list[dict[str, str]]:
    """'How this was audited': every field of the run's settings record, labelled; [] for older results."""
    return [{"label": LABELS.get(key, key), "value": _shown(value)} for key, value in (results.settings or {}).items()]
