"""ACT rules for video and audio, beside the house policy (rules/captions.py, rules/media.py).

Each rule follows one W3C ACT rule's applicability and expectation and claims its id. Most of
what these rules expect (captions that are accurate, a voice-over that describes the picture,
a transcript that is complete) can only be told by watching or listening, so they ask a person
(`cantTell`, with the question to answer) and report `failed` only where the markup proves it:
no text near the player that could be a transcript and no link or heading to one. Silent
media, media nobody can see or start, and live streams are outside their applicability.

Where a house rule already reports the same element for the same problem, the ACT finding is
folded into that finding (rules/folding.py), so reports, ignores and baselines meet it once.
"""
from __future__ import annotations

from typing import Any, Iterator

from auditor.facts import AudioFact, MediaFact, NearbyText, VideoFact
from auditor.model import Artifacts
from auditor.rules.base import Issue, RuleMeta, rule
from auditor.rules.captions import caption_tracks, has_source
from auditor.rules.media import TRANSCRIPT_WORDS, TRANSCRIPT_WORDS_OPTION, load_failure, transcript_evidence
from auditor.rules.text import by_language, issue, languages, quote, undeclared_foreign_script

SILENT_PEAK = 0.001  # -60 dBFS: a silent track's codec noise stays far below (4e-5 measured), speech far above
WORDS_PER_SECOND = 0.5  # a transcript has at least about half a word per second of media
MIN_TRANSCRIPT_WORDS = 10  # ... and never fewer than this
UNKNOWN_DURATION_WORDS = 25  # the words a transcript needs when the media's length is unknown

VIDEO_TAGS = ("cat.time-and-media", "article", "act")
CAPTIONS_HOUSE = ("video-captions-missing", "media-not-loaded")
VISUAL_HOUSE = ("video-description-missing", "media-not-loaded")
AUDIO_HOUSE = ("audio-transcript-missing", "media-not-loaded")


# ---- what the facts say about a media element ----------------------------------------------

def sound(media: MediaFact) -> str:
    """'sound', 'silent' (the decoded audio is silence, or there is no audio track) or 'unknown'."""
    if media.sound.peak is not None:
        return "silent" if media.sound.peak < SILENT_PEAK else "sound"
    if isinstance(media, VideoFact) and media.audio.has_audio is False:
        return "silent"
    return "unknown"


def streaming(media: MediaFact) -> bool:
    """A live stream (infinite duration) or an element with a duration of 0 (ACT's non-streaming is neither)."""
    return media.duration == "infinite" or media.duration == 0


def seconds(media: MediaFact) -> float | None:
    if isinstance(media.duration, (int, float)) and media.duration > 0:
        return float(media.duration)
    return media.sound.seconds if media.sound.seconds else None


def words_needed(media: MediaFact) -> int:
    length = seconds(media)
    if length is None:
        return UNKNOWN_DURATION_WORDS
    return max(MIN_TRANSCRIPT_WORDS, round(length * WORDS_PER_SECOND))


def word_count(block: NearbyText) -> int:
    # Scripts written without spaces (Chinese, Japanese, Thai) count about two characters a word.
    if block.words and block.chars / block.words > 15:
        return block.chars // 2
    return block.words


def plausible_transcript(media: MediaFact, *, visible: bool) -> NearbyText | None:
    """Text beside the player long enough to be its transcript, exposed to assistive technology (and
    visible, when the rule asks for that)."""
    needed = words_needed(media)
    for block in media.nearby_text:
        if block.exposed and (block.visible or not visible) and word_count(block) >= needed:
            return block
    return None


def nearby_link(media: MediaFact) -> NearbyText | None:
    """A link beside the player: it may lead to a transcript, whatever its wording."""
    return next((b for b in media.nearby_text if b.tag == "a" and b.exposed), None)


def shown_videos(artifacts: Artifacts) -> Iterator[VideoFact]:
    """Visible, non-streaming article videos with a source (ACT's applicability before its audio condition)."""
    for video in artifacts.article.videos:
        if video.visible and has_source(video) and not streaming(video):
            yield video


