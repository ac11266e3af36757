"""Caption rules over small artifacts: the cases in cases/captions.json, then edge cases."""
import pytest

from auditor.facts import AudioProbe, FigureFact, FigureMedia, FrameFact, VideoFact
from auditor.rules.captions import VIDEO_EMBED_HOSTS, embed_host, figure_content, silent
from auditor.rules.text import url_matches


@pytest.mark.parametrize("url, pattern, match", [
    ("https://www.youtube.com/embed/x", "youtube.com/embed", True),
    ("https://youtube.com/embed/x?rel=0", "youtube.com/embed", True),
    ("https://www.youtube.com/watch?v=x", "youtube.com/embed", False),
    ("https://notyoutube.com/embed/x", "youtube.com/embed", False),
    ("//player.vimeo.com/video/1", "player.vimeo.com", True),
    ("https://player.vimeo.com.evil.example/video/1", "player.vimeo.com", False),
    (None, "player.vimeo.com", False),
])
def test_url_matches_host_and_path_prefix(url, pattern, match):
    assert url_matches(url, pattern) is match


def test_embed_host_needs_no_class_for_a_known_src():
    assert embed_host(FrameFact(src="https://geo.dailymotion.com/player.html?video=x"), VIDEO_EMBED_HOSTS) == "Dailymotion"
    assert embed_host(FrameFact(src="https://example.org/"), VIDEO_EMBED_HOSTS) is None


def test_a_hidden_image_alone_needs_no_caption_but_a_shown_one_does():
    shown = FigureFact(media=(FigureMedia(kind="img", visible=True, hidden_from_at=False, width=1, height=1),))
    hidden = FigureFact(media=(FigureMedia(kind="img", visible=True, hidden_from_at=True),))
    assert figure_content(shown, VIDEO_EMBED_HOSTS) == "image"
    assert figure_content(hidden, VIDEO_EMBED_HOSTS) is None


def test_silent_explains_itself():
    assert silent(VideoFact(muted_attr=True, controls=False)) == "muted and without controls"
    assert silent(VideoFact(audio=AudioProbe(has_audio=False, how="mozHasAudio"))) == "no audio track (mozHasAudio)"
    assert silent(VideoFact(audio=AudioProbe(has_audio=None), controls=True)) is None
