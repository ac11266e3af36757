"""External-content disclaimers: wire and partner content must be introduced by a perceivable
disclaimer ("The following content is sourced from external partners. We cannot guarantee that
it is suitable for the visually or hearing impaired.").

First the evidence that the article carries external content (datelines and credits in the
text, metadata pointing at another publisher, configured partner blocks); without evidence no
rule here reports anything. Then the disclaimer: found, perceivable, and before the content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from auditor.facts import BylineCandidate, DisclaimerFact, PageFacts, TextFacts
from auditor.model import Artifacts
from auditor.rules.base import Issue, RuleMeta, RuleOption, rule
from auditor.rules.text import all_languages, host, is_local_host, issue, normalise, quote, site, squash, url_matches
from auditor.values import Choice, ListsBy, Patterns, Selectors, Words

WIRE_SERVICES: dict[str, list[str]] = {
    "Reuters": ["Reuters", "REUTERS", "Thomson Reuters"],
    "AP": ["AP", "Associated Press"],
    "AFP": ["AFP", "Agence France-Presse", "Agence France Presse"],
    "dpa": ["dpa", "DPA", "Deutsche Presse-Agentur"],
    "ANSA": ["ANSA"],
    "EFE": ["EFE", "Agencia EFE"],
    "Kyodo": ["Kyodo", "Kyodo News"],
    "Xinhua": ["Xinhua"],
    "PA Media": ["PA Media", "Press Association", "PA"],
    "Bloomberg": ["Bloomberg", "Bloomberg News"],
}
PHOTO_CREDIT = re.compile(r"\w\s*/\s*\w|(?i:\b(?:getty|corbis|images|photos?|pictures|shutterstock|istock|alamy|"
                          r"rex|imago|picture[- ]alliance|keystone|epa)\b)")
DATELINE_ONLY = {"PA"}  # also a US state code: a wire credit only in a dateline such as "LONDON (PA) -"

# Regular expressions (case-insensitive) used in the browser and in Python alike: keep to the
# common subset (no inline flags, no named groups, no \\A or \\Z; \\w and \\b are ASCII in browsers).
DISCLAIMER_PATTERNS: dict[str, list[str]] = {
    "en": [
        r"(?:content|article|story|material|video|report|text|section)s?\b[^.]{0,60}\b(?:sourced|provided|supplied|"
        r"syndicated|comes?|taken|originates?)\s+(?:from|by)\s+(?:our\s+|an?\s+)?(?:external|third[- ]party|outside)"
        r"\s+(?:partners?|providers?|sources?|agenc(?:y|ies))",
        r"suitable\s+for\s+(?:the\s+|people\s+who\s+are\s+)?(?:visually|hearing|sight)(?:[- ]impaired)?\s*(?:or|and|/)"
        r"\s*(?:the\s+)?(?:visually|hearing|sight)[- ]impaired",
    ],
    "de": [
        r"(?:von|aus|bei)\s+(?:unseren\s+)?(?:externen|dritten)\s+(?:partnern|quellen|anbietern)|von\s+drittanbietern",
        r"(?:seh|hör)[a-z-]*\s*(?:oder|und|/)\s*(?:seh|hör)[a-z]*(?:behindert|beeinträchtigt|geschädigt)[^.]{0,60}geeignet|"
        r"geeignet[^.]{0,60}(?:seh|hör)[a-z]*(?:behindert|beeinträchtigt|geschädigt)",
    ],
    "fr": [
        r"(?:provien[a-z]*|issu[a-z]*|fourni[a-z]*)\s+(?:de|par|d')\s*(?:des\s+|nos\s+)?partenaires\s+ext(?:ernes|érieurs)",
        r"adapt[^.]{0,60}(?:malvoyant|malentendant|déficien[a-z]*\s+(?:visuel|auditi))",
    ],
    "es": [
        r"(?:procede|proceden|proviene|provienen|procedente)[a-z]*\s+de\s+(?:socios|colaboradores|fuentes|proveedores)\s+externos",
        r"(?:adecuad|apt)[^.]{0,60}discapacidad\s+(?:visual|auditiva)",
    ],
    "it": [
        r"(?:provien[a-z]*|fornit[a-z]*)\s+da\s+(?:partner|fonti|fornitori)\s+estern[a-z]*",
        r"adatt[^.]{0,60}(?:disabilit[àa]\s+(?:visiv|uditiv)|non\s*vedent|ipovedent|non\s*udent|sord)",
    ],
    "pt": [
        r"(?:proveniente|provém|vem|fornecid[a-z]*)\s+de\s+(?:parceiros|fontes|fornecedores)\s+extern[a-z]*",
        r"adequad[^.]{0,60}defici[êe]ncia\s+(?:visual|auditiva)",
    ],
}

TAGS = ("house-policy", "article")
FACTS = ("texts", "meta", "partners", "frames", "disclaimers")

# What the page records as article text, and where it looks for bylines. Captions and photo
# credits are not the article's text (a wire photo is not wire text); nor are lists of other
# stories (related, recommended, promoted), whose datelines and credits are not this article's.
NOT_ARTICLE_TEXT = ('[class*="caption" i]', '[class*="credit" i]')
ELSEWHERE = ('[class*="related" i]', '[id*="related" i]', '[class*="recommend" i]', '[id*="recommend" i]',
             '[class*="promo" i]', '[class*="sponsor" i]')
# The site's footer (outside any <article>) holds boilerplate such as "AP articles: Copyright ...".
SITE_FOOTER = ('[id*="footer" i]', '[class*="footer" i]')
# Not [class*=credit]: on news pages those are photo and chart credits. Not [class*=syndicat]: that
# marks paid items in recommendation widgets.
BYLINE_SELECTORS = ('[itemprop~="author" i]', '[rel~="author" i]', '[class*="byline" i]', '[class*="author" i]',
                    '[class*="dateline" i]', '[class*="source" i]', '[class*="agency" i]', "address")
NOT_BYLINE_CLASS = re.compile(r"image|photo|img|pic|caption|media", re.IGNORECASE)  # a picture's credit
MAX_BYLINES = 30
MAX_BYLINE_LENGTH = 200  # UTF-16 code units, as the page counts them
SHARED_OPTIONS: tuple[RuleOption, ...] = (
    RuleOption("disclaimer_patterns", ListsBy("language", Patterns(browser=True)), DISCLAIMER_PATTERNS,
               "regular expressions of the disclaimer's wording, by language; merged with the defaults language by "
               "language; they also run in the browser"),
    RuleOption("wire_services", ListsBy("agency"), WIRE_SERVICES,
               "news agencies and the names datelines and credits give them; merged with the defaults"),
    RuleOption("partner_names", Words(), [], "partners whose content needs the disclaimer, as bylines and credits "
               "name them"),
    RuleOption("partner_domains", Words(), [], "partners' domains: a canonical link, source metadata or embedded "
               "frame that points to one marks external content"),
    RuleOption("partner_selectors", Selectors(), [], "CSS selectors of blocks that hold partner content"),
    RuleOption("own_domains", Words(), [], "the publisher's own domains (else found from the page and its metadata)"),
)


# ---- evidence of external content --------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    what: str  # for the message: 'dateline “GENEVA (Reuters) -”'
    strong: bool  # False: suggests external content, a person should check
    order: int | None  # reading-order position where the external content starts (None: the article)


def _alias_regex(aliases: tuple[str, ...]) -> str:
    parts = []
    for a in sorted(set(aliases), key=len, reverse=True):
        body = re.escape(a).replace(r"\ ", r"\s+")
        # Short all-capital names (AP, AFP, EFE) only in capitals; longer names in any case.
        parts.append(body if (len(a) <= 4 and a.isupper()) else f"(?i:{body})")
    return "|".join(parts)


@lru_cache(maxsize=32)
def _patterns(services: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, Any]:
    every = tuple(a for _, aliases in services for a in aliases)
    credit_aliases = tuple(a for a in every if a not in DATELINE_ONLY)
    agency = _alias_regex(every)
    credit = _alias_regex(credit_aliases) if credit_aliases else r"(?!x)x"
    dash = r"(?:-{1,2}|—|–|:|\.-|\s-)"
    return {
        "dateline": re.compile(
            r"^\s*(?:[A-ZÀ-ÖØ-Þ][\w.'’/ -]{1,40}?(?:,\s*[\w. ]{1,25}?)?\s*)?"
            rf"\(\s*(?:{agency})(?:\s*[/,]\s*[\w -]{{1,20}})*\s*\)\s*{dash}", re.UNICODE),
        "credit": [re.compile(p, re.UNICODE) for p in (
            r"(?i:\(\s*reporting\s+by\b[^)]{3,300}?\b(?:editing|writing|additional reporting)\s+by\b)",
            rf"\b(?:{credit})\s+(?i:writers?|reporters?|correspondents?|staff)\b[^.]{{0,100}}\b(?i:contributed)\b",
            rf"(?i:©|\(c\)|copyright)[^.|]{{0,30}}?\b(?:{credit})\b",
            rf"(?i:\b(?:source|quelle|fuente|fonte|sources)\s*:\s*)(?:{credit})\b",
            rf"(?i:\b(?:this\s+(?:story|article|report)\s+(?:was|is)\s+(?:originally\s+)?(?:published|provided|produced|"
            rf"written|distributed|supplied)\s+by|originally\s+published\s+(?:by|on|in)|provided\s+by|distributed\s+by|"
            rf"syndicated\s+from|supplied\s+by)\s+(?:the\s+)?)(?:{credit})\b",
            rf"(?i:\b(?:mit\s+material\s+(?:von|der|des)|con\s+información\s+de|com\s+informações\s+d[aeo]s?|"
            rf"avec|con|com|mit)\s+)(?:{credit})\s*[.)]?\s*$",
        )],
        "byline": re.compile(rf"(?<![\w-])(?:{credit})(?![\w-])", re.UNICODE),
        "byline_by": re.compile(rf"^(?i:by|von|par|por|di|de|from|source:|quelle:)?\s*(?:{credit})\b", re.UNICODE),
    }


def services_of(options: dict[str, Any], exclude: frozenset[str] = frozenset()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    services = {**WIRE_SERVICES, **(options.get("wire_services") or {})}
    for name in options.get("partner_names") or ():
        services[name] = [name]
    return tuple((name, tuple(aliases)) for name, aliases in services.items() if aliases and name not in exclude)


def own_services(article: PageFacts, artifacts: Artifacts, options: dict[str, Any]) -> frozenset[str]:
    """Wire services that are the publisher itself (an AP story on apnews.com is not external)."""
    names = publisher_names(article)
    labels = {s.split(".")[0] for s in own_sites(article, artifacts, options)}
    out = set()
    for service, aliases in services_of(options):
        for alias in aliases:
            key = re.sub(r"[^a-z0-9]", "", alias.lower())
            if any(same_org(alias, n) for n in names) or any(
                    label == key or (label.startswith(key) and label[len(key):] in ("news", "net", "online", "media", "wire"))
                    for label in labels):
                out.add(service)
    return frozenset(out)


def bylines(texts: TextFacts) -> list[BylineCandidate]:
    """The byline candidates that are the story's bylines: not a picture's credit (by its class),
    not inside a byline already taken, not empty and not too long; the first MAX_BYLINES."""
    taken: set[int] = set()
    out: list[BylineCandidate] = []
    for n, candidate in enumerate(texts.bylines):
        if len(out) >= MAX_BYLINES:
            break
        if NOT_BYLINE_CLASS.search(candidate.class_name) or _inside_taken(texts.bylines, n, taken):
            continue
        if not candidate.text or len(candidate.text.encode("utf-16-le")) // 2 > MAX_BYLINE_LENGTH:
            continue
        taken.add(n)
        out.append(candidate)
    return out


def _inside_taken(candidates: tuple[BylineCandidate, ...], n: int, taken: set[int]) -> bool:
    seen = {n}
    outer = candidates[n].within
    while outer is not None and outer not in seen and 0 <= outer < len(candidates):
        if outer in taken:
            return True
        seen.add(outer)
        outer = candidates[outer].within
    return False


def text_evidence(article: PageFacts, options: dict[str, Any], exclude: frozenset[str] = frozenset()) -> list[Evidence]:
    pats = _patterns(services_of(options, exclude))
    found: list[Evidence] = []
    seen: set[str] = set()

    def add(what: str, order: int | None, strong: bool = True) -> None:
        if what not in seen:
            seen.add(what)
            found.append(Evidence(what, strong, order))

    text = article.texts
    blocks = text.blocks
    start_blocks = [b for b in blocks if b.where == "start"]
    for block in start_blocks[:8]:
        m = pats["dateline"].match(block.text or "")
        if m:
            add(f"dateline {quote(m.group(0))}", block.order)
    if not found:
        m = pats["dateline"].match(text.start or "")
        if m:
            add(f"dateline {quote(m.group(0))}", None)
    for block in blocks:
        body = block.text or ""
        for pattern in pats["credit"]:
            m = pattern.search(body)
            if m:
                add(f"credit {quote(m.group(0), 60)}", None)
                break
    for byline in bylines(text):
        body = squash(byline.text)
        if len(body) > 120 or PHOTO_CREDIT.search(body):
            continue  # "AFP/Getty Images", "Reuters/Corbis": a picture's credit, not the story's
        m = pats["byline"].search(body)
        if m:
            add(f"byline {quote(body, 60)}", None)
    return found


def _orgs(value: Any) -> list[dict[str, Any]]:
    """Organisation-ish objects (or bare names) in a JSON-LD value."""
    out = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, str):
            out.append({"name": v} if not v.startswith(("http://", "https://")) else {"url": v})
        elif isinstance(v, dict):
            out.append(v)
    return out


def _names(org: dict[str, Any]) -> list[str]:
    names: list[Any] = []
    for key in ("name", "legalName", "alternateName"):
        v = org.get(key)
        names.extend(v if isinstance(v, list) else [v])
    return [n for n in names if isinstance(n, str) and n.strip()]


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    return {x.lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)}


_ORG_NOISE = re.compile(r"^the |\b(?:inc|ltd|llc|gmbh|ag|sa|plc|co|corp|group|media|news|online|digital|com|"
                        r"newspaper|magazine|agency)\b")


def _org_key(name: str) -> str:
    return re.sub(r"\s+", "", _ORG_NOISE.sub(" ", normalise(name)))


def same_org(a: str, b: str) -> bool:
    x, y = _org_key(a), _org_key(b)
    if not x or not y:
        return False
    return x == y or (min(len(x), len(y)) >= 3 and (x in y or y in x))


def _walk(obj: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(obj, list):
        for x in obj:
            yield from _walk(x, depth + 1)
    elif isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntityOfPage"):
            if key in obj:
                yield from _walk(obj[key], depth + 1)


def publisher_names(article: PageFacts) -> list[str]:
    """The publisher's names: og:site_name and JSON-LD publisher names."""
    meta = article.meta
    names = [meta.og_site_name] if meta.og_site_name else []
    for obj in _walk(list(meta.jsonld)):
        for org in _orgs(obj.get("publisher")):
            names.extend(_names(org))
    return names


