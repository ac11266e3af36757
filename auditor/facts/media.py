"""<video> and <audio> elements inside the article, with their tracks (each one fetched)."""
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
    order: int | None = None


@dataclass(frozen=True)
class AudioFact(MediaFact):
    pass


@dataclass(frozen=True)
class VideoFact(MediaFact):
    poster: str | None = None
    open_captions: str | None = None  # the open-caption selector the video matched
    audio: AudioProbe = AudioProbe()
