"""Alt text quality: the accessible names of the article's images.

axe-core already reports images with no text alternative at all (`image-alt`); these rules
judge the text that is there. They look at images inside the article only (see
auditor/facts/images.py: img, input[type=image], svg[role=img], [role=img], lazy images
included) that are visible and exposed to assistive technology, unless a rule says otherwise.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any, Iterator

from auditor.facts import ImageFact
from auditor.model import Artifacts
from auditor.rules.base import Issue, RuleMeta, RuleOption, rule
from auditor.rules.text import by_language, file_name, issue, languages, normalise, quote, squash, strip_extension
from auditor.values import Int, ListsBy, Patterns

IMAGE_EXTENSIONS = ("jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "avif", "svg", "tif", "tiff", "heic", "heif",
                    "bmp", "ico")

PLACEHOLDER_WORDS: dict[str, list[str]] = {
    "en": ["image", "images", "photo", "photos", "picture", "pic", "img", "graphic", "spacer", "blank", "untitled",
           "alt", "alt text", "thumbnail", "thumb", "featured image", "hero image", "placeholder", "image placeholder",
           "no image", "default image", "photograph", "insert alt text", "alt tag", "image description",
           "undefined", "null", "none", "nan", "object object", "todo", "tbd", "logo image"],
    "de": ["bild", "bilder", "foto", "fotos", "grafik", "abbildung", "platzhalter", "titelbild", "vorschaubild",
           "beitragsbild", "unbenannt", "ohne titel", "bildbeschreibung", "symbolbild"],
    "fr": ["image", "photo", "photographie", "illustration", "graphique", "vignette", "sans titre",
           "image à la une", "espace réservé", "visuel"],
    "es": ["imagen", "foto", "fotografía", "gráfico", "miniatura", "sin título", "imagen destacada",
           "marcador de posición", "ilustración"],
    "it": ["immagine", "foto", "fotografia", "grafica", "miniatura", "senza titolo", "immagine in evidenza",
           "segnaposto", "illustrazione"],
    "pt": ["imagem", "foto", "fotografia", "gráfico", "miniatura", "sem título", "imagem destacada",
           "espaço reservado", "ilustração"],
}

REDUNDANT_PREFIXES: dict[str, list[str]] = {
    "en": ["image of", "an image of", "the image of", "photo of", "a photo of", "the photo of", "picture of",
           "a picture of", "the picture of", "graphic of", "a graphic of", "photograph of", "a photograph of",
           "image showing", "photo showing", "picture showing", "image shows", "photo shows", "picture shows",
           "this image shows", "this photo shows", "this picture shows", "an image showing", "a photo showing"],
    "de": ["bild von", "ein bild von", "foto von", "ein foto von", "das bild zeigt", "das foto zeigt", "bild zeigt",
           "foto zeigt"],
    "fr": ["image de", "une image de", "photo de", "une photo de", "image montrant", "photo montrant"],
    "es": ["imagen de", "una imagen de", "foto de", "una foto de", "imagen que muestra", "foto que muestra"],
    "it": ["immagine di", "un'immagine di", "foto di", "una foto di", "immagine che mostra", "foto che mostra"],
    "pt": ["imagem de", "uma imagem de", "foto de", "uma foto de", "imagem mostrando", "foto mostrando"],
}

# Photo credits and rights lines. Case-sensitive where a short agency name is also a word.
CREDIT_PATTERNS: list[str] = [
    r"©",
    r"\(c\)\s*\d{4}",
    r"(?i)\bcopyright\s*(?:©|\(c\)|\d{4})",
    # "Photo: Jane Doe", "Credit: NASA" — a label and a short name, not "Image: <a headline>"
    r"(?i)\b(?:photo|image|picture|foto|bild|fotografía|fotografia|imagem|immagine|crédits?(?: photo)?|credits?|"
    r"photo credit|image credit|quelle|source|fuente|fonte|bildquelle)\s*:\s*[^\s:;|]+(?:[ /-][^\s:;|]+){0,4}"
    r"\s*(?:$|[;|)\]])",
    r"(?i)\b(?:photo|image|picture|photograph)\s+(?:by|courtesy(?: of)?|credit)\b",
    r"(?i)\bcourtesy of\b",
    r"\b(?:REUTERS|Reuters|AP|AFP|EPA|EPA-EFE|dpa|DPA|ANSA|EFE|Xinhua|XINHUA|Kyodo|KYODO|Getty|PA|UPI|Anadolu)"
    r"(?:\s+(?:Photo|Images|Pictures|Wire))?\s*/\s*\w[\w.'’ -]{0,40}",
    r"\bAP Photo\b",
    r"(?i)\b(?:getty images|shutterstock|istock(?:photo)?|alamy|imago images|picture[- ]alliance|keystone|"
    r"bloomberg via getty|afp via getty|via getty|reuters pictures|pa images|pa wire|ap images)\b",
]

_EXT = re.compile(r"\.(?:%s)(?=$|[\s?#)\]\"',;])" % "|".join(IMAGE_EXTENSIONS), re.IGNORECASE)
_URL_OR_PATH = re.compile(r"^(?:(?:https?|ftp|file|data|blob):|//|www\.)\S+$|^\S*[/\\]\S*\.[a-z][a-z0-9]{1,4}$|^[a-z]:\\",
                          re.IGNORECASE)
_CAMERA = re.compile(
    r"^(?:dsc[nf]?|dscf|img|pict?|pxl|dcim|mvimg|gopr|gh\d+|dji|sam|wp|p|cimg|imgp|image|photo|screen ?shot|"
    r"screenshot|capture|bildschirmfoto|captura|whatsapp image|signal)[\s_-]*\d[\d\s_\-.:at]{2,}\w*$", re.IGNORECASE)
_HASHLIKE = re.compile(r"^(?:[0-9a-f]{16,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.IGNORECASE)
_SLUG = re.compile(r"^[\w.-]+$")
_SIZE = re.compile(r"^\d+\s*[x×*]\s*\d+(?:\s*px)?$|^\d+(?:[.,]\d+)?\s*(?:kb|mb|gb|px|k|bytes?)$", re.IGNORECASE)
_NUMBER = re.compile(r"^[#№]?\s*\d+(?:[.,]\d+)?$")
_NO_WORDS = re.compile(r"^[\W_]+$", re.UNICODE)

TAGS = ("cat.text-alternatives", "wcag2a", "article")
FACTS = ("images",)


def candidates(artifacts: Artifacts, *, exposed: bool = True) -> Iterator[ImageFact]:
    """Visible article images; with `exposed`, only those assistive technology reads by their own name."""
    for img in artifacts.article.images:
        if not img.visible:
            continue
        if exposed:
            if hidden_from_at(img) or img.named_ancestor or not squash(img.name):
                continue
        yield img


def hidden_from_at(img: ImageFact) -> bool:
    return img.aria_hidden or img.role in ("presentation", "none")


def exposed_images(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[ImageFact]:
    """What the alt-text rules judge: visible article images read out by their own name."""
    return candidates(artifacts)


def captioned_images(artifacts: Artifacts, options: dict[str, Any]) -> list[ImageFact]:
    return [img for img in candidates(artifacts) if img.caption and img.caption.text]


def decorative_images(artifacts: Artifacts, options: dict[str, Any]) -> list[ImageFact]:
    return [img for img in candidates(artifacts, exposed=False) if hidden_from_at(img) or (img.alt == "" and not squash(img.name))]


def image_sources(img: ImageFact) -> list[str]:
    """The image's source set: src, currentSrc, lazy source, srcset and <picture> sources."""
    urls = [img.src, img.current_src, img.lazy_src, *img.srcset, *img.picture_sources]
    return [u for u in urls if u]


