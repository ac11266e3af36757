"""The article rules end to end: fixture pages in real Chromium, the collector's facts, and the
findings of the whole pipeline (targets -> gather -> judge -> results).

Every rule has a failing and a passing element or page here. Pages live in
tests/fixtures/pages/articles/ (local images, WebVTT files and tiny WebM videos; no internet).
"""
from __future__ import annotations

import jsonschema
import pytest

from auditor import gather
from auditor.config import Settings
from auditor.facts import KIND_NAMES, IdRef, PageFacts
from auditor.facts.schema import page_facts_schema
from auditor.rules.disclaimers import bylines
from auditor.rules.runner import judge

pytestmark = pytest.mark.browser

PAGES = ["alt-text.html", "captions.html", "video.html", "audio.html", "media-alternatives.html",
         "wire-missing.html", "wire-disclaimer.html", "wire-hidden-contrast.html", "wire-hidden-clipped.html",
         "wire-misplaced.html", "wire-mention.html", "wire-syndicated.html", "partner-block.html",
         "wire-footer-boilerplate.html",
         "act-9eb3f6.html", "act-1ea59c.html"]


@pytest.fixture(scope="module")
def run(chromium, site):
    """One audit of every fixture page, as `auditor audit` runs it: page name -> {(rule, target): outcome}."""
    urls = [site.page(f"articles/{name}") for name in PAGES]
    result = chromium.audit(urls, Settings(screenshots=False, block_third_party=True))
    pages = {}
    for name, page in zip(PAGES, result.pages):
        assert page.status == "audited", (name, page.error)
        assert not page.rule_errors, page.rule_errors
        pages[name] = {(f.rule, f.target[0]): f.outcome for f in page.findings if f.engine == "article"}
        pages[name + " axe"] = {(f.rule, f.target[0]): f.outcome for f in page.findings if f.engine == "axe"}
    return pages


@pytest.fixture(scope="module")
def gathered(chromium, site):
    """name, rule settings -> the page's artifacts; `get.raw[name]` is what its page scripts returned."""
    cache = {}

    def get(name, **rule_settings):
        key = (name, repr(sorted(rule_settings.items())))
        if key not in cache:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(gather, "PageFacts", _Spy(get.raw, name))
                cache[key] = chromium.gather(site.page(f"articles/{name}"), block_third_party=True,
                                             rule_settings=rule_settings)
        return cache[key]
    get.raw = {}
    return get


class _Spy:
    """Stands in for PageFacts in the gatherer to keep the page scripts' answer as it came."""

    def __init__(self, raw, name):
        self.raw, self.name = raw, name

    def from_dict(self, data):
        self.raw[self.name] = data
        return PageFacts.from_dict(data)


def article_findings(artifacts, settings=None):
    found, errors = judge(artifacts, settings or {})
    assert not errors
    return {(f.rule, f.target[0]): f.outcome for f in found if f.engine == "article"}


def reported(findings, rule):
    return {target: outcome for (r, target), outcome in findings.items() if r == rule}


# ---- alt text ----------------------------------------------------------------------------

def test_page_scripts_record_image_facts(gathered):
    facts = gathered("alt-text.html").article
    assert facts.root.source == "article" and facts.lang == "en"
    images = {i.selector: i for i in facts.images}
    assert "#site-logo" not in images and "#outside" not in images, "only the article's images"
    assert images["#fn-ext"].name == "DSC_0042.jpg" and images["#fn-ext"].width == 320
    assert images["#fn-camera"].picture_sources[0].endswith("/img/IMG_1234.png")
    assert images["#fn-download"].link and images["#fn-download"].link.download is True
    assert images["#ph-named-link"].named_ancestor is True
    assert images["#ph-svg"].tag == "svg" and images["#ph-svg"].name == "graphic"
    assert images["#ph-input"].tag == "input" and images["#ph-input"].name == "img"
    assert images["#deco-captioned"].role == "presentation"
    assert images["#deco-captioned"].caption.text == "Volunteers fill sandbags at the harbour wall."
    assert images["#dup"].caption.source == "figcaption"
    assert images["#hidden"].visible is False and images["#good"].visible is True
    lazy = images["#lazy"]
    assert lazy.lazy_src.endswith("/img/lazy-real.png")
    assert lazy.current_src.endswith("/img/lazy-real.png"), "judged after the scroll loaded it"
    assert all(i.html.startswith("<") for i in images.values())


