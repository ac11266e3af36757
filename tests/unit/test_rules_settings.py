"""Article-rule settings: every key is some rule's option, every value has the default's shape."""
import pytest

from auditor.errors import ConfigError
from auditor.facts import KINDS, PageFacts, with_required
from auditor.model import Artifacts
from auditor.rules import all_rules
from auditor.rules.page_args import PAGE_ARGS
from auditor.rules.runner import judge, option_defaults, page_requests, rule_options, validate_rule_settings


def test_defaults_validate():
    validate_rule_settings(option_defaults())
    validate_rule_settings({})


@pytest.mark.parametrize("settings, key", [
    ({"max_alt_lenght": 100}, "max_alt_lenght"),
    ({"max_alt_length": "150"}, "max_alt_length"),
    ({"max_alt_length": 0}, "max_alt_length"),
    ({"max_alt_length": True}, "max_alt_length"),
    ({"require_captions": "always"}, "require_captions"),
    ({"video_captions": "yes"}, "video_captions"),
    ({"disclaimer_position": "after"}, "disclaimer_position"),
    ({"own_domains": "example.org"}, "own_domains"),
    ({"own_domains": ["example.org", 3]}, "own_domains"),
    ({"placeholder_words": ["image"]}, "placeholder_words"),
    ({"placeholder_words": {"nl": "afbeelding"}}, "placeholder_words"),
    ({"disclaimer_patterns": {"en": ["(unclosed"]}}, "disclaimer_patterns"),
    ({"disclaimer_patterns": {"en": ["(?i)external partners"]}}, "disclaimer_patterns"),
    ({"credit_patterns": ["[a-"]}, "credit_patterns"),
    ({"caption_min_image_size": [200]}, "caption_min_image_size"),
    ({"partner_selectors": [" "]}, "partner_selectors"),
])
def test_bad_values_name_the_key(settings, key):
    with pytest.raises(ConfigError) as err:
        validate_rule_settings(settings)
    assert key in str(err.value)


def test_good_values_pass():
    validate_rule_settings({"max_alt_length": 200, "require_captions": "article-images", "video_captions": "review",
                            "own_domains": ["example.org", "example.com"], "partner_names": ["Acme Wire"],
                            "placeholder_words": {"nl": ["afbeelding"]}, "disclaimer_position": "anywhere",
                            "disclaimer_patterns": {"nl": ["afkomstig van externe partners"]},
                            "caption_min_image_size": [300, 200], "partner_selectors": [".partner-feed"]})


def test_rule_options_pick_settings_over_defaults():
    rule = next(r for r in all_rules() if r.meta.id == "image-alt-too-long")
    assert rule_options(rule, {"max_alt_length": 90, "video_captions": "review"}) == {"max_alt_length": 90}
    assert rule_options(rule, {}) == {"max_alt_length": 150}


def test_page_requests_carry_patterns_and_selectors():
    requests = page_requests({"partner_selectors": [".wire"], "open_caption_selectors": [".open-cc video"],
                              "disclaimer_patterns": {"nl": ["externe partners"]}})
    assert requests["partners"]["selectors"] == [".wire"]
    assert requests["media"]["openCaptionSelectors"] == ['[data-captions="open" i]', ".open-cc video"]
    assert "externe partners" in requests["disclaimers"]["patterns"]
    assert any("external" in p for p in requests["disclaimers"]["patterns"]), "the defaults of other languages stay"
    assert page_requests()["partners"]["selectors"] == []


def test_page_requests_hold_what_the_selected_rules_need():
    by_id = {r.meta.id: r for r in all_rules()}
    assert list(page_requests({}, (by_id["image-alt-filename"],))) == ["figures", "images"], "images need figures"
    assert list(page_requests({}, (by_id["media-embed-captions-unverified"],))) == ["frames"]
    assert page_requests({}, ()) == {}
    assert list(page_requests()) == [k.name for k in KINDS], "all rules together need every kind"


def test_every_kind_gets_the_arguments_its_script_declares():
    for kind in KINDS:
        assert sorted(a.name for a in PAGE_ARGS if a.kind == kind.name) == sorted(kind.args), kind.name
    assert {o for a in PAGE_ARGS for o in a.reads} <= set(option_defaults())


def test_every_rule_names_the_facts_it_reads():
    for rule in all_rules():
        assert rule.meta.facts and with_required(rule.meta.facts), rule.meta.id


def test_a_rule_judged_without_its_facts_is_an_error_not_a_pass():
    bare = Artifacts(requested_url="https://x/", url="https://x/", http_status=200, title="t",
                     axe={"violations": [], "incomplete": []}, article=PageFacts(kinds=("meta",)))
    found, errors = judge(bare)
    assert not found
    assert {e.rule for e in errors} == {r.meta.id for r in all_rules()}
    assert all("needs page facts these artifacts do not hold" in e.message for e in errors)