# ---- image-alt-filename ------------------------------------------------------------------

def filename_verdict(name: str, img: ImageFact) -> tuple[str, str] | None:
    """(outcome, why) when the accessible name is a file name, path or URL; None otherwise."""
    text = squash(name)
    low = text.lower()
    if _URL_OR_PATH.match(text):
        return "failed", "is a URL or file path"
    verdict: tuple[str, str] | None
    if _EXT.search(text) and len(text.split()) <= 4:
        verdict = "failed", "ends in an image file extension"
    elif _CAMERA.match(text):
        verdict = "failed", "is a camera or screenshot file name"
    elif _HASHLIKE.match(text):
        verdict = "failed", "is a machine-made identifier"
    else:
        verdict = None
    names = {file_name(u) for u in image_sources(img)} - {""}
    same = next((n for n in names if low in (n.lower(), strip_extension(n).lower())), None)
    if verdict is None and same:
        # Equal to a source's file name. A plain word ("Paris" for paris.jpg) may still describe
        # the image; only a slug with digits or separators is clearly a file name.
        machine = bool(_SLUG.match(text)) and (bool(re.search(r"\d", text)) or "_" in text or
                                                 (("-" in text or "." in text) and " " not in text))
        verdict = ("failed" if machine else "cantTell", f"is the image's file name ({same})")
    if verdict is None:
        return None
    link = img.link
    if verdict[0] == "failed" and link and (link.download or
                                            (same and file_name(link.href).lower() == same.lower())):
        # A download link may rightly name the file it downloads.
        return "cantTell", verdict[1] + " inside a link to that file"
    return verdict


