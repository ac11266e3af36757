"""Captions: figure captions, caption tracks of videos, and embedded players whose captions
the page cannot show us.
"""
from __future__ import annotations

from typing import Any, Iterator

from auditor.facts import FigureFact, FrameFact, MediaFact, TrackFact, VideoFact
from auditor.model import Artifacts
from auditor.rules.base import Issue, RuleMeta, RuleOption, rule
from auditor.rules.text import issue, named_host, quote, squash
from auditor.values import Choice, IntList, ListsBy, Selectors

VIDEO_EMBED_HOSTS: dict[str, list[str]] = {
    "YouTube": ["youtube.com/embed", "youtube.com/v/", "youtube-nocookie.com", "youtu.be"],
    "Vimeo": ["player.vimeo.com", "vimeo.com/video"],
    "Dailymotion": ["dailymotion.com/embed", "geo.dailymotion.com", "dai.ly"],
    "Brightcove": ["players.brightcove.net", "link.brightcove.com", "bcove.video"],
    "JW Player": ["cdn.jwplayer.com/players", "content.jwplatform.com", "jwplayer.com/players"],
    "Wistia": ["fast.wistia.net/embed", "fast.wistia.com/embed", "wistia.com/medias"],
    "Facebook": ["facebook.com/plugins/video.php", "facebook.com/video/embed", "fb.watch"],
    "X/Twitter": ["twitter.com/i/videos", "x.com/i/videos", "twitter.com/i/broadcasts", "x.com/i/broadcasts"],
    "TikTok": ["tiktok.com/embed", "tiktok.com/player"],
    "Instagram": ["instagram.com/reel", "instagram.com/tv"],
}
# Elements the page records as player placeholders (scripts turn them into players), beside
# iframes, embeds and objects; VIDEO_PLAYER_CLASSES then decides which are video players.
PLAYER_PLACEHOLDERS = ("video-js", ".video-js", ".jwplayer", '[class*="wistia_embed"]', ".brightcove-player",
                       "blockquote.tiktok-embed", ".fb-video", "blockquote.twitter-video", "blockquote.instagram-media",
                       "[data-video-id]", "[data-embed-src]")
# Video player placeholders by host (recognised by class or element name).
VIDEO_PLAYER_CLASSES: dict[str, list[str]] = {
    "JW Player": ["jwplayer", "jw-player"],
    "Wistia": ["wistia_embed"],
    "Brightcove": ["brightcove-player", "video-js"],
    "TikTok": ["tiktok-embed"],
    "Facebook": ["fb-video"],
    "X/Twitter": ["twitter-video"],
}
CHART_HOSTS: dict[str, list[str]] = {
    "Datawrapper": ["datawrapper.dwcdn.net", "datawrapper.de"],
    "Flourish": ["flo.uri.sh", "public.flourish.studio", "flourish.studio"],
    "Infogram": ["infogram.com", "e.infogram.com"],
    "Tableau": ["public.tableau.com"],
    "Plotly": ["plotly.com", "chart-studio.plotly.com"],
    "Google Charts": ["docs.google.com/spreadsheets"],
}
MIN_CHART_SIDE = 100  # an svg or canvas at least this big in a figure counts as a chart
# Elements that look like a caption (in a figure without figcaption, or beside an image).
CAPTION_LIKE = ('[class*="caption" i]', '[class*="legend" i]', '[class*="cutline" i]', '[itemprop="caption"]')
# The markup that declares a video's captions burned into the picture (open_caption_selectors add to it).
OPEN_CAPTIONS = '[data-captions="open" i]'

VIDEO_EMBED_HOSTS_OPTION = RuleOption(
    "video_embed_hosts", ListsBy("service"), VIDEO_EMBED_HOSTS,
    "embedded video players by service: parts of the frame URL that identify them (they replace the defaults)")

FIGURE_TAGS = ("cat.text-alternatives", "article", "best-practice")
MEDIA_TAGS = ("cat.time-and-media", "wcag2a", "article")


