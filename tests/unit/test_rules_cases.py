"""Every rule family's cases (tests/unit/cases/<family>.json), run as data through one test."""
import pytest

from auditor.facts import FactError
from tests.unit.cases import loader

CASES = [(family, case) for family in loader.FAMILIES for case in loader.load(family)[1]]


@pytest.mark.parametrize("family, case", CASES, ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_case(family, case):
    data, _ = loader.load(family)
    found, outcomes = loader.judged(family, data, case)
    assert found == loader.expected(case)
    for rule, outcome in (case.get("rules") or {}).items():
        assert outcomes.get(rule) == outcome, f"{rule} on this page: {outcomes.get(rule)}, expected {outcome}"


def test_every_family_has_cases_naming_passed_and_inapplicable_outcomes():
    named = {outcome for family in loader.FAMILIES for case in loader.load(family)[1]
             for outcome in (case.get("rules") or {}).values()}
    assert {"passed", "inapplicable", "failed"} <= named


def test_every_family_has_cases():
    families = {r.evaluate.__module__.rsplit(".", 1)[1] for r in loader.all_rules()}
    assert families == set(loader.FAMILIES)


def test_a_case_naming_a_field_the_fact_does_not_have_fails():
    data, cases = loader.load("alt_text")
    typo = {"name": "typo", "article": {"images": [{"alt": "A harbour", "nmae": "A harbour"}]}, "expect": []}
    with pytest.raises(FactError, match=r"PageFacts.images\[0\] \(ImageFact\) has no field 'nmae'"):
        loader.run("alt_text", data, typo)


def test_a_case_with_a_value_of_the_wrong_type_fails():
    data, _ = loader.load("captions")
    wrong = {"name": "wrong", "article": {"figures": [{"media": [{"kind": "img", "width": "wide"}]}]}, "expect": []}
    with pytest.raises(FactError, match=r"PageFacts.figures\[0\].media\[0\].width"):
        loader.run("captions", data, wrong)