@rule(RuleMeta(
    id="image-alt-filename",
    title="The image's text alternative is a file name, path or URL.",
    impact="serious",
    description=("Content systems often fill in the file name when nobody wrote alt text. A screen reader then "
                 "reads out “DSC underscore 0042 dot jpeg” instead of what the photo shows, and the reader "
                 "learns nothing."),
    help=("Replace the alt text with a short description of what the image shows and why it is in the article. "
          "If the image adds nothing, mark it decorative with alt=\"\"."),
    wcag=("1.1.1",),
    act=("9eb3f6",),
    act_not_claimed=(("qt1vmo", "its failed examples are wrong descriptions (“ERCIM logo” for the W3C logo), "
                                "which no file-name check can find"),),
    tags=TAGS,
    facts=FACTS,
    passing=('<img src="/media/DSC_0042.jpg" alt="Firefighters carry a hose up the burning hillside">',
             '<a href="/media/report.png" download>Download <img src="/media/report.png" alt="report.png"></a>'),
    failing=('<img src="/media/DSC_0042.jpg" alt="DSC_0042.jpg">',
             '<img src="/uploads/2024/05/flood-street.webp" alt="https://example.org/uploads/2024/05/flood-street.webp">',
             '<picture><source srcset="/img/IMG_1234.avif"><img src="/img/IMG_1234.jpg" alt="IMG_1234"></picture>'),
), applies=exposed_images)
def image_alt_filename(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for img in candidates(artifacts):
        name = squash(img.name)
        verdict = filename_verdict(name, img)
        if verdict:
            outcome, why = verdict
            message = f"The text alternative {quote(name)} {why}."
            if outcome == "cantTell":
                message += " Check that it describes the image."
            yield issue(img, message, evidence=f"name {quote(name)}", outcome=None if outcome == "failed" else outcome)


# ---- image-alt-placeholder ---------------------------------------------------------------

def placeholder_reason(name: str, words: list[str]) -> str | None:
    text = squash(name)
    if not text:
        return None
    if _NO_WORDS.match(text) or not any(ch.isalnum() for ch in text):
        return "has no letters or digits"
    if _NUMBER.match(text):
        return "is only a number"
    if _SIZE.match(text):
        return "is an image size"
    norm = normalise(text)
    vocab = {normalise(w) for w in words}
    if norm in vocab:
        return "is a placeholder word"
    # "image 3", "photo-12", "bild_2"
    stripped = re.sub(r"[\s#-]*\d{1,3}$", "", norm).strip()
    if stripped != norm and stripped in vocab:
        return "is a placeholder word with a number"
    return None


@rule(RuleMeta(
    id="image-alt-placeholder",
    title="The image's text alternative is a placeholder, not a description.",
    impact="serious",
    description=("Alt text such as “image”, “photo”, “Bild” or “12kb” tells a blind reader that there is an image "
                 "but not what it shows: the information in the image is lost."),
    help=("Write what the image shows and why it matters to the story. If it is purely decorative, use alt=\"\" "
          "so screen readers skip it."),
    wcag=("1.1.1",),
    act_not_claimed=(("qt1vmo", "same: a placeholder check cannot find a wrong description"),),
    tags=TAGS,
    facts=FACTS,
    options=(RuleOption("placeholder_words", ListsBy("language"), PLACEHOLDER_WORDS,
                        "words that describe nothing when they are the whole alt text (“image”, “photo”), by "
                        "language; merged with the defaults language by language"),),
    passing=('<img src="harbour.jpg" alt="Fishing boats moored in Nyhavn harbour at dusk">',
             '<img src="spacer.gif" alt="">'),
    failing=('<img src="harbour.jpg" alt="image">',
             '<html lang="de"><img src="hafen.jpg" alt="Bild"></html>',
             '<img src="harbour.jpg" alt="1200x800">',
             '<img src="harbour.jpg" alt="-">'),
), applies=exposed_images)
def image_alt_placeholder(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for img in candidates(artifacts):
        words = by_language(options.get("placeholder_words"), PLACEHOLDER_WORDS, languages(artifacts.article, img.lang))
        name = squash(img.name)
        why = placeholder_reason(name, words)
        if why:
            yield issue(img, f"The text alternative {quote(name)} {why}; it does not describe the image.",
                        evidence=f"name {quote(name)}")


# ---- image-alt-redundant-prefix ----------------------------------------------------------

def label_prefix(name: str, prefixes: list[str]) -> str | None:
    """'Image: …' / 'Foto: …': the medium word of a configured prefix used as a label."""
    words = {normalise(p).split()[0] for p in prefixes if len(normalise(p).split()) == 2}
    m = re.match(r"^\s*(\w+)\s*:\s*\S", name, re.UNICODE)
    if m and normalise(m.group(1)) in words and len(name.split()) > 6:  # a short rest is a credit ("Photo: J. Doe")
        return m.group(1) + ":"
    return None


@rule(RuleMeta(
    id="image-alt-redundant-prefix",
    title="The image's text alternative starts with “image of”, “photo of” or similar.",
    impact="minor",
    description=("Screen readers already announce that the element is an image, so “Image of …” is heard twice "
                 "and delays the description itself."),
    help="Drop the opening words and start with what the image shows (“Firefighters on a hillside”).",
    wcag=("1.1.1",),
    tags=TAGS,
    facts=FACTS,
    options=(RuleOption("redundant_prefixes", ListsBy("language"), REDUNDANT_PREFIXES,
                        "openings that only say it is an image (“image of”), by language; merged with the "
                        "defaults language by language"),),
    passing=('<img src="fire.jpg" alt="Firefighters on the burning hillside above Malibu">',
             '<img src="settings.png" alt="Screenshot of the privacy settings page">'),
    failing=('<img src="fire.jpg" alt="Image of firefighters on a hillside">',
             '<html lang="fr"><img src="feu.jpg" alt="Photo de pompiers sur une colline"></html>'),
), applies=exposed_images)
def image_alt_redundant_prefix(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for img in candidates(artifacts):
        prefixes = by_language(options.get("redundant_prefixes"), REDUNDANT_PREFIXES,
                               languages(artifacts.article, img.lang))
        name = squash(img.name)
        norm = normalise(name)
        hit = next((p for p in sorted(prefixes, key=len, reverse=True)
                    if norm.startswith(normalise(p) + " ") and len(norm) > len(normalise(p)) + 2), None)
        hit = hit or label_prefix(name, prefixes)
        if hit:
            yield issue(img, f"The text alternative {quote(name)} starts with “{hit}”; screen readers already say "
                             "it is an image.", evidence=f"prefix “{hit}”")


# ---- image-alt-too-long ------------------------------------------------------------------

@rule(RuleMeta(
    id="image-alt-too-long",
    title="The image's text alternative is longer than the configured maximum.",
    impact="minor",
    description=("Screen readers read alt text in one go, without a way to pause or skip inside it; a paragraph "
                 "of alt text is hard to follow and is often text that belongs in the article or the caption."),
    help=("Keep the alt text to a short description (a sentence or two). Put the details in the caption, in the "
          "article text, or in a long description linked with aria-describedby."),
    tags=TAGS,
    facts=FACTS,
    options=(RuleOption("max_alt_length", Int(min=1), 150,
                        "longest alt text, in characters, that is not reported as too long"),),
    passing=('<img src="chart.png" alt="Bar chart: unemployment fell from 7% in 2020 to 4% in 2024">',),
    failing=('<img src="chart.png" alt="' + "A very long description of every bar in the chart, " * 4 + '">',),
), applies=exposed_images)
def image_alt_too_long(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    limit = int(options.get("max_alt_length", 150))
    for img in candidates(artifacts):
        name = squash(img.name)
        if len(name) > limit:
            yield issue(img, f"The text alternative is {len(name)} characters long (the maximum is {limit}); "
                             "move the details to the caption or a long description.",
                        evidence=f"{len(name)} characters: {quote(name, 60)}")


# ---- image-alt-duplicates-caption --------------------------------------------------------

def nearly_same(a: str, b: str) -> bool:
    """Equal after normalising, or nearly so (one holds the other, or 90% alike)."""
    x, y = normalise(a), normalise(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 12 and short in long_ and len(short) / len(long_) >= 0.8:
        return True
    return len(short) / len(long_) >= 0.8 and SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.9


def without_credit(caption: str) -> str:
    """The caption without a trailing credit ("… Photo: Reuters"), which a text alternative need not repeat."""
    cut = len(caption)
    for pattern in CREDIT_PATTERNS:
        m = re.search(pattern, caption)
        if m and m.start() > 0:
            cut = min(cut, m.start())
    return caption[:cut].strip(" (-–—|")


@rule(RuleMeta(
    id="image-alt-duplicates-caption",
    title="The image's text alternative repeats its visible caption.",
    impact="moderate",
    description=("Screen reader users hear the caption twice, once as the image's name and once as the caption, "
                 "and still do not learn what the image shows."),
    help=("Let the alt text describe what is in the picture and the caption add the context (who, where, when, "
          "credit). If the caption already describes the image fully, alt=\"\" on the image is acceptable."),
    tags=TAGS,
    facts=FACTS,
    passing=('<figure><img src="a.jpg" alt="A crowd with umbrellas outside parliament">'
             '<figcaption>Protesters gathered in the rain on Tuesday. Photo: J. Doe</figcaption></figure>',),
    failing=('<figure><img src="a.jpg" alt="Protesters gathered in the rain on Tuesday">'
             '<figcaption>Protesters gathered in the rain on Tuesday.</figcaption></figure>',),
), applies=captioned_images)
def image_alt_duplicates_caption(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for img in candidates(artifacts):
        caption = img.caption.text if img.caption else ""
        name = squash(img.name)
        if caption and (nearly_same(name, caption) or nearly_same(name, without_credit(caption))):
            yield issue(img, f"The text alternative {quote(name)} repeats the visible caption {quote(caption)}.",
                        evidence=f"caption {quote(caption)}")


# ---- image-alt-credit --------------------------------------------------------------------

def credit_in(name: str, patterns: list[str]) -> str | None:
    for pattern in patterns:
        m = re.search(pattern, name)
        if m:
            return m.group(0).strip()
    return None


@rule(RuleMeta(
    id="image-alt-credit",
    title="The image's text alternative carries a photo credit or rights line.",
    impact="moderate",
    description=("A credit such as “REUTERS/Denis Balibouse” or “© Getty Images” tells a blind reader who took "
                 "the photo, not what it shows; the credit is for everybody and belongs in the visible caption."),
    help="Move the credit to the caption (or a credit line) and describe the image in the alt text.",
    wcag=("1.1.1",),
    tags=TAGS,
    facts=FACTS,
    options=(RuleOption("credit_patterns", Patterns(), CREDIT_PATTERNS,
                        "regular expressions of photo credits and copyright lines (they replace the defaults)"),),
    passing=('<figure><img src="g.jpg" alt="Delegates applaud in the assembly hall">'
             '<figcaption>The vote in Geneva. REUTERS/Denis Balibouse</figcaption></figure>',),
    failing=('<img src="g.jpg" alt="REUTERS/Denis Balibouse">',
             '<img src="g.jpg" alt="Delegates applaud. (AP Photo/Evan Vucci)">',
             '<img src="g.jpg" alt="Photo: Getty Images">'),
), applies=exposed_images)
def image_alt_credit(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    patterns = list(options.get("credit_patterns") or CREDIT_PATTERNS)
    for img in candidates(artifacts):
        name = squash(img.name)
        hit = credit_in(name, patterns)
        if hit:
            yield issue(img, f"The text alternative {quote(name)} carries a credit ({quote(hit, 40)}); the credit "
                             "belongs in the caption.", evidence=f"credit {quote(hit, 40)}")


# ---- decorative-image-captioned ----------------------------------------------------------

MIN_DECORATIVE_SIDE = 48  # icons and spacers beside a caption are decorative indeed


@rule(RuleMeta(
    id="decorative-image-captioned",
    title="An image hidden from assistive technology has a visible caption, so it is probably not decorative.",
    impact="moderate",
    description=("alt=\"\", role=\"presentation\" or aria-hidden make screen readers skip an image. An image "
                 "with its own caption is usually content, so blind readers hear a caption about a picture they "
                 "are never told about."),
    help=("If the image carries information, give it alt text that describes it. If it really is decorative, "
          "this finding can be dismissed."),
    wcag=("1.1.1",),
    act_not_claimed=(("e88epe", "its failed examples include informative images marked decorative without any "
                                "caption, which this rule does not report"),),
    tags=TAGS,
    facts=FACTS,
    outcome="cantTell",
    passing=('<figure><img src="flood.jpg" alt="Cars half under water on Main Street">'
             '<figcaption>Main Street on Sunday morning.</figcaption></figure>',
             '<p><img src="divider.png" alt=""> Chapter two</p>'),
    failing=('<figure><img src="flood.jpg" alt=""><figcaption>Main Street on Sunday morning.</figcaption></figure>',
             '<figure><img src="flood.jpg" alt="Flooded street" aria-hidden="true">'
             '<figcaption>Main Street on Sunday morning.</figcaption></figure>'),
), applies=decorative_images)
def decorative_image_captioned(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    # A caption shared by a figure belongs to the figure's described image, not to a decorative one beside it.
    described_figures = {img.figure for img in candidates(artifacts) if img.figure is not None}
    for img in candidates(artifacts, exposed=False):
        if img.figure is not None and img.figure in described_figures:
            continue
        decorative = hidden_from_at(img) or (img.alt == "" and not squash(img.name))
        caption = img.caption.text if img.caption else ""
        if not decorative or not caption:
            continue
        w, h = img.width or img.attr_width or 0, img.height or img.attr_height or 0
        if w and h and (w < MIN_DECORATIVE_SIDE or h < MIN_DECORATIVE_SIDE):
            continue
        how = ("aria-hidden" if img.aria_hidden else
               f"role={img.explicit_role}" if img.explicit_role in ("presentation", "none") else 'alt=""')
        yield issue(img, f"This image is hidden from screen readers ({how}) but has the caption {quote(caption)}; "
                         "check whether it needs a text alternative.", evidence=f"{how}; caption {quote(caption)}")
