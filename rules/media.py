"""Media alternatives: audio descriptions and transcripts for the article's video and audio."""
from __future__ import annotations

from typing import Any, Iterator

from auditor.facts import MediaFact, TextFacts, VideoFact
from auditor.model import Artifacts
from auditor.rules.base import Issue, RuleMeta, RuleOption, rule
from auditor.rules.captions import article_videos, has_source, silent
from auditor.rules.text import (
    Element,
    by_language,
    contains_word,
    issue,
    languages,
    named_host,
    quote,
    undeclared_foreign_script,
)
from auditor.values import ListsBy

TRANSCRIPT_WORDS: dict[str, list[str]] = {
    "en": ["transcript", "transcripts", "transcription", "text version", "full text", "read the text",
           "read along", "show notes and transcript"],
    "de": ["transkript", "transkription", "abschrift", "textversion", "volltext", "zum nachlesen", "zum mitlesen",
           "manuskript", "text zum hören", "das gespräch zum nachlesen"],
    "fr": ["transcription", "transcript", "version texte", "texte intégral", "verbatim", "retranscription"],
    "es": ["transcripción", "versión en texto", "texto completo", "versión escrita"],
    "it": ["trascrizione", "versione testuale", "testo integrale", "testo completo"],
    "pt": ["transcrição", "versão em texto", "texto completo", "texto integral"],
}
DESCRIBED_VERSION_WORDS: dict[str, list[str]] = {
    "en": ["audio description", "audio described", "audio-described", "described version", "audio descriptive",
           "with description"],
    "de": ["audiodeskription", "hörfassung", "mit audiodeskription", "audiobeschreibung"],
    "fr": ["audiodescription", "version audiodécrite", "audio-description"],
    "es": ["audiodescripción", "versión audiodescrita", "audio descripción"],
    "it": ["audiodescrizione", "versione audiodescritta", "audio descrizione"],
    "pt": ["audiodescrição", "versão com audiodescrição", "audio descrição"],
}
AUDIO_EMBED_HOSTS: dict[str, list[str]] = {
    "Spotify": ["open.spotify.com/embed", "embed.spotify.com"],
    "SoundCloud": ["w.soundcloud.com/player", "soundcloud.com/player"],
    "Apple Podcasts": ["embed.podcasts.apple.com"],
    "Megaphone": ["player.megaphone.fm", "megaphone.link"],
    "Simplecast": ["player.simplecast.com", "embed.simplecast.com"],
    "Omny": ["omny.fm/shows", "embed.omny.fm"],
    "Libsyn": ["html5-player.libsyn.com", "play.libsyn.com"],
}
# Substrings of an id or class that mark an element as a transcript (English, German, Italian, ...)
TRANSCRIPT_MARKERS = ("transcri", "transkri", "trascri")
MIN_TRANSCRIPT_BLOCK = 200  # characters: a block marked "transcript" that is a transcript, not a toggle

TRANSCRIPT_WORDS_OPTION = RuleOption(
    "transcript_words", ListsBy("language"), TRANSCRIPT_WORDS,
    "words of a link or heading that offers a transcript, by language; merged with the defaults language by language")

TAGS = ("cat.time-and-media", "wcag2a", "article")
WRONG_ALTERNATIVES = ("their failed examples include a linked transcript that is wrong and a descriptions track, "
                      "which this rule accepts")


def transcript_evidence(texts: TextFacts, words: list[str]) -> str | None:
    """What in the article looks like a transcript (a heading, a link or toggle, a transcript section)."""
    for heading in texts.headings:
        hit = contains_word(heading.text or "", words)
        if hit:
            return f"heading {quote(heading.text or '')}"
    for control in texts.controls:
        hit = contains_word(control.text or "", words)
        if hit:
            return f"{'link' if control.href else control.tag or 'control'} {quote(control.text or '')}"
    for block in texts.transcript_blocks:
        if (block.text_length or 0) >= MIN_TRANSCRIPT_BLOCK:
            return f"section marked {quote(block.id_class or '')}"
    return None


def described_version(texts: TextFacts, words: list[str]) -> str | None:
    for control in texts.controls:
        if control.href and contains_word(control.text or "", words):
            return f"link {quote(control.text or '')}"
    return None


def videos_with_pictures(artifacts: Artifacts, options: dict[str, Any]) -> list[VideoFact]:
    """Shown article videos with a source that may carry sound and a picture."""
    return [video for video in article_videos(artifacts) if not silent(video) and has_source(video)
            and not (video.ready_state >= 1 and video.video_width == 0)]  # loaded without a picture: audio


