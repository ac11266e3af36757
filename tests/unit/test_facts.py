"""Typed page facts: JSON round trips, strict and tolerant loading, the generated schema, and
artifacts files of the previous schema (auditor/artifacts@1) judged as before."""
import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.facts import (
    KIND_NAMES,
    KINDS,
    FactError,
    FrameFact,
    ImageFact,
    PageFacts,
    TextFacts,
    from_v1,
    with_required,
)
from auditor.facts.schema import artifacts_schema, page_facts_schema, text
from auditor.model import ARTIFACTS_SCHEMA, Artifacts
from auditor.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "fixtures" / "artifacts" / "v1"
V1_FINDINGS = ROOT / "tests" / "fixtures" / "artifacts" / "v1-findings.json"


def v1_files():
    return sorted(V1.glob("*.json"))


def test_the_committed_artifacts_schema_is_current():
    assert (ROOT / "docs" / "artifacts.schema.json").read_text(encoding="utf-8") == text(), (
        "docs/artifacts.schema.json is stale: run `python -m auditor.facts.schema > docs/artifacts.schema.json`")


def test_the_schemas_are_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(artifacts_schema())
    jsonschema.Draft202012Validator.check_schema(page_facts_schema())


def test_records_round_trip_through_json_exactly():
    raw = json.loads(v1_files()[0].read_text(encoding="utf-8"))
    facts = Artifacts.from_dict(raw).article
    assert facts.images and facts.figures and facts.videos, "the fixture has facts of several kinds"
    data = json.loads(json.dumps(facts.to_dict()))
    assert PageFacts.from_dict(data, strict=True) == facts
    assert PageFacts.from_dict(data).to_dict() == data
    jsonschema.validate(data, page_facts_schema())


def test_lists_are_tuples_and_records_are_frozen():
    image = ImageFact.from_dict({"srcset": ["a.jpg", "b.jpg"], "describedby": [{"id": "c", "text": "C"}]})
    assert image.srcset == ("a.jpg", "b.jpg") and image.describedby[0].text == "C"
    with pytest.raises(AttributeError):
        image.name = "changed"  # type: ignore[misc]


def test_tolerant_loading_fills_defaults_and_ignores_unknown_keys():
    image = ImageFact.from_dict({"name": "A harbour", "from_a_newer_version": 1})
    assert (image.name, image.visible, image.src, image.link) == ("A harbour", False, None, None)


def test_strict_loading_names_the_record_and_the_field():
    with pytest.raises(FactError, match=r"ImageFact has no field 'nmae'"):
        ImageFact.from_dict({"nmae": "A harbour"}, strict=True)
    with pytest.raises(FactError, match=r"PageFacts.texts.blocks\[0\].order: 'first' is not"):
        PageFacts.from_dict({"texts": {"blocks": [{"order": "first"}]}}, strict=True)
    with pytest.raises(FactError, match=r"PageFacts.images: expected a list"):
        PageFacts.from_dict({"images": {"selector": "img"}}, strict=True)


def test_a_typo_in_an_attribute_is_an_error_not_none():
    with pytest.raises(AttributeError):
        ImageFact().nmae  # type: ignore[attr-defined]  # noqa: B018 - the access is the test


def test_every_kind_fills_its_own_fields_and_every_collected_field_has_a_kind():
    collected = {f.name for f in dataclasses.fields(PageFacts) if f.metadata.get("collected")}
    filled = [name for k in KINDS for name in k.fields]
    assert sorted(filled) == sorted(collected), "each collected field is filled by exactly one kind"
    for k in KINDS:
        assert set(k.requires) < set(KIND_NAMES) and KIND_NAMES.index(k.name) > max(
            (KIND_NAMES.index(r) for r in k.requires), default=-1), "a kind is collected after what it requires"
        assert (ROOT / "auditor" / "js" / "facts" / k.script).is_file()


def test_kinds_pull_in_the_kinds_they_require_in_collection_order():
    assert with_required(("images",)) == ("figures", "images")
    assert with_required({"disclaimers", "meta"}) == ("meta", "disclaimers")
    with pytest.raises(KeyError, match="unknown kind of page fact 'imagez'"):
        with_required(("imagez",))