def house(found: dict) -> dict:
    """The house rules' findings alone: the ACT-facing rules (act-*) ask for review of every named
    image and every medium by design, and tests/browser/test_act_examples.py checks them."""
    return {(rule, target): outcome for (rule, target), outcome in found.items() if not rule.startswith("act-")}


def test_alt_text_rules_fail_and_pass(run):
    f = run["alt-text.html"]
    assert reported(f, "image-alt-filename") == {"#fn-ext": "failed", "#fn-url": "failed", "#fn-camera": "failed",
                                                 "#lazy": "failed", "#fn-word": "cantTell", "#fn-download": "cantTell"}
    assert reported(f, "image-alt-placeholder") == {"#ph-word": "failed", "#ph-size": "failed", "#ph-punct": "failed",
                                                    "#ph-svg": "failed", "#ph-input": "failed"}
    assert reported(f, "image-alt-redundant-prefix") == {"#prefix": "failed"}
    assert reported(f, "image-alt-too-long") == {"#too-long": "failed"}
    assert reported(f, "image-alt-duplicates-caption") == {"#dup": "failed"}
    assert reported(f, "image-alt-credit") == {"#credit": "failed"}
    assert reported(f, "decorative-image-captioned") == {"#deco-captioned": "cantTell"}
    assert not any(target in ("#good", "#no-dup", "#site-logo", "#outside", "#hidden", "#ph-named-link", "#deco-icon",
                              "#deco-plain") for _, target in house(f)), "passing, hidden and out-of-article images"


def test_a_missing_alt_is_axe_s_image_alt_only(run):
    assert run["alt-text.html axe"].get(("image-alt", "#no-alt")) == "failed"
    assert not any(target == "#no-alt" for _, target in run["alt-text.html"])


def test_act_9eb3f6_examples(run):
    f = reported(run["act-9eb3f6.html"], "image-alt-filename")
    for n in (1, 2, 3, 4, 5):
        assert f.get(f"#failed-{n}") in ("failed", "cantTell"), f"failed example {n} must be reported"
    assert not any(outcome == "failed" for target, outcome in f.items() if not target.startswith("#failed-")), \
        "passed and inapplicable examples are never failed"
    assert not any(target.startswith("#inapplicable-") for target in f)


# ---- captions ----------------------------------------------------------------------------

def test_page_scripts_record_figure_facts(gathered):
    figures = {f.selector: f for f in gathered("captions.html").article.figures}
    assert figures["#fig-ok"].figcaption.visible_text == "The dam, 1936."
    assert figures["#fig-labelled"].labelledby == (
        IdRef(id="fig-labelled-text", text="The dam wall seen from the valley.", visible=True),)
    hidden = figures["#fig-hidden-cap"].figcaption
    assert (hidden.text, hidden.visible_text, hidden.visible) == ("The spillway.", "", False)
    assert figures["#fig-caption-div"].caption_like.text == "A crane lifts the new gate into place."
    assert figures["#fig-invisible"].visible is False
    assert [m.kind for m in figures["#fig-video-missing"].media] == ["video"]
    assert figures["#fig-decorative"].media[0].hidden_from_at is True
    lazy = figures["#fig-lazy"].media[0]
    assert (lazy.natural_width, lazy.lazy, lazy.named) == (1, True, True), "a lazy image not loaded yet"


def test_figure_caption_rules_fail_and_pass(run):
    f = run["captions.html"]
    assert reported(f, "figure-caption-missing") == {"#fig-missing": "failed", "#fig-video-missing": "failed",
                                                     "#fig-caption-div": "cantTell", "#fig-lazy": "failed"}
    assert reported(f, "figure-caption-empty") == {"#cap-empty": "failed", "#cap-hidden": "failed"}