def own_sites(article: PageFacts, artifacts: Artifacts, options: dict[str, Any]) -> set[str]:
    configured = {site(d.strip().lower()) for d in options.get("own_domains") or () if d.strip()}
    if configured:
        return configured
    hosts = {host(artifacts.url), host(artifacts.requested_url), host(article.meta.og_url)}
    for obj in _walk(list(article.meta.jsonld)):
        for org in _orgs(obj.get("publisher")):
            hosts.add(host(org.get("url") if isinstance(org.get("url"), str) else None))
    return {site(h) for h in hosts if h and not is_local_host(h)}


def _partner_domain(url: str | None, options: dict[str, Any]) -> str | None:
    return next((d for d in options.get("partner_domains") or () if url_matches(url, d)), None)


def meta_evidence(article: PageFacts, artifacts: Artifacts, options: dict[str, Any]) -> list[Evidence]:
    meta = article.meta
    own = own_sites(article, artifacts, options)
    found: list[Evidence] = []
    for label, urls, explicit in (("canonical link", meta.canonical, False),
                                  ("original-source", meta.original_source, True),
                                  ("syndication-source", meta.syndication_source, True)):
        for url in urls:
            h = host(url)
            partner = _partner_domain(url, options)
            if partner:
                found.append(Evidence(f"{label} points to partner {partner}", True, None))
            elif h and not is_local_host(h) and site(h) not in own:
                if own:
                    found.append(Evidence(f"{label} points to {h}, not to {', '.join(sorted(own))}", True, None))
                elif explicit:
                    found.append(Evidence(f"{label} points to {h} (the page's own site is unknown)", False, None))
            break  # the first of each kind is the one that counts

    # schema.org: isBasedOn / sourceOrganization / author organisation other than the publisher.
    services = services_of(options)
    agency_names = [a for _, aliases in services for a in aliases if a not in DATELINE_ONLY]
    own_names = publisher_names(article)
    for obj in _walk(list(meta.jsonld)):
        for key, label in (("sourceOrganization", "sourceOrganization"), ("author", "author organisation"),
                           ("isBasedOn", "isBasedOn"), ("isBasedOnUrl", "isBasedOn")):
            for org in _orgs(obj.get(key)):
                if key == "author" and not (_types(org) & {"organization", "newsmediaorganization", "corporation"}):
                    continue
                org_url = org.get("url") if isinstance(org.get("url"), str) else None
                if org_url:
                    h = host(org_url)
                    partner = _partner_domain(org_url, options)
                    if partner:
                        found.append(Evidence(f"JSON-LD {label} is partner {partner}", True, None))
                        continue
                    if h and own and site(h) in own:
                        continue
                    if h and own and not is_local_host(h) and not _names(org):
                        found.append(Evidence(f"JSON-LD {label} is {h}", True, None))
                        continue
                for name in _names(org):
                    if any(same_org(name, o) for o in own_names if o):
                        continue
                    agency = any(same_org(name, a) for a in agency_names)
                    if key == "author" and not agency:
                        continue  # "Staff", "Contributors to …": authors of the publisher's own content
                    if agency or own_names:
                        found.append(Evidence(f"JSON-LD {label} {quote(name, 40)} is not the publisher "
                                              f"{quote(own_names[0], 40) if own_names else ''}".rstrip(), agency, None))
    return found