def test_version_1_facts_are_regrouped():
    old = {"version": 1, "lang": "en", "root": {"selector": "article", "html": "<article>", "source": "article", "order": 1},
           "article_start": 4,
           "frames": [{"selector": "#p", "tag": "div", "marker": True, "class": "jwplayer", "src": None}],
           "headings": [{"text": "Transcript", "order": 2}], "controls": [{"text": "Read", "href": None, "tag": "button"}],
           "transcript_blocks": [], "text": {"start": "GENEVA (Reuters) -", "bylines": [{"selector": "#by", "html": "<p>", "text": "By Jo"}],
                                             "blocks": [{"selector": "#b", "tag": "p", "text": "x", "where": "start", "order": 4}]}}
    facts = from_v1(old)
    assert facts.kinds == KIND_NAMES
    assert facts.frames == (FrameFact(selector="#p", tag="div", class_name="jwplayer"),) and facts.frames[0].placeholder
    assert facts.texts.headings[0].text == "Transcript" and facts.texts.controls[0].tag == "button"
    assert facts.texts.start == "GENEVA (Reuters) -" and facts.texts.bylines[0].text == "By Jo"
    assert facts.article_start == 4, "derived from the first start block, as the old collector did"
    assert from_v1(None) == PageFacts(kinds=KIND_NAMES, texts=TextFacts())


def test_version_1_artifacts_load_and_version_2_is_written():
    raw = json.loads(v1_files()[0].read_text(encoding="utf-8"))
    assert raw["schema"] == "auditor/artifacts@1"
    artifacts = Artifacts.from_dict(raw)
    assert artifacts.schema == ARTIFACTS_SCHEMA == "auditor/artifacts@2"
    saved = json.loads(json.dumps(artifacts.to_dict()))
    jsonschema.validate(saved, artifacts_schema())
    assert Artifacts.from_dict(saved).article == artifacts.article


@pytest.mark.parametrize("schema", ["auditor/artifacts@3", "auditor/artifacts@0", None])
def test_other_schemas_are_refused_naming_the_one_found_and_the_supported(schema):
    with pytest.raises(ValueError) as err:
        Artifacts.from_dict({"schema": schema, "article": {}})
    message = str(err.value)
    assert repr(schema) in message and "auditor/artifacts@1" in message and "auditor/artifacts@2" in message
    assert "\n" not in message


LATER_RULES = {r.meta.id for r in all_rules() if "act" in r.meta.tags} | {"media-not-loaded"}


def test_version_1_artifacts_are_judged_as_the_old_code_judged_them(tmp_path):
    expected = json.loads(V1_FINDINGS.read_text(encoding="utf-8"))
    out = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["audit", "--no-config", "--from-artifacts", str(V1), "--json", str(out),
                                       "--fail-on", "none", "-q"])
    assert result.exit_code == 0, result.output
    pages = json.loads(out.read_text(encoding="utf-8"))["pages"]
    assert [p["status"] for p in pages] == ["audited"] * len(expected)
    # The ACT-facing rules came later and add their own findings; the house rules judge as before.
    assert [[[f["rule"], f["outcome"], f["target"], f["message"], f.get("evidence")] for f in p["findings"]
             if f["rule"] not in LATER_RULES] for p in pages] == [e["findings"] for e in expected]
    assert any(f["rule"] in LATER_RULES for p in pages for f in p["findings"])


def test_an_artifacts_file_of_another_schema_becomes_a_page_error(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"schema": "auditor/artifacts@9", "article": {}}), encoding="utf-8")
    out = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["audit", "--no-config", "--from-artifacts", str(tmp_path), "--json", str(out),
                                       "--fail-on", "none", "-q"])
    [page] = json.loads(out.read_text(encoding="utf-8"))["pages"]
    assert result.exit_code == 3 and page["status"] == "error"
    assert "schema 'auditor/artifacts@9'; supported: auditor/artifacts@1, auditor/artifacts@2" in page["error"]["message"]