def test_require_captions_article_images(gathered):
    art = gathered("captions.html")
    found = article_findings(art, {"require_captions": "article-images"})
    assert reported(found, "figure-caption-missing").get("#big-uncaptioned") == "failed"
    assert "#big-captioned" not in reported(found, "figure-caption-missing"), "caption beside the image"
    assert not reported(article_findings(art, {"require_captions": "off"}), "figure-caption-missing")


# ---- video, embeds, audio ----------------------------------------------------------------

def test_page_scripts_load_tracks_and_probe_audio(gathered):
    videos = {v.selector: v for v in gathered("video.html").article.videos}
    good = videos["#v-good"].tracks[0]
    assert (good.kind, good.state, good.cues, good.browser_state, good.http_status) == ("captions", "ok", 2, "loaded", 200)
    assert videos["#v-404"].tracks[0].state == "http-error"
    assert videos["#v-404"].tracks[0].http_status == 404
    assert videos["#v-srt"].tracks[0].state == "not-webvtt"
    assert videos["#v-empty"].tracks[0].kind == "subtitles", "a track without kind is subtitles"
    assert videos["#v-empty"].tracks[0].state == "empty"
    assert videos["#v-none"].audio.has_audio is True
    assert videos["#v-silent"].audio.has_audio is False
    assert videos["#v-open"].open_captions
    assert videos["#v-loop"].muted is True and videos["#v-loop"].controls is False
    frames = {f.selector: f for f in gathered("video.html").article.frames}
    assert frames["#vimeo-lazy"].src == "https://player.vimeo.com/video/123"


def test_video_caption_rules_fail_and_pass(run):
    f = run["video.html"]
    assert reported(f, "video-captions-missing") == {"#v-none": "failed", "#v-chapters": "failed",
                                                     "#v-open-configured": "failed"}
    assert reported(f, "video-captions-unavailable") == {"#t-404": "failed", "#t-srt": "failed", "#t-empty": "failed"}
    assert reported(f, "media-embed-captions-unverified") == {"#yt": "cantTell", "#vimeo-lazy": "cantTell"}


def test_open_caption_selector_from_the_settings(gathered):
    art = gathered("video.html", open_caption_selectors=[".burned-in video"])
    assert "#v-open-configured" not in reported(article_findings(art), "video-captions-missing")


def test_video_description_and_audio_transcript(run):
    described = reported(run["video.html"], "video-description-missing")
    assert described.get("#v-none") == "cantTell"
    assert "#v-described" not in described and "#v-silent" not in described and "#v-loop" not in described
    assert reported(run["audio.html"], "audio-transcript-missing") == {"#a-none": "failed", "#soundcloud": "failed"}
    assert not house(run["media-alternatives.html"]), "transcript link (German) covers the audio, the video and the embed"


def test_act_1ea59c_examples(run):
    f = reported(run["act-1ea59c.html"], "video-description-missing")
    assert f == {"#passed-1": "cantTell", "#failed-1": "cantTell"}


# ---- disclaimers -------------------------------------------------------------------------

def test_page_scripts_record_disclaimer_facts(gathered):
    facts = gathered("wire-hidden-contrast.html").article
    [d] = facts.disclaimers
    assert d.selector == "#disclaimer" and d.contrast.ratio < 2 and not d.display_none
    [clipped] = gathered("wire-hidden-clipped.html").article.disclaimers
    assert clipped.zero_size or clipped.clipped
    texts = gathered("wire-missing.html").article.texts
    assert [b.text[:18] for b in texts.blocks if b.where == "start"][:2] == ["By Jane Doe", "GENEVA (Reuters) -"]
    assert bylines(texts)[0].text == "By Jane Doe"
    meta = gathered("wire-syndicated.html").article.meta
    assert meta.canonical == ("https://apnews.com/article/markets-fall-123",)
    assert meta.jsonld[0]["author"]["name"] == "The Associated Press"


