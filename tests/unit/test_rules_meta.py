"""Every article rule's metadata is complete, and the issue's contract (ids, outcomes, impacts,
references) holds."""
import re

import pytest

from auditor.model import IMPACTS, OUTCOMES
from auditor.rules import all_rules
from auditor.wcag import CRITERIA

RULES = all_rules()

# id -> (outcome, impact, wcag, act): issue 3, with the ACT claims this implementation honours
# (see docs/rules.md and the issue's "Honest ACT mapping").
CONTRACT = {
    "image-alt-filename": ("failed", "serious", ("1.1.1",), ("9eb3f6",)),
    "image-alt-placeholder": ("failed", "serious", ("1.1.1",), ()),
    "image-alt-redundant-prefix": ("failed", "minor", ("1.1.1",), ()),
    "image-alt-too-long": ("failed", "minor", (), ()),
    "image-alt-duplicates-caption": ("failed", "moderate", (), ()),
    "image-alt-credit": ("failed", "moderate", ("1.1.1",), ()),
    "decorative-image-captioned": ("cantTell", "moderate", ("1.1.1",), ()),
    "figure-caption-missing": ("failed", "moderate", (), ()),
    "figure-caption-empty": ("failed", "moderate", (), ()),
    "video-captions-missing": ("failed", "critical", ("1.2.2",), ()),
    "video-captions-unavailable": ("failed", "critical", ("1.2.2",), ()),
    "media-embed-captions-unverified": ("cantTell", "serious", ("1.2.2",), ()),
    "video-description-missing": ("cantTell", "serious", ("1.2.3", "1.2.5"), ("1ea59c",)),
    "audio-transcript-missing": ("failed", "serious", ("1.2.1",), ()),
    "external-content-disclaimer-missing": ("failed", "serious", (), ()),
    "external-content-disclaimer-hidden": ("failed", "serious", (), ()),
    "external-content-disclaimer-misplaced": ("failed", "moderate", (), ()),
    "media-not-loaded": ("cantTell", "serious", ("1.2.1", "1.2.2", "1.2.3"), ()),
    # issue 14: ACT-facing rules beside the house policy, each consistent with its ACT rule's examples
    # (tests/browser/test_act_examples.py, docs/act.md)
    "act-video-captions": ("cantTell", "serious", ("1.2.2",), ("f51b46",)),
    "act-video-audio-alternative": ("cantTell", "serious", ("1.2.2",), ("eac66b",)),
    "act-video-transcript": ("failed", "moderate", ("1.2.8",), ("1a02b0",)),
    "act-video-visual-alternative": ("cantTell", "serious", ("1.2.3",), ("c5a4ea",)),
    "act-video-audio-description": ("cantTell", "moderate", ("1.2.5",), ("1ea59c",)),
    "act-audio-transcript": ("failed", "serious", ("1.2.1",), ("2eb176",)),
    "act-audio-alternative": ("failed", "serious", ("1.2.1",), ("e7aa44",)),
    "act-image-hidden-decorative": ("cantTell", "moderate", ("1.1.1",), ("e88epe",)),
    "act-image-name-descriptive": ("cantTell", "moderate", ("1.1.1",), ("qt1vmo",)),
}


def test_the_rule_set_is_the_issue_s():
    assert sorted(r.meta.id for r in RULES) == sorted(CONTRACT)


@pytest.mark.parametrize("rule", RULES, ids=[r.meta.id for r in RULES])
def test_metadata_is_complete(rule):
    m = rule.meta
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", m.id)
    outcome, impact, wcag, act = CONTRACT[m.id]
    assert (m.outcome, m.impact, m.wcag, m.act) == (outcome, impact, wcag, act)
    assert m.outcome in OUTCOMES and m.impact in IMPACTS
    assert m.title.endswith(".") and m.title[0].isupper()
    for text in (m.title, m.description, m.help):
        assert len(text) >= 30 and text == text.strip()
    assert m.tags and "article" in m.tags
    assert m.passing and m.failing, "documented passing and failing examples"
    assert all(sc in CRITERIA for sc in m.wcag), "every criterion has an Understanding link"
    assert all(re.fullmatch(r"[0-9a-z]{6}", a) for a in m.act)
    for option in m.options:
        option.type.check(option.default)  # every declared default fits its declared type
        assert option.help and option.help == option.help.strip() and not option.help.endswith(".")
    assert callable(rule.evaluate)
    assert callable(rule.applies), "it declares what it applies to, so pages record passed and inapplicable"
    known = {r.meta.id for r in RULES}
    assert all(other in known and other != m.id for other in m.folds_into)


def test_shared_options_have_one_default():
    seen = {}
    for rule in RULES:
        for option in rule.meta.options:
            if option.name in seen:
                assert seen[option.name] == option, f"{option.name} is declared twice, differently"
            seen[option.name] = option
