"""<video> and <audio> elements inside the article, with their tracks (each one fetched), what
their sound measures (the silence probe), the text around them and the buttons of a custom player."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.common import IdRef
from auditor.facts.record import Record


@dataclass(frozen=True)
class MediaSource(Record):
    src: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class TrackFact(Record):
    selector: str = ""
    html: str = ""
    kind: str = "subtitles"  # the effective kind (a missing kind is subtitles, an unknown one metadata)
    kind_attr: str | None = None
    srclang: str | None = None
    label: str | None = None
    src: str | None = None
    default: bool = False
    # not-checked, no-src, ok, http-error, not-webvtt, empty, network-error, timeout or error
    state: str = "not-checked"
    http_status: int | None = None
    content_type: str | None = None
    cues: int | None = None  # "-->" lines in the file
    browser_state: str | None = None  # the track element's readyState: none, loading, loaded, error
    browser_cues: int | None = None  # cues the browser parsed, when it loaded the track
    header: str | None = None  # the file's first 40 characters
    same_origin: bool | None = None
    fetch_error: str | None = None
    order: int | None = None


@dataclass(frozen=True)
class AudioProbe(Record):
    """Whether a video carries sound, and how that was found out (None: unknown)."""
    has_audio: bool | None = None
    how: str | None = None


@dataclass(frozen=True)
class SoundProbe(Record):
    """The loudest sample of the media's first stretch of audio, decoded in the page (decodeAudioData).

    `peak` is on the scale 0 (silence) to 1 (full scale); None with `error` saying why nothing was
    decoded: no source, an HTTP error, a network error or time-out, or no audio the browser can
    decode (a video without an audio track, or a format it cannot read).
    """
    peak: float | None = None
    seconds: float | None = None  # how much audio was decoded
    error: str | None = None


@dataclass(frozen=True)
class NearbyText(Record):
    """A block of text beside a media element (a sibling before or after it, or its ancestors' siblings)."""
    selector: str = ""
    tag: str = ""
    text: str = ""  # its first 300 characters
    words: int = 0  # words in all its text
    chars: int = 0  # characters in all its text, spaces left out (for scripts written without spaces)
    # Some of its text is on the page where a reader can scroll to it: measured from the text's own boxes,
    # so text moved off the page (text-indent, negative positions) or clipped away is not visible
    visible: bool = False
    exposed: bool = False  # in the accessibility tree: not aria-hidden, not display:none or visibility:hidden
    where: str = "after"  # before or after the media element
    order: int | None = None


@dataclass(frozen=True)
class MediaFact(Record):
    selector: str = ""
    html: str = ""
    visible: bool = False  # shown and of non-zero size
    css_shown: bool = False
    width: int = 0
    height: int = 0
    aria_hidden: bool = False
    src: str | None = None
    current_src: str | None = None
    sources: tuple[MediaSource, ...] = ()
    controls: bool = False
    autoplay: bool = False
    loop: bool = False
    muted_attr: bool = False
    muted: bool = False
    ready_state: int = 0
    network_state: int = 0
    error: int | None = None  # MediaError code
    video_width: int | None = None
    duration: float | str | None = None  # seconds, "infinite" for a stream, None when unknown
    in_figure: int | None = None  # index into PageFacts.figures
    describedby: tuple[IdRef, ...] = ()
    tracks: tuple[TrackFact, ...] = ()
    sound: SoundProbe = SoundProbe()
    nearby_text: tuple[NearbyText, ...] = ()
    # Names of the visible buttons in the element's player (its nearest container with buttons): a
    # custom player may play media whose own controls are hidden
    player_controls: tuple[str, ...] = ()
    order: int | None = None


@dataclass(frozen=True)
class AudioFact(MediaFact):
    pass


@dataclass(frozen=True)
class VideoFact(MediaFact):
    poster: str | None = None
    open_captions: str | None = None  # the open-caption selector the video matched
    audio: AudioProbe = AudioProbe()