def test_disclaimer_rules_fail_and_pass(run):
    page = "article"
    assert run["wire-missing.html"] == {("external-content-disclaimer-missing", page): "failed"}
    assert run["wire-syndicated.html"] == {("external-content-disclaimer-missing", page): "failed"}
    assert run["wire-disclaimer.html"] == {}
    assert run["wire-mention.html"] == {}, "mentions of wire services are no evidence"
    assert run["wire-hidden-contrast.html"] == {("external-content-disclaimer-hidden", "#disclaimer"): "failed"}
    assert run["wire-hidden-clipped.html"] == {("external-content-disclaimer-hidden", "#disclaimer"): "failed"}
    assert run["wire-misplaced.html"] == {("external-content-disclaimer-misplaced", "#disclaimer"): "failed"}
    assert run["partner-block.html"] == {}, "no partner selectors configured: no evidence"
    assert house(run["wire-footer-boilerplate.html"]) == {}, "photo credits and the site footer's boilerplate are no evidence"


def test_partner_selectors_from_the_settings(gathered):
    art = gathered("partner-block.html", partner_selectors=[".partner-feed"])
    assert [b.selector for b in art.article.partner_blocks] == ["#partner"]
    assert article_findings(art, {"partner_selectors": [".partner-feed"]}) == {
        ("external-content-disclaimer-missing", "article"): "failed"}
    german = gathered("wire-partner-de.html", partner_selectors=[".partner-feed"])
    assert len(german.article.partner_blocks) == 2
    assert article_findings(german, {"partner_selectors": [".partner-feed"]}) == {}, \
        "German disclaimer before the dpa story and both partner blocks"


def test_odd_pages_do_not_stop_the_page_scripts(gathered):
    art = gathered("odd.html")
    facts = art.article
    # Under a sentence of paragraph text no element holds an article (issue 11): the page says so.
    assert facts.root.source == "none" and "no element holds article text" in facts.root.reason
    assert any(e.startswith("json-ld") for e in facts.errors), "a broken JSON-LD block is recorded, not fatal"
    assert any(d.get("publisher", {}).get("name") == "Odd Times" for d in facts.meta.jsonld), "CDATA unwrapped"
    [video] = facts.videos
    assert video.error or video.network_state == 3 or video.ready_state == 0
    assert video.tracks[0].state == "ok" and video.tracks[0].cues == 1, "a data: URL track loads"
    images = {i.selector: i for i in facts.images}
    assert len(images["#huge-alt"].name) > 5000
    found = article_findings(art)
    assert found[("image-alt-too-long", "#huge-alt")] == "failed"
    assert found[("figure-caption-missing", "#fig-odd")] == "failed", "aria-labelledby to a missing id is no caption"


# ---- the page scripts' answer ------------------------------------------------------------

SCHEMA_PAGES = ["alt-text.html", "captions.html", "video.html", "audio.html", "wire-missing.html",
                "wire-hidden-contrast.html", "wire-syndicated.html", "partner-block.html", "odd.html"]


def test_what_the_page_scripts_return_fits_the_schema_and_round_trips(gathered):
    validator = jsonschema.Draft202012Validator(page_facts_schema())
    for name in SCHEMA_PAGES:
        gathered(name, partner_selectors=[".partner-feed"]) if name == "partner-block.html" else gathered(name)
        raw = gathered.raw[name]
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(raw)]
        assert not problems, (name, problems[:5])
        assert tuple(raw["kinds"]) == KIND_NAMES, "every rule runs, so every kind is collected"
        assert PageFacts.from_dict(raw, strict=True).to_dict() == raw, name
    assert any(gathered.raw[n]["images"] for n in SCHEMA_PAGES) and any(gathered.raw[n]["disclaimers"] for n in SCHEMA_PAGES)
    assert any(gathered.raw[n]["partner_blocks"] for n in SCHEMA_PAGES) and any(gathered.raw[n]["frames"] for n in SCHEMA_PAGES)