def videos_with_audio(artifacts: Artifacts, options: dict[str, Any]) -> list[VideoFact]:
    """Videos whose audio is not only silence (or could not be measured)."""
    return [v for v in shown_videos(artifacts) if load_failure(v) or sound(v) != "silent"]


def all_shown_videos(artifacts: Artifacts, options: dict[str, Any]) -> list[VideoFact]:
    return list(shown_videos(artifacts))


def not_loaded(media: MediaFact) -> Issue | None:
    why = load_failure(media)
    if why is None:
        return None
    return issue(media, f"This media could not be loaded ({why}): whether it has sound, and what it shows, "
                        "could not be checked.", evidence=f"could not be loaded: {why}", outcome="cantTell")


def unmeasured(media: MediaFact) -> str:
    return "" if sound(media) != "unknown" else " (Its sound could not be measured: check first that it has any.)"


# ---- video: auditory content ----------------------------------------------------------------

def captions_question(video: VideoFact) -> tuple[str, str]:
    """(the question for a person, the evidence) about a video's captions."""
    tracks = caption_tracks(video)
    working = [t for t in tracks if t.state in ("ok", "not-checked")]
    if working:
        return ("It has a captions track: check that the captions are accurate and complete, including "
                "sounds other than speech.", f"captions track {quote(working[0].src or '', 60)}")
    if video.open_captions:
        return ("It is declared open-captioned: check that the captions in the picture are accurate and "
                "complete.", f"open captions ({video.open_captions})")
    if tracks:
        return ("Its captions track does not load: check for open captions (captions in the picture).",
                f"captions track {tracks[0].state}")
    return ("It has no captions track: check for open captions (captions in the picture).", "no captions track")