@rule(RuleMeta(
    id="video-description-missing",
    title="A video has no audio description, described version or transcript in the article.",
    impact="serious",
    description=("Blind readers hear a video's sound but miss what is only shown: on-screen text, who is "
                 "speaking, what happens. An audio description (a description track or a described version) "
                 "or a transcript that includes the visual information fills that gap. Whether the sound alone "
                 "already tells the story can only be judged by watching, so this asks for review."),
    help=("Check whether the video shows information that its sound does not tell. If it does, add a described "
          "version (and link it), a <track kind=\"descriptions\">, or a transcript with the visual information "
          "in the article."),
    wcag=("1.2.3", "1.2.5"),
    act=("1ea59c",),
    tags=TAGS,
    act_not_claimed=(("c5a4ea", WRONG_ALTERNATIVES), ("1a02b0", WRONG_ALTERNATIVES)),
    facts=("media", "texts"),
    outcome="cantTell",
    options=(TRANSCRIPT_WORDS_OPTION,
             RuleOption("described_version_words", ListsBy("language"), DESCRIBED_VERSION_WORDS,
                        "words that point to an audio-described version, by language; merged with the defaults "
                        "language by language")),
    passing=('<video src="tour.mp4" controls><track kind="descriptions" src="tour-ad.vtt"></video>',
             '<video src="tour.mp4" controls></video><a href="tour-transcript.html">Transcript</a>'),
    failing=('<video src="tour.mp4" controls></video>',),
), applies=videos_with_pictures)
def video_description_missing(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    article = artifacts.article
    langs = languages(article)
    transcript = transcript_evidence(article.texts, by_language(options.get("transcript_words"), TRANSCRIPT_WORDS, langs))
    described = described_version(article.texts, by_language(options.get("described_version_words"),
                                                             DESCRIBED_VERSION_WORDS, langs))
    if transcript or described:
        return
    for video in videos_with_pictures(artifacts, options):
        descriptions = [t for t in video.tracks if t.kind == "descriptions"]
        if any(t.state in ("ok", "not-checked") for t in descriptions):
            continue
        broken = " (its descriptions track does not load)" if descriptions else ""
        yield issue(video, "This video has no audio-description track" + broken + ", no link to a described "
                           "version and no transcript in the article: check whether its visual information is "
                           "available to blind readers.", evidence="no descriptions track, described version or transcript")


def audio_players(artifacts: Artifacts, options: dict[str, Any]) -> list[tuple[Element, str, str | None]]:
    """The article's audio players that need a transcript: (element, what it is, why a person should
    look or None). Audio with a loaded captions track already has its text."""
    players: list[tuple[Element, str, str | None]] = []
    for audio in artifacts.article.audios:
        if not has_source(audio) or (audio.aria_hidden and not audio.controls):
            continue
        text_tracks = [t for t in audio.tracks if t.kind in ("captions", "subtitles")]
        if any(t.state in ("ok", "not-checked") for t in text_tracks):
            continue  # synchronised text of the audio is there
        unsure = ("its text track could not be loaded for this audit"
                  if any(t.state in ("network-error", "timeout") for t in text_tracks) else None)
        players.append((audio, "This audio", unsure))
    hosts = options.get("audio_embed_hosts") or AUDIO_EMBED_HOSTS
    for frame in artifacts.article.frames:
        name = named_host(frame.src, hosts)
        if name and frame.visible:
            players.append((frame, f"This embedded {name} player", None))
    return players


@rule(RuleMeta(
    id="audio-transcript-missing",
    title="Audio or a podcast player has no transcript in the article.",
    impact="serious",
    description=("Deaf and hard-of-hearing readers cannot use audio at all without a transcript. (ACT's rule "
                 "also accepts a transcript that is an unlabelled paragraph of the article, which this rule "
                 "cannot tell from article text, so it claims no ACT id.)"),
    help=("Publish a transcript with the audio: in the article under a heading such as “Transcript”, or as a "
          "link labelled “Transcript” (or “Transkript”, “Transcription”, … in the article's language) near the "
          "player."),
    wcag=("1.2.1",),
    tags=TAGS,
    facts=("media", "frames", "texts"),
    options=(TRANSCRIPT_WORDS_OPTION,
             RuleOption("audio_embed_hosts", ListsBy("service"), AUDIO_EMBED_HOSTS,
                        "embedded audio players (podcasts) by service: parts of the frame URL that identify "
                        "them (they replace the defaults)")),
    passing=('<audio src="episode.mp3" controls></audio><a href="episode-transcript.html">Read the transcript</a>',
             '<iframe src="https://open.spotify.com/embed/episode/1" title="Episode 1"></iframe><h2>Transcript</h2><p>…</p>'),
    failing=('<audio src="episode.mp3" controls></audio>',
             '<iframe src="https://w.soundcloud.com/player/?url=…" title="Episode 1"></iframe>'),
), applies=audio_players)
def audio_transcript_missing(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    article = artifacts.article
    players = audio_players(artifacts, options)
    if not players:
        return
    langs = languages(article)
    option = options.get("transcript_words")
    words = by_language(option, TRANSCRIPT_WORDS, langs)
    if transcript_evidence(article.texts, words):
        return
    known = {**TRANSCRIPT_WORDS, **(option or {})}
    unknown_language = next((lang for lang in langs if lang != "en" and not known.get(lang)), None)
    if not unknown_language and undeclared_foreign_script(article):
        unknown_language = "undeclared, not in Latin script"
    for item, what, unsure in players:
        if unknown_language:
            yield issue(item, f"{what} has no transcript that this rule can recognise: there are no transcript words "
                              f"for the page's language ({unknown_language}); check by hand, or configure "
                              "transcript_words for it.", evidence=f"no transcript words for the page's language ({unknown_language})",
                        outcome="cantTell")
        elif unsure:
            yield issue(item, f"{what} has no transcript in the article, and {unsure}; check by hand.",
                        evidence=unsure, outcome="cantTell")
        else:
            yield issue(item, f"{what} has no transcript: no link, heading or section named like "
                              f"{quote(words[0] if words else 'transcript')} in the article.",
                        evidence="no transcript link, heading or section")


# ---- media-not-loaded --------------------------------------------------------------------

MEDIA_ERRORS = {1: "its loading was aborted", 2: "a network error stopped it", 3: "it could not be decoded",
                4: "its source was not found, was blocked or is in a format the browser cannot play"}
NO_SOURCE = 3  # HTMLMediaElement.NETWORK_NO_SOURCE: every source failed


def load_failure(media: MediaFact) -> str | None:
    """Why the browser could not load the media (404, blocked, unsupported), or None."""
    if media.error:
        return MEDIA_ERRORS.get(media.error, f"media error {media.error}")
    if media.network_state == NO_SOURCE and has_source(media):
        return "none of its sources could be loaded (not found, blocked or unsupported)"
    return None


def shown_media(artifacts: Artifacts, options: dict[str, Any]) -> list[MediaFact]:
    """Article video and audio a reader can see (a video, or audio with its controls shown)."""
    return [m for m in (*artifacts.article.videos, *artifacts.article.audios) if m.visible and has_source(m)]


@rule(RuleMeta(
    id="media-not-loaded",
    title="A video or audio could not be loaded, so its captions and alternatives could not be checked.",
    impact="serious",
    description=("A source that is missing (404), blocked or in a format the browser cannot play leaves readers "
                 "with an empty player, and leaves the audit unable to tell whether the media has sound, so "
                 "whether it needs captions, a transcript or an audio description. This asks for review and "
                 "claims no ACT rule: the ACT rules' applicability needs the media itself."),
    help=("Check that the media's src (or each <source>) returns the file with status 200 and a type the browser "
          "plays (WebM, MP4, MP3), and that nothing blocks it; then check its captions and alternatives by hand."),
    wcag=("1.2.1", "1.2.2", "1.2.3"),
    tags=TAGS,
    facts=("media",),
    outcome="cantTell",
    passing=('<video src="interview.webm" controls></video>  <!-- interview.webm: 200, video/webm -->',),
    failing=('<video src="missing.mp4" controls></video>  <!-- 404 -->',
             '<audio controls><source src="episode.xyz" type="audio/x-unknown"></audio>'),
), applies=shown_media)
def media_not_loaded(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for media in shown_media(artifacts, options):
        why = load_failure(media)
        if why:
            what = "video" if isinstance(media, VideoFact) else "audio"
            yield issue(media, f"This {what} could not be loaded: {why}. Check its captions, transcript and "
                               "description by hand.", evidence=f"could not be loaded: {why}")