def embed_host(frame: FrameFact, hosts: dict[str, list[str]], classes: dict[str, list[str]] | None = None) -> str | None:
    """The known player host of an iframe/embed/object or player placeholder, else None."""
    found = named_host(frame.src, hosts)
    if found or not frame.placeholder or frame.has_video:
        return found
    cls = f" {frame.class_name.lower()} {frame.tag} "
    for name, names in (classes or {}).items():
        if any(n in cls for n in names):
            if name == "Brightcove" and "video-js" in cls and not frame.data:
                continue  # a plain video.js player without a Brightcove account
            return name
    return None


# ---- figure-caption-missing / figure-caption-empty ---------------------------------------

def figure_content(fig: FigureFact, video_hosts: dict[str, list[str]]) -> str | None:
    """What the figure holds that needs a caption: 'image', 'video' or 'chart' (None: nothing)."""
    kinds = []
    for m in fig.media:
        if not m.visible and not m.src:
            continue
        kind = m.kind
        # A loaded 1x1 image with no text alternative and no other source is a spacer. One with a lazy
        # source (data-src, srcset) or a text alternative is a real image waiting for its loader.
        natural = (m.natural_width or 0, m.natural_height or 0)
        spacer = 0 < natural[0] <= 2 and natural[1] <= 2 and m.lazy is False and m.named is False
        if kind in ("img", "picture", "role-img") and not m.hidden_from_at and not spacer:
            kinds.append("image")
        elif kind == "video":
            kinds.append("video")
        elif kind in ("svg", "canvas") and not m.hidden_from_at and min(m.width or 0, m.height or 0) >= MIN_CHART_SIDE:
            kinds.append("chart")
        elif kind in ("iframe", "embed", "object"):
            if named_host(m.src, video_hosts):
                kinds.append("video")
            elif named_host(m.src, CHART_HOSTS):
                kinds.append("chart")
    for kind in ("video", "chart", "image"):
        if kind in kinds:
            return kind
    return None


def labelled_by_visible_text(fig: FigureFact) -> bool:
    return any(r.visible and squash(r.text) for r in fig.labelledby + fig.describedby)


def visible_figures(artifacts: Artifacts) -> Iterator[FigureFact]:
    """Figures readers meet as content: shown, exposed, and not a teaser card in a link or a menu."""
    for fig in artifacts.article.figures:
        if not fig.visible or fig.aria_hidden or (fig.role or "") in ("presentation", "none"):
            continue
        if fig.in_link or fig.in_nav:
            continue
        yield fig


def figures_needing_captions(artifacts: Artifacts, options: dict[str, Any]) -> list[Any]:
    """Figures that hold an image, video or chart; with require_captions = "article-images", large article
    images outside figures too."""
    mode = options.get("require_captions", "figures")
    if mode == "off":
        return []
    video_hosts = options.get("video_embed_hosts") or VIDEO_EMBED_HOSTS
    out: list[Any] = [fig for fig in visible_figures(artifacts) if figure_content(fig, video_hosts)]
    if mode == "article-images":
        min_w, min_h = (list(options.get("caption_min_image_size") or [200, 120]) + [0, 0])[:2]
        out += [img for img in artifacts.article.images
                if img.figure is None and img.visible and not img.link and not img.aria_hidden
                and img.role not in ("presentation", "none") and (img.width or 0) >= min_w and (img.height or 0) >= min_h]
    return out


