"""ACT rules for images' names, beside the house alt-text rules (rules/alt_text.py).

e88epe: an image hidden from assistive technology must be purely decorative; qt1vmo: an image's
accessible name must describe it. Both need a person looking at the picture, so they ask for
review (`cantTell`); qt1vmo fails only a name the markup shows is not a description (a file
name, a placeholder word). They judge every visible img, svg and canvas in the article,
including those the house rules leave out, and fold into the house finding on the same image.
"""
from __future__ import annotations

from typing import Any, Iterator, Union

from auditor.facts import GraphicFact, ImageFact
from auditor.model import Artifacts
from auditor.rules.alt_text import PLACEHOLDER_WORDS, filename_verdict, placeholder_reason
from auditor.rules.base import Issue, RuleMeta, rule
from auditor.rules.text import by_language, issue, languages, quote, squash

Picture = Union[ImageFact, GraphicFact]
TAGS = ("cat.text-alternatives", "wcag2a", "article", "act")
HIDDEN_ROLES = ("presentation", "none")
HOUSE_NAME_RULES = ("image-alt-filename", "image-alt-placeholder", "image-alt-redundant-prefix", "image-alt-too-long",
                    "image-alt-duplicates-caption", "image-alt-credit")


def loaded(img: ImageFact) -> bool:
    """ACT's "completely available": the image request succeeded (a broken image is outside both rules)."""
    return bool(img.complete) and bool(img.natural_width)


def pictures(artifacts: Artifacts) -> Iterator[Picture]:
    """Visible img, svg and canvas elements (a blank canvas shows nothing), not named by an ancestor."""
    for img in artifacts.article.images:
        if img.tag == "img" and img.css_shown and img.on_screen and loaded(img) and not img.named_ancestor:
            yield img
    for g in artifacts.article.graphics:
        if g.css_shown and g.on_screen and g.blank is not True and not g.named_ancestor:
            yield g


def ignored(pic: Picture) -> bool:
    """Left out of the accessibility tree, or ignored by assistive technology (e88epe's applicability)."""
    if pic.aria_hidden or pic.role in HIDDEN_ROLES:
        return True
    if isinstance(pic, GraphicFact) and not squash(pic.name):
        if pic.tag == "svg":
            return pic.role in (None, "graphics-document", "document")
        return pic.explicit_role is None  # canvas
    return False


def hidden_pictures(artifacts: Artifacts, options: dict[str, Any]) -> list[Picture]:
    return [p for p in pictures(artifacts) if ignored(p)]


def named_pictures(artifacts: Artifacts, options: dict[str, Any]) -> list[Picture]:
    return [p for p in pictures(artifacts) if not p.aria_hidden and p.role not in HIDDEN_ROLES and squash(p.name)]


def _what(pic: Picture) -> str:
    return "image" if isinstance(pic, ImageFact) else pic.tag


def _how_hidden(pic: Picture) -> str:
    if pic.aria_hidden:
        return "aria-hidden"
    if pic.role in HIDDEN_ROLES:
        return f"role {pic.role}" if pic.explicit_role else 'alt=""'
    return "no accessible name"


@rule(RuleMeta(
    id="act-image-hidden-decorative",
    title="An image hidden from assistive technology must be purely decorative: check that it is.",
    impact="moderate",
    description=("ACT rule e88epe: a visible img, svg or canvas that assistive technology ignores (alt=\"\", "
                 "role none or presentation, aria-hidden, or an svg or canvas without a name) must be pure "
                 "decoration. Only looking at it tells, so this asks for review on each one."),
    help=("Look at the image: if it carries information (a logo, a chart, text, a photo that matters to the "
          "story), give it a text alternative; if it is decoration, nothing needs to change."),
    wcag=("1.1.1",),
    act=("e88epe",),
    tags=TAGS,
    facts=("images",),
    outcome="cantTell",
    folds_into=("decorative-image-captioned",),
    passing=('<img src="w3c-logo.png" alt="W3C logo">  <!-- exposed: inapplicable -->',),
    failing=('<img src="fireworks.jpg" alt="">  <!-- cantTell: check that it is decorative -->',
             '<svg viewBox="0 0 512 512"><path d="…"/></svg>  <!-- cantTell -->'),
), applies=hidden_pictures)
def act_image_hidden_decorative(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for pic in hidden_pictures(artifacts, options):
        yield issue(pic, f"This {_what(pic)} is hidden from assistive technology ({_how_hidden(pic)}): check that it "
                         "is purely decorative.", evidence=_how_hidden(pic))


def not_a_description(pic: Picture, artifacts: Artifacts) -> str | None:
    """Why the markup alone shows the name describes nothing (a file name, a placeholder), or None."""
    name = squash(pic.name)
    if isinstance(pic, ImageFact):
        verdict = filename_verdict(name, pic)
        if verdict and verdict[0] == "failed":
            return f"it {verdict[1]}"
    lang = pic.lang if isinstance(pic, ImageFact) else ""
    why = placeholder_reason(name, by_language(None, PLACEHOLDER_WORDS, languages(artifacts.article, lang)))
    return f"it {why}" if why else None


@rule(RuleMeta(
    id="act-image-name-descriptive",
    title="An image's accessible name must describe it: check that it does.",
    impact="moderate",
    description=("ACT rule qt1vmo: the accessible name of a visible img, svg or canvas serves the same purpose as "
                 "the image. Only looking at the image tells whether it does, so this asks for review; it fails "
                 "a name the markup shows describes nothing, such as a file name or a placeholder word."),
    help=("Look at the image and read its text alternative: it must say what the image shows or does, as briefly "
          "as the article needs (“W3C logo”, not “ERCIM logo” or “logo.png”)."),
    wcag=("1.1.1",),
    act=("qt1vmo",),
    tags=TAGS,
    facts=("images",),
    outcome="cantTell",
    folds_into=HOUSE_NAME_RULES,
    passing=('<img src="fireworks.jpg" alt="">  <!-- no name: inapplicable -->',),
    failing=('<img src="w3c-logo.png" alt="W3C logo">  <!-- cantTell: check that it describes the image -->',
             '<img src="DSC_0042.jpg" alt="DSC_0042.jpg">  <!-- failed: a file name -->'),
), applies=named_pictures)
def act_image_name_descriptive(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for pic in named_pictures(artifacts, options):
        name = squash(pic.name)
        why = not_a_description(pic, artifacts)
        if why:
            yield issue(pic, f"The name {quote(name)} does not describe the {_what(pic)}: {why}.",
                        evidence=f"name {quote(name)}", outcome="failed")
        else:
            yield issue(pic, f"Check that the name {quote(name)} describes this {_what(pic)}.",
                        evidence=f"name {quote(name)}")