@rule(RuleMeta(
    id="act-video-captions",
    title="A video with sound needs captions: check that they are there and accurate.",
    impact="serious",
    description=("ACT rule f51b46: the audio information of a visible video with sound is available through "
                 "captions, in a captions track or burned into the picture. Whether there are open captions, and "
                 "whether any captions are accurate, can only be told by watching, so this asks for review on "
                 "every such video; silent and hidden videos are outside it."),
    help=("Watch the video with its captions on: every word spoken and every sound that matters must be in the "
          "captions, in sync. Add a <track kind=\"captions\"> (WebVTT) where the captions are missing."),
    wcag=("1.2.2",),
    act=("f51b46",),
    tags=VIDEO_TAGS,
    facts=("media",),
    outcome="cantTell",
    folds_into=CAPTIONS_HOUSE,
    passing=('<video src="silent-loop.webm" controls></video>  <!-- an audio track of silence: inapplicable -->',),
    failing=('<video src="interview.webm" controls></video>  <!-- cantTell: check for open captions -->',
             '<video src="interview.webm" controls><track kind="captions" src="interview.vtt"></video>'
             '  <!-- cantTell: check that the captions are accurate -->'),
), applies=videos_with_audio)
def act_video_captions(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for video in videos_with_audio(artifacts, options):
        failed_load = not_loaded(video)
        if failed_load:
            yield failed_load
            continue
        question, evidence = captions_question(video)
        yield issue(video, f"This video has sound. {question}{unmeasured(video)}", evidence=evidence)


@rule(RuleMeta(
    id="act-video-audio-alternative",
    title="A video with sound needs captions, or must be an alternative for text on the page: check which.",
    impact="serious",
    description=("ACT rule eac66b: the audio of a visible video with sound has an accessible alternative, either "
                 "captions (f51b46) or the video is itself a media alternative for text on the page and labelled "
                 "so. Both need watching to judge, so this asks for review."),
    help=("Check that the video's captions are accurate, or that the text it accompanies says everything the "
          "video says and labels the video as an alternative to it."),
    wcag=("1.2.2",),
    act=("eac66b",),
    tags=VIDEO_TAGS,
    facts=("media",),
    outcome="cantTell",
    folds_into=(*CAPTIONS_HOUSE, "act-video-captions"),
    passing=('<video src="interview.webm" controls style="display:none"></video>  <!-- hidden: inapplicable -->',),
    failing=('<video src="interview.webm" controls></video>  <!-- cantTell -->',),
), applies=videos_with_audio)
def act_video_audio_alternative(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for video in videos_with_audio(artifacts, options):
        failed_load = not_loaded(video)
        if failed_load:
            yield failed_load
            continue
        question, evidence = captions_question(video)
        yield issue(video, f"This video has sound. {question} Or check that it is an alternative for text on "
                           f"the page that says the same and labels it so.{unmeasured(video)}", evidence=evidence)


# ---- video: visual content ------------------------------------------------------------------

def transcript_words(artifacts: Artifacts, options: dict[str, Any]) -> tuple[list[str], str | None]:
    """The transcript words of the page's languages, and the language they are missing for (if any)."""
    article = artifacts.article
    langs = languages(article)
    option = options.get("transcript_words")
    known = {**TRANSCRIPT_WORDS, **(option or {})}
    unknown = next((lang for lang in langs if lang != "en" and not known.get(lang)), None)
    if not unknown and undeclared_foreign_script(article):
        unknown = "undeclared, not in Latin script"
    return by_language(option, TRANSCRIPT_WORDS, langs), unknown


def transcript_question(artifacts: Artifacts, options: dict[str, Any], media: MediaFact, what: str,
                        *, visible: bool) -> Issue:
    """cantTell with the question about the transcript a person must answer, or failed when the markup
    shows there is none: no text beside the player that could be one, no link beside it, and no link,
    heading or section naming a transcript in the article."""
    words, unknown_language = transcript_words(artifacts, options)
    named = transcript_evidence(artifacts.article.texts, words)
    if named:
        return issue(media, f"{what} has a transcript ({named}): check that the transcript is complete.",
                     evidence=named, outcome="cantTell")
    link = nearby_link(media)
    if link:
        return issue(media, f"{what} has the link {quote(link.text, 60)} beside it: check whether it leads to a "
                            "complete transcript.", evidence=f"link {quote(link.text, 60)}", outcome="cantTell")
    block = plausible_transcript(media, visible=visible)
    if block:
        return issue(media, f"{what} has text beside it ({word_count(block)} words, {quote(block.text, 60)}): check "
                            "that it is a complete transcript.", evidence=f"{word_count(block)} words beside it",
                     outcome="cantTell")
    if unknown_language:
        return issue(media, f"{what} has no text beside it that could be a transcript, and there are no transcript "
                            f"words for the page's language ({unknown_language}): check for a transcript by hand.",
                     evidence=f"no transcript words for {unknown_language}", outcome="cantTell")
    hidden = [b for b in media.nearby_text if word_count(b) >= words_needed(media)]
    why = ""
    if hidden:
        why = (" (the text beside it is hidden from assistive technology)" if not hidden[0].exposed
               else " (the text beside it is not visible)")
    return issue(media, f"{what} has no transcript: no text beside it long enough to be one{why}, and no link or "
                        "heading to one.", evidence=f"no transcript (needs {words_needed(media)} words)" + why,
                 outcome="failed")


@rule(RuleMeta(
    id="act-video-transcript",
    title="A video has no transcript of its audio and visual content, or one a person must check.",
    impact="moderate",
    description=("ACT rule 1a02b0: the audio and visual information of a visible video is available in a text "
                 "transcript that assistive technology can reach, on the page or linked. A transcript's "
                 "completeness needs watching, so this asks for review where there is text or a link that could "
                 "be one, and fails only where there is none."),
    help=("Publish a transcript with the video that tells what is said and what is shown: in the article next to "
          "it, or as a link labelled “Transcript”. Do not hide it with aria-hidden."),
    wcag=("1.2.8",),
    act=("1a02b0",),
    tags=VIDEO_TAGS,
    facts=("media", "texts"),
    options=(TRANSCRIPT_WORDS_OPTION,),
    folds_into=(*VISUAL_HOUSE, "act-video-visual-alternative", "act-video-audio-description"),
    passing=('<video src="tour.webm" controls></video><a href="tour-transcript.html">Transcript</a>'
             '  <!-- cantTell: check that it is complete -->',),
    failing=('<video src="tour.webm" controls></video>',
             '<video src="tour.webm" controls></video><p aria-hidden="true">The video shows …</p>'),
), applies=all_shown_videos)
def act_video_transcript(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for video in all_shown_videos(artifacts, options):
        yield not_loaded(video) or transcript_question(artifacts, options, video, "This video", visible=False)


def described(video: VideoFact) -> str:
    if any(t.kind == "descriptions" for t in video.tracks):
        return (" It has a descriptions track, which browsers do not play: that alone is not an audio "
                "description.")
    return ""


@rule(RuleMeta(
    id="act-video-visual-alternative",
    title="A video with sound needs an alternative for what it shows: check for one.",
    impact="serious",
    description=("ACT rule c5a4ea: the visual information of a visible video with sound is available through an "
                 "audio description (or a voice-over that describes it), a transcript, or the video is an "
                 "alternative for text on the page. Only watching tells, so this asks for review; a "
                 "descriptions track alone does not count, as browsers do not play it."),
    help=("Check that a blind reader gets what the video shows: its sound describes it, an audio-described "
          "version is offered, or a transcript with the visual information is on the page or linked."),
    wcag=("1.2.3",),
    act=("c5a4ea",),
    tags=VIDEO_TAGS,
    facts=("media", "texts"),
    outcome="cantTell",
    options=(TRANSCRIPT_WORDS_OPTION,),
    folds_into=VISUAL_HOUSE,
    passing=('<video controls><source src="no-audio.webm"></video>  <!-- no audio track: inapplicable -->',),
    failing=('<video src="tour.webm" controls><track kind="descriptions" src="tour.vtt"></video>  <!-- cantTell -->',),
), applies=videos_with_audio)
def act_video_visual_alternative(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for video in videos_with_audio(artifacts, options):
        failed_load = not_loaded(video)
        if failed_load:
            yield failed_load
            continue
        transcript = transcript_question(artifacts, options, video, "It", visible=False)
        hint = f" {transcript.message}" if transcript.outcome == "cantTell" else " There is no transcript."
        yield issue(video, "Check that what this video shows reaches blind readers: its sound describes it, or an "
                           f"audio description or a transcript is offered.{hint}{described(video)}{unmeasured(video)}",
                    evidence=transcript.evidence)


@rule(RuleMeta(
    id="act-video-audio-description",
    title="A video with sound needs an audio description: check that its sound describes what is shown.",
    impact="moderate",
    description=("ACT rule 1ea59c: the visual information of a visible video with sound is available through "
                 "its audio, as an audio description or a voice-over that describes it. Only listening tells, so "
                 "this asks for review on every such video."),
    help=("Listen to the video without watching: whatever is only shown (on-screen text, who is speaking, what "
          "happens) must be described in its sound, or in an audio-described version offered with it."),
    wcag=("1.2.5",),
    act=("1ea59c",),
    tags=VIDEO_TAGS,
    facts=("media",),
    outcome="cantTell",
    folds_into=(*VISUAL_HOUSE, "act-video-visual-alternative"),
    passing=('<video controls style="display:none"><source src="tour.webm"></video>  <!-- inapplicable -->',),
    failing=('<video controls><source src="tour.webm"></video>  <!-- cantTell -->',),
), applies=videos_with_audio)
def act_video_audio_description(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for video in videos_with_audio(artifacts, options):
        failed_load = not_loaded(video)
        if failed_load:
            yield failed_load
            continue
        yield issue(video, "Listen to this video without watching it: check that its sound describes what is only "
                           f"shown, or that an audio-described version is offered.{described(video)}{unmeasured(video)}",
                    evidence="audio description unverified")


# ---- audio ----------------------------------------------------------------------------------

def playable(audio: AudioFact) -> bool:
    """It plays by itself, or its native play button is visible and exposed."""
    return audio.autoplay or (audio.controls and audio.visible and not audio.aria_hidden)


def audio_targets(artifacts: Artifacts, options: dict[str, Any]) -> list[AudioFact]:
    """Non-streaming audio that plays by itself, shows its controls, or sits in a custom player (buttons
    around an element whose own controls are hidden), whose sound is not only silence."""
    out = []
    for audio in artifacts.article.audios:
        if not has_source(audio) or streaming(audio):
            continue
        if not playable(audio) and not (audio.player_controls and not audio.aria_hidden):
            continue
        if not load_failure(audio) and sound(audio) == "silent":
            continue
        out.append(audio)
    return out


def audio_issue(artifacts: Artifacts, options: dict[str, Any], audio: AudioFact) -> Issue:
    failed_load = not_loaded(audio)
    if failed_load:
        return failed_load
    if not playable(audio):
        names = ", ".join(quote(n, 30) for n in audio.player_controls[:3])
        return issue(audio, f"This audio's own controls are hidden, and a custom player ({names}) may play it: "
                            "check that it has a complete transcript.", evidence=f"custom player: {names}",
                     outcome="cantTell")
    return transcript_question(artifacts, options, audio, "This audio", visible=True)


@rule(RuleMeta(
    id="act-audio-transcript",
    title="Audio has no transcript, or one a person must check.",
    impact="serious",
    description=("ACT rule 2eb176: the auditory information of audio that plays or has a visible play button is "
                 "available in a text transcript that is visible and exposed to assistive technology, on the page "
                 "or linked. Text moved off the page, clipped or aria-hidden does not count. Whether a transcript "
                 "is complete needs listening, so this asks for review where there is one, and fails where there "
                 "is none."),
    help=("Publish a transcript with the audio, visible to everybody: in the article next to the player, or as a "
          "link labelled “Transcript” (“Transkript”, “Transcription”, … in the article's language)."),
    wcag=("1.2.1",),
    act=("2eb176",),
    tags=("cat.time-and-media", "article", "act"),
    facts=("media", "texts"),
    options=(TRANSCRIPT_WORDS_OPTION,),
    folds_into=AUDIO_HOUSE,
    passing=('<audio src="speech.mp3" controls></audio><a href="speech-transcript.html">Transcript</a>'
             '  <!-- cantTell: check that it is complete -->',
             '<audio src="speech.mp3"></audio>  <!-- no controls, no autoplay: inapplicable -->'),
    failing=('<audio src="speech.mp3" controls></audio>',
             '<audio src="speech.mp3" controls></audio><p style="text-indent: -9999px">We choose to go to the moon …</p>'),
), applies=audio_targets)
def act_audio_transcript(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for audio in audio_targets(artifacts, options):
        yield audio_issue(artifacts, options, audio)


@rule(RuleMeta(
    id="act-audio-alternative",
    title="Audio has no text alternative (a transcript, or text it is an alternative for), or one a person must check.",
    impact="serious",
    description=("ACT rule e7aa44: audio that plays by itself or has a visible play button has a text "
                 "alternative: a transcript (2eb176), or the audio is itself an alternative for text on the page "
                 "and labelled so. Fails only where there is no visible text or link that could be either."),
    help=("Put the text of the audio on the page next to the player (a transcript, or the text the audio reads "
          "out, labelled as such), or link a transcript."),
    wcag=("1.2.1",),
    act=("e7aa44",),
    tags=("cat.time-and-media", "wcag2a", "article", "act"),
    facts=("media", "texts"),
    options=(TRANSCRIPT_WORDS_OPTION,),
    folds_into=(*AUDIO_HOUSE, "act-audio-transcript"),
    passing=('<p>A part of a speech by John F. Kennedy: We choose to go to the moon …</p><audio src="speech.mp3" '
             'controls></audio>  <!-- cantTell: check that the text says what the audio says -->',),
    failing=('<p style="display:none">We choose to go to the moon …</p><audio src="speech.mp3" autoplay controls></audio>',),
), applies=audio_targets)
def act_audio_alternative(artifacts: Artifacts, options: dict[str, Any]) -> Iterator[Issue]:
    for audio in audio_targets(artifacts, options):
        yield audio_issue(artifacts, options, audio)
