"""What was checked on a page (pages[].rules): each rule's outcome and counts, axe's and the article
rules', and findings of ACT-facing rules folded into the finding that already tells the problem."""
from __future__ import annotations

from auditor.facts import KIND_NAMES, PageFacts
from auditor.model import Artifacts, Finding, PageResult, RuleOutcome
from auditor.rules import axe
from auditor.rules.base import RuleMeta, rule
from auditor.rules.folding import fold
from auditor.rules.runner import judge_page


def artifacts(images=(), axe_data=None, skipped=()):
    facts = PageFacts.from_dict({"kinds": list(KIND_NAMES), "images": [
        {"selector": f"#i{n}", "html": "<img>", "visible": True, "css_shown": True, "on_screen": True, **img}
        for n, img in enumerate(images)]})
    return Artifacts(requested_url="https://news.example/a", url="https://news.example/a", http_status=200,
                     title="A", axe=axe_data or {"violations": [], "incomplete": []}, article=facts,
                     axe_skipped=list(skipped))


def outcome(result, rule_id):
    return next(o for o in result.outcomes if o.rule == rule_id)


def test_an_article_rule_counts_what_it_checked_passed_and_failed():
    result = judge_page(artifacts([{"alt": "A harbour at dusk", "name": "A harbour at dusk"},
                                   {"alt": "DSC_0042.jpg", "name": "DSC_0042.jpg"},
                                   {"alt": "Boats", "name": "Boats"}]))
    assert outcome(result, "image-alt-filename") == RuleOutcome("image-alt-filename", "article", "failed",
                                                                checked=3, passed=2, failed=1, cantTell=0)
    assert outcome(result, "image-alt-too-long") == RuleOutcome("image-alt-too-long", "article", "passed",
                                                                checked=3, passed=3)


def test_nothing_to_check_is_inapplicable_not_passed():
    result = judge_page(artifacts([]))
    assert outcome(result, "image-alt-filename").outcome == "inapplicable"
    assert outcome(result, "image-alt-filename").checked == 0
    assert outcome(result, "video-captions-missing").outcome == "inapplicable"


def test_a_crashed_rule_records_no_outcome():
    @rule(RuleMeta(id="boom-rule", title="Boom.", impact="minor", description="d", help="h"),
          applies=lambda a, o: [1])
    def boom(a, o):
        raise RuntimeError("kaputt")
    result = judge_page(artifacts([]), rules=(boom,))
    assert [e.rule for e in result.errors] == ["boom-rule"]
    assert not any(o.rule == "boom-rule" for o in result.outcomes)


AXE = {
    "violations": [{"id": "image-alt", "tags": [], "nodes": [{"target": ["#a"], "html": "<img>"}]}],
    "incomplete": [{"id": "color-contrast", "tags": [], "nodes": [{"target": ["p"], "html": "<p>"},
                                                                  {"target": ["h2"], "html": "<h2>"}]}],
    "counts": {"image-alt": {"passed": 4, "failed": 1, "cantTell": 0},
               "color-contrast": {"passed": 30, "failed": 0, "cantTell": 2},
               "html-has-lang": {"passed": 1, "failed": 0, "cantTell": 0},
               "video-caption": {"passed": 0, "failed": 0, "cantTell": 0}},
}


def test_axe_rules_take_their_outcome_and_counts_from_axe():
    found = {o.rule: o for o in axe.rule_outcomes(artifacts(axe_data=AXE))}
    assert found["image-alt"] == RuleOutcome("image-alt", "axe", "failed", checked=5, passed=4, failed=1)
    assert found["color-contrast"].outcome == "cantTell" and found["color-contrast"].cantTell == 2
    assert found["html-has-lang"].outcome == "passed" and found["html-has-lang"].checked == 1
    assert found["video-caption"].outcome == "inapplicable" and found["video-caption"].checked == 0


def test_artifacts_without_axe_counts_give_only_what_axe_reported_uncounted():
    old = {k: v for k, v in AXE.items() if k != "counts"}
    found = {o.rule: o for o in axe.rule_outcomes(artifacts(axe_data=old))}
    assert set(found) == {"image-alt", "color-contrast"}
    assert found["image-alt"].passed is None and found["image-alt"].checked is None
    assert found["image-alt"].outcome == "failed"


def test_an_axe_rule_that_did_not_finish_is_cant_tell():
    skipped = [{"rule": "color-contrast", "reason": "budget", "tags": [], "actIds": []}]
    found = {o.rule: o for o in axe.rule_outcomes(artifacts(axe_data=AXE, skipped=skipped))}
    assert found["color-contrast"].outcome == "cantTell"


def test_rule_outcomes_round_trip_through_the_results():
    page = PageResult(requested_url="u", url="u", status="audited",
                      rules=(RuleOutcome("image-alt", "axe", "passed", checked=2, passed=2),))
    assert PageResult.from_dict(page.to_dict()).rules == page.rules


# ---- folding ---------------------------------------------------------------------------------

def _finding(rule_id, target="#v", outcome="failed"):
    return Finding(rule=rule_id, engine="article", outcome=outcome, impact="serious", wcag=(), act=(),
                   target=(target,), html="<video>", message=rule_id, help_url="")


def _rules(**into):
    return [rule(RuleMeta(id=rid, title="T.", impact="minor", description="d", help="h",
                          folds_into=tuple(targets)))(lambda a, o: ()) for rid, targets in into.items()]


def test_an_act_finding_folds_into_the_house_finding_on_the_same_element():
    rules = _rules(house=(), act_a=("house",), act_b=("house", "act_a"))
    found = [_finding("act_b", outcome="cantTell"), _finding("house"), _finding("act_a", outcome="cantTell"),
             _finding("act_a", "#other", "cantTell")]
    kept = fold(found, rules)
    assert [(f.rule, f.target) for f in kept] == [("house", ("#v",)), ("act_a", ("#other",))]
    assert [f.rule for f in kept[0].also] == ["act_a", "act_b"]


def test_without_a_house_finding_the_act_findings_fold_into_each_other():
    rules = _rules(house=(), act_a=("house",), act_b=("house", "act_a"))
    kept = fold([_finding("act_b", outcome="cantTell"), _finding("act_a", outcome="cantTell")], rules)
    assert [f.rule for f in kept] == ["act_a"] and [f.rule for f in kept[0].also] == ["act_b"]


def test_house_findings_never_fold():
    rules = _rules(house=(), other_house=())
    found = [_finding("house"), _finding("other_house")]
    assert fold(found, rules) == found


def test_a_folded_finding_round_trips_through_the_results():
    host = _finding("house")
    host = Finding(**{**host.__dict__, "also": (_finding("act_a", outcome="cantTell"),)})
    assert Finding.from_dict(host.to_dict()) == host