@rule(RuleMeta(
    id="figure-caption-missing",
    title="A figure with an image, video or chart has no caption.",
    impact="moderate",
    description=("A caption tells every reader what a picture, chart or video is and why it is there; in a "
                 "<figure> it must be a <figcaption> (or text the figure points to with aria-labelledby or "
                 "aria-describedby) so that screen readers announce it with the figure."),
    help=("Add a <figcaption> with the caption inside the <figure>. If the caption text is already there in a "
          "<div> or <p>, change that element to <figcaption>. With require_captions = \"article-images\" large "
          "article images outside figures need a caption beside them too."),
    tags=FIGURE_TAGS,
    facts=("figures", "images"),
    options=(RuleOption("require_captions", Choice("figures", "article-images", "off"), "figures",
                        "what needs a caption: figures; also large article images outside figures; or nothing"),
             VIDEO_EMBED_HOSTS_OPTION,
             RuleOption("caption_min_image_size", IntList(2), [200, 120],
                        "smallest [width, height] in CSS pixels of an article image that needs a caption with "
                        "require_captions set to \"article-images\"")),
    passing=('<figure><img src="dam.jpg" alt="The dam at dawn"><figcaption>The Hoover Dam, 1936.</figcaption></figure>',
             '<figure><img src="dam.jpg" alt="The dam" aria-describedby="c"></figure><p id="c">The Hoover Dam, 1936.</p>'),
    failing=('<figure><img src="dam.jpg" alt="The dam at dawn"></figure>',
             '<figure><video src="dam.webm" controls></video></figure>'),
), applies=figures_needing_captions)
def figure_caption_missing(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    mode = options.get("require_captions", "figures")
    if mode == "off":
        return
    video_hosts = options.get("video_embed_hosts") or VIDEO_EMBED_HOSTS
    for fig in visible_figures(artifacts):
        if fig.figcaption or labelled_by_visible_text(fig):
            continue
        content = figure_content(fig, video_hosts)
        if not content:
            continue
        like = squash(fig.caption_like.text if fig.caption_like else None)
        loose = squash(fig.text)
        if like or loose:
            text = like or loose
            yield issue(fig, f"This figure holds {_a(content)} and the text {quote(text)}, but no <figcaption>: "
                             "the text is not announced as its caption. Check whether it is the caption and mark "
                             "it up as <figcaption>.", evidence=f"caption-like text {quote(text)}", outcome="cantTell")
        else:
            yield issue(fig, f"This figure holds {_a(content)} but has no caption (no <figcaption>, no "
                             "aria-labelledby or aria-describedby to visible text).", evidence=f"{content} without caption")
    if mode == "article-images":
        min_w, min_h = (list(options.get("caption_min_image_size") or [200, 120]) + [0, 0])[:2]
        for img in artifacts.article.images:
            if (img.figure is not None or img.caption or not img.visible or img.link
                    or img.aria_hidden or img.role in ("presentation", "none")):
                continue
            if (img.width or 0) >= min_w and (img.height or 0) >= min_h:
                yield issue(img, f"This article image ({img.width}x{img.height} px) is not in a figure "
                                 "and has no caption beside it.", evidence="require_captions = article-images")


def _a(kind: str) -> str:
    return {"image": "an image", "video": "a video", "chart": "a chart"}.get(kind, kind)


def captioned_figures(artifacts: Artifacts, options: dict[str, Any]) -> list[FigureFact]:
    return [fig for fig in visible_figures(artifacts) if fig.figcaption]


@rule(RuleMeta(
    id="figure-caption-empty",
    title="A figure's caption (figcaption) has no visible text.",
    impact="moderate",
    description=("An empty or hidden <figcaption> promises a caption that is not there: screen readers may "
                 "announce a caption with nothing in it, and sighted readers get no context for the image."),
    help="Write the caption into the <figcaption>, make it visible, or remove the empty element.",
    tags=FIGURE_TAGS,
    facts=("figures",),
    passing=('<figure><img src="dam.jpg" alt="The dam"><figcaption>The Hoover Dam, 1936.</figcaption></figure>',),
    failing=('<figure><img src="dam.jpg" alt="The dam"><figcaption></figcaption></figure>',
             '<figure><img src="dam.jpg" alt="The dam"><figcaption style="display:none">The dam</figcaption></figure>'),
), applies=captioned_figures)
def figure_caption_empty(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for fig in visible_figures(artifacts):
        cap = fig.figcaption
        if not cap or squash(cap.visible_text):
            continue
        hidden = squash(cap.text)
        why = f"its text {quote(hidden)} is hidden" if hidden else "it is empty"
        yield issue(cap, f"The figure's caption has no visible text: {why}.", evidence=why)


# ---- videos ------------------------------------------------------------------------------

def article_videos(artifacts: Artifacts) -> Iterator[VideoFact]:
    for video in artifacts.article.videos:
        if video.css_shown:
            yield video


def silent(video: VideoFact) -> str | None:
    """Why the video cannot carry sound for the reader, or None when it may."""
    if (video.muted_attr or video.muted) and not video.controls:
        return "muted and without controls"
    if video.audio.has_audio is False:
        return f"no audio track ({video.audio.how})"
    return None


def caption_tracks(media: MediaFact) -> list[TrackFact]:
    return [t for t in media.tracks if t.kind in ("captions", "subtitles")]


def has_source(media: MediaFact) -> bool:
    return bool(media.src or media.current_src or any(s.src for s in media.sources))


def videos_with_sound(artifacts: Artifacts, options: dict[str, Any]) -> list[VideoFact]:
    """Shown article videos that may carry sound: what the captions rules judge."""
    return [video for video in article_videos(artifacts) if not silent(video)]


@rule(RuleMeta(
    id="video-captions-missing",
    title="A video that may have sound has no captions track and is not declared open-captioned.",
    impact="critical",
    description=("Deaf and hard-of-hearing readers cannot follow speech and sound in a video without captions. "
                 "House policy: every article video with sound carries a captions (or subtitles) track, or is "
                 "declared to have captions burned into the picture. (ACT's captions rule also accepts open "
                 "captions that markup cannot show, so this rule claims no ACT id.)"),
    help=("Add <track kind=\"captions\" src=\"….vtt\" srclang=\"…\" label=\"…\"> to the <video>. If the captions are "
          "burned into the picture, say so with data-captions=\"open\" on the video (or a configured "
          "open_caption_selectors selector). Videos without sound (muted loops without controls) are skipped."),
    wcag=("1.2.2",),
    tags=MEDIA_TAGS,
    facts=("media",),
    options=(RuleOption("video_captions", Choice("required", "review"), "required",
                        "a video without captions is a failure (required) or asks a person to review it (review)"),
             RuleOption("open_caption_selectors", Selectors(), [],
                        "CSS selectors of videos whose captions are burned into the picture")),
    passing=('<video src="interview.mp4" controls><track kind="captions" src="interview.vtt" srclang="en"></video>',
             '<video src="interview.mp4" controls data-captions="open"></video>',
             '<video src="loop.mp4" autoplay muted loop playsinline></video>'),
    failing=('<video src="interview.mp4" controls></video>',
             '<video src="interview.mp4" controls><track kind="chapters" src="chapters.vtt"></video>'),
), applies=videos_with_sound)
def video_captions_missing(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    review = options.get("video_captions") == "review"
    for video in article_videos(artifacts):
        if silent(video) or caption_tracks(video) or video.open_captions:
            continue
        if not has_source(video):
            yield issue(video, "This video element has no source yet (a script may add it), so its captions cannot "
                               "be checked; check the player for captions.", evidence="no src", outcome="cantTell")
            continue
        yield issue(video, "This video may have sound but has no captions or subtitles track and is not declared "
                           "open-captioned (data-captions=\"open\").",
                    evidence=f"tracks: {', '.join(t.kind for t in video.tracks) or 'none'}",
                    outcome="cantTell" if review else None)


TRACK_PROBLEMS = {
    "http-error": "could not be loaded (HTTP {http_status})",
    "not-webvtt": "is not a WebVTT file (it starts with {header!r})",
    "empty": "is a WebVTT file without any cues",
    "no-src": "has no src",
    "network-error": "could not be loaded ({fetch_error})",
    "timeout": "did not load within 3 seconds",
}


def video_caption_tracks(artifacts: Artifacts, options: dict[str, Any]) -> list[TrackFact]:
    return [tr for video in article_videos(artifacts) for tr in caption_tracks(video)]


@rule(RuleMeta(
    id="video-captions-unavailable",
    title="A video's captions or subtitles track does not load, is empty, or is not WebVTT.",
    impact="critical",
    description=("A <track> that fails gives no captions at all, though the markup looks right: players show no "
                 "CC button or an empty one, and deaf readers lose the sound of the video."),
    help=("Make the track's src return a WebVTT file (it starts with the line WEBVTT) with the cues, served with "
          "status 200 and type text/vtt from the page's own origin (or with CORS and a crossorigin attribute on "
          "the video)."),
    wcag=("1.2.2",),
    tags=MEDIA_TAGS,
    act_not_claimed=(("f51b46", "its failed examples are videos without any track and with wrong captions; this "
                                "rule only judges tracks that fail to load"),),
    facts=("media",),
    passing=('<video src="a.mp4" controls><track kind="captions" src="a.vtt"></video>  <!-- a.vtt: WEBVTT + cues -->',),
    failing=('<video src="a.mp4" controls><track kind="captions" src="missing.vtt"></video>  <!-- 404 -->',
             '<video src="a.mp4" controls><track kind="subtitles" src="a.srt"></video>  <!-- SubRip, not WebVTT -->'),
), applies=video_caption_tracks)
def video_captions_unavailable(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for video in article_videos(artifacts):
        for tr in caption_tracks(video):
            state = tr.state
            what = f"The {tr.kind} track {quote(tr.src or '', 60)}"
            if state == "ok":
                if tr.browser_state == "error":
                    yield issue(tr, f"{what} is WebVTT, but the browser refused to load it (another origin without "
                                    "CORS, or a parsing error).", evidence="browser track state: error")
                continue
            if state not in TRACK_PROBLEMS:
                continue
            problem = TRACK_PROBLEMS[state].format(http_status=tr.http_status, header=(tr.header or "")[:20],
                                                   fetch_error=tr.fetch_error or "network error")
            outcome = None
            if state in ("network-error", "timeout") and not tr.same_origin:
                outcome = "cantTell"  # another host: it may only be blocked for this audit
                problem += "; it is on another host, so check that it loads for readers"
            yield issue(tr, f"{what} {problem}.", evidence=f"track state: {state}", outcome=outcome)


def video_embeds(artifacts: Artifacts, options: dict[str, Any]) -> list[FrameFact]:
    hosts = options.get("video_embed_hosts") or VIDEO_EMBED_HOSTS
    return [frame for frame in artifacts.article.frames if frame.visible and embed_host(frame, hosts, VIDEO_PLAYER_CLASSES)]


@rule(RuleMeta(
    id="media-embed-captions-unverified",
    title="An embedded video player from a known host: check its captions by hand.",
    impact="serious",
    description=("Videos embedded from YouTube, Vimeo, social networks and video platforms play inside another "
                 "site's player; the page cannot tell whether that video has captions, so a person must check."),
    help=("Open the video in its player and check that captions are available and accurate (auto-generated "
          "captions usually are not). Upload a caption file to the platform if they are missing."),
    wcag=("1.2.2",),
    tags=MEDIA_TAGS,
    facts=("frames",),
    outcome="cantTell",
    options=(VIDEO_EMBED_HOSTS_OPTION,),
    passing=('<iframe src="https://www.openstreetmap.org/export/embed.html" title="Map of the route"></iframe>',),
    failing=('<iframe src="https://www.youtube.com/embed/abc123" title="Interview"></iframe>',
             '<iframe src="https://player.vimeo.com/video/123" title="Trailer"></iframe>'),
), applies=video_embeds)
def media_embed_captions_unverified(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    hosts = options.get("video_embed_hosts") or VIDEO_EMBED_HOSTS
    for frame in artifacts.article.frames:
        if not frame.visible:
            continue
        name = embed_host(frame, hosts, VIDEO_PLAYER_CLASSES)
        if name:
            yield issue(frame, f"Embedded {name} video player: check that the video has accurate captions.",
                        evidence=f"{name}: {frame.src or frame.class_name}")