def block_evidence(article: PageFacts, options: dict[str, Any]) -> list[Evidence]:
    found = []
    for block in article.partner_blocks:
        found.append(Evidence(f"partner block {block.matched} {quote(block.text or '', 50)}", True, block.order))
    for frame in article.frames:
        partner = _partner_domain(frame.src, options)
        if partner:
            found.append(Evidence(f"embedded content from partner {partner}", True, frame.order))
    return found


def external_evidence(artifacts: Artifacts, options: dict[str, Any]) -> list[Evidence]:
    article = artifacts.article
    return (text_evidence(article, options, own_services(article, artifacts, options))
            + meta_evidence(article, artifacts, options) + block_evidence(article, options))


# ---- the disclaimer ----------------------------------------------------------------------

def disclaimer_candidates(article: PageFacts, options: dict[str, Any]) -> list[DisclaimerFact]:
    compiled = []
    for p in all_languages(options.get("disclaimer_patterns"), DISCLAIMER_PATTERNS):
        try:
            compiled.append(re.compile(p, re.IGNORECASE | re.UNICODE))
        except re.error:
            continue
    found = article.disclaimers
    if not compiled:
        return list(found)
    return [d for d in found if any(c.search(squash(d.text)) for c in compiled)]


def unperceivable(d: DisclaimerFact) -> tuple[list[str], bool]:
    """(reasons readers cannot perceive it, contrast unknown)."""
    reasons = [text for hidden, text in ((d.display_none, "display: none"), (d.visibility_hidden, "visibility: hidden"),
                                         (d.opacity_zero, "opacity 0"), (d.zero_size, "zero size"),
                                         (d.offscreen, "positioned off-screen"), (d.clipped, "clipped out of view"),
                                         (d.aria_hidden, "aria-hidden"), (d.inert, "inert")) if hidden]
    unknown = False
    contrast = d.contrast
    if not reasons:
        ratio = contrast.ratio if contrast else None
        need = 3.0 if contrast and contrast.large else 4.5
        if ratio is None:
            unknown = True
        elif ratio < need:
            reasons.append(f"text contrast {ratio:.2f}:1 against {contrast.background if contrast else None} "
                           f"is below {need:g}:1")
    return reasons, unknown


