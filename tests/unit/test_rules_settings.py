"""Article-rule settings: every key is some rule's option, every value has the default's shape."""
import pytest

from auditor.errors import ConfigError
from auditor.rules.runner import collector_args, option_defaults, rule_options, validate_rule_settings
from auditor.rules import all_rules


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


def test_collector_args_carry_patterns_and_selectors():
    args = collector_args({"partner_selectors": [".wire"], "open_caption_selectors": [".open-cc video"],
                           "disclaimer_patterns": {"nl": ["externe partners"]}})
    assert args["partnerSelectors"] == [".wire"]
    assert args["openCaptionSelectors"] == [".open-cc video"]
    assert "externe partners" in args["disclaimerPatterns"]
    assert any("external" in p for p in args["disclaimerPatterns"]), "the defaults of other languages stay"
    assert collector_args()["partnerSelectors"] == []