def _describe(evidence: list[Evidence]) -> str:
    return "; ".join(e.what for e in evidence[:3]) + (f" (+{len(evidence) - 3} more)" if len(evidence) > 3 else "")


def pages_with_external_content(artifacts: Artifacts, options: dict[str, Any]) -> list[Any]:
    """The page, when it carries external content: what the disclaimer rules judge."""
    return [artifacts.article.root] if external_evidence(artifacts, options) else []


def disclaimers_of_external_content(artifacts: Artifacts, options: dict[str, Any]) -> list[DisclaimerFact]:
    if not external_evidence(artifacts, options):
        return []
    return disclaimer_candidates(artifacts.article, options)


def placed_disclaimers(artifacts: Artifacts, options: dict[str, Any]) -> list[DisclaimerFact]:
    if options.get("disclaimer_position", "before") != "before":
        return []
    return [d for d in disclaimers_of_external_content(artifacts, options) if not any(unperceivable(d))]


@rule(RuleMeta(
    id="external-content-disclaimer-missing",
    title="The article carries external (wire or partner) content but no external-content disclaimer.",
    impact="serious",
    description=("House policy: readers must be told, before wire and partner content, that it comes from "
                 "external partners and may not be suitable for visually or hearing impaired readers, because "
                 "the publisher cannot vouch for its alt text, captions and transcripts."),
    help=("Put the disclaimer before the external content, as visible text: “The following content is sourced "
          "from external partners. We cannot guarantee that it is suitable for the visually or hearing impaired.” "
          "Its wording must match a configured pattern (disclaimer_patterns, per language). If the content is "
          "your own, set own_domains so your other sites are not taken for partners."),
    tags=TAGS,
    facts=FACTS,
    options=SHARED_OPTIONS,
    passing=('<p>The following content is sourced from external partners. We cannot guarantee that it is suitable '
             'for the visually or hearing impaired.</p><article><p>GENEVA (Reuters) - Talks resumed…</p></article>',
             '<article><p>Officials told Reuters on Monday that talks would resume.</p></article>'),
    failing=('<article><p>GENEVA (Reuters) - Talks resumed on Monday…</p></article>',
             '<head><link rel="canonical" href="https://apnews.com/article/talks"></head>'
             '<body><article><p>Talks resumed…</p></article></body>'),
), applies=pages_with_external_content)
def external_content_disclaimer_missing(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    evidence = external_evidence(artifacts, options)
    if not evidence or disclaimer_candidates(artifacts.article, options):
        return
    strong = [e for e in evidence if e.strong]
    shown = strong or evidence
    yield issue(artifacts.article.root, f"External content found ({_describe(shown)}) but no external-content "
                                       "disclaimer on the page.", evidence=_describe(shown),
                outcome=None if strong else "cantTell")


@rule(RuleMeta(
    id="external-content-disclaimer-hidden",
    title="The external-content disclaimer is on the page but readers cannot perceive it.",
    impact="serious",
    description=("A disclaimer that is hidden with CSS, clipped, off-screen, aria-hidden, inert, or printed in "
                 "low-contrast text does not inform the readers it is meant for: screen reader users do not "
                 "hear it, low-vision readers cannot read it."),
    help=("Show the disclaimer as ordinary text: not display:none, visibility:hidden, zero-sized, clipped or "
          "positioned off-screen; not inside aria-hidden or inert; with a contrast of at least 4.5:1 (3:1 for "
          "large text) against its background."),
    tags=TAGS,
    facts=FACTS,
    options=SHARED_OPTIONS,
    passing=('<p>The following content is sourced from external partners.</p><p>PARIS (AFP) - …</p>',),
    failing=('<p style="display:none">The following content is sourced from external partners.</p><p>PARIS (AFP) - …</p>',
             '<p style="color:#bbb;background:#fff">The following content is sourced from external partners.</p>'
             '<p>PARIS (AFP) - …</p>'),
), applies=disclaimers_of_external_content)
def external_content_disclaimer_hidden(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    candidates = disclaimer_candidates(artifacts.article, options)
    if not candidates:
        return
    judged = [(d, *unperceivable(d)) for d in candidates]
    if any(not reasons and not unknown for _, reasons, unknown in judged):
        return  # at least one readers can perceive
    if not external_evidence(artifacts, options):
        return
    d, reasons, unknown = next(((d, r, u) for d, r, u in judged if r), judged[0])
    if reasons:
        yield issue(d, f"The external-content disclaimer {quote(d.text or '', 60)} cannot be perceived: "
                       f"{', '.join(reasons)}.", evidence=", ".join(reasons))
    else:
        why = (d.contrast.reason if d.contrast else None) or "unknown background"
        yield issue(d, f"The contrast of the external-content disclaimer could not be measured ({why}); check "
                       "that it is readable.", evidence=f"contrast unknown: {why}", outcome="cantTell")


@rule(RuleMeta(
    id="external-content-disclaimer-misplaced",
    title="The external-content disclaimer comes after the external content.",
    impact="moderate",
    description=("The disclaimer warns readers before they start on content that may not be accessible to them; "
                 "at the end of the article (or in the footer) it comes too late, and screen reader users, who "
                 "read in document order, meet it last. Checked only when disclaimer_position = \"before\"."),
    help=("Move the disclaimer above the external content in the page source (before the article text, or "
          "before the partner block), not only visually with CSS."),
    wcag=(),
    tags=TAGS,
    facts=FACTS,
    options=(*SHARED_OPTIONS,
             RuleOption("disclaimer_position", Choice("before", "anywhere"), "before",
                        "the disclaimer must come before the external content, or may be anywhere on the page")),
    passing=('<p>The following content is sourced from external partners.</p><article><p>PARIS (AFP) - …</p></article>',),
    failing=('<article><p>PARIS (AFP) - …</p></article><footer><p>The following content is sourced from external '
             'partners.</p></footer>',),
), applies=placed_disclaimers)
def external_content_disclaimer_misplaced(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    if options.get("disclaimer_position", "before") != "before":
        return
    article = artifacts.article
    candidates = [d for d in disclaimer_candidates(article, options) if not any(unperceivable(d))]
    if not candidates:
        return
    evidence = external_evidence(artifacts, options)
    if not evidence:
        return
    start = content_start(article)
    positions = [p for p in (e.order if e.order is not None else start for e in evidence) if p is not None]
    first_disclaimer = min(candidates, key=lambda d: d.order or 0)
    if positions and (first_disclaimer.order or 0) > min(positions):
        yield issue(first_disclaimer, f"The external-content disclaimer comes after the external content it "
                                      f"introduces ({_describe(evidence)}).", evidence=_describe(evidence))


def content_start(article: PageFacts) -> int | None:
    """Where the article's own text begins: its first paragraph, else its first text block."""
    blocks = [b for b in article.texts.blocks if b.where == "start"]
    for b in blocks:
        if b.tag == "p" and b.order is not None:
            return b.order
    return article.article_start
