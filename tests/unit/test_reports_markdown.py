"""The Markdown summary: short, most serious first, page text escaped."""
from __future__ import annotations

from auditor.model import PageError
from auditor.reports import markdown
from tests.fixtures.report_data import finding, page, run

EVIL = "Evil | title [click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold** `code`"


def sample():
    return run([
        page(1, [finding(), finding("color-contrast", impact="serious", target=("p",))], title="First article"),
        page(2, [finding("color-contrast", impact="serious")], title=EVIL),
        page(3, [], title="Clean"),
        page(4, status="error", error=PageError("timeout", "page not audited within 30 s")),
    ])


def test_summary_counts_rules_and_pages():
    text = markdown.render(sample(), report_path="a11y-report/index.html")
    assert text.startswith("### ❌ Accessibility audit: 3 failures on 2 of 3 audited pages, 1 not audited")
    assert "| 1 | 2 | 0 | 0 | 0 |" in text
    rules = text.split("**Failures on the most pages**", 1)[1]
    assert rules.index("`color-contrast`") < rules.index("`image-alt`")  # two pages before one
    pages = text.split("**Pages with the most serious failures**", 1)[1]
    assert pages.index("First article") < pages.index("Evil")
    assert "page not audited within 30 s" in text
    assert "a11y-report/index.html" in text
    assert len(text) < 3000


def test_page_text_cannot_add_links_html_or_table_cells():
    text = markdown.render(sample())
    row = [line for line in text.splitlines() if "Evil" in line][0]
    assert "<img" not in text and "&lt;img" in row
    assert "[click](" not in text and r"\[click\](javascript" in row
    assert row.count(" | ") == 4 and r"\|" in row  # the title's own pipe is escaped


def test_clean_run_says_so():
    text = markdown.render(run([page(1, [])]))
    assert text.startswith("### ✅ Accessibility audit: no failures on 1 audited pages")
    assert "Failures on the most pages" not in text


def test_long_lists_are_capped():
    pages = [page(n, [finding(f"rule-{n}", target=(f"#e{n}",))]) for n in range(1, 30)]
    text = markdown.render(run(pages, rules=()))
    assert "…and 24 more rules" in text and "…and 19 more pages" in text


def test_baseline_and_ignores_are_mentioned():
    import dataclasses

    p = dataclasses.replace(page(1, [finding()]), known=(finding(target=("#k",)),) * 3,
                            ignored=(finding(target=("#i",)),))
    results = dataclasses.replace(run([p]), baseline={"path": "b.json", "fixed": [{"rule": "x"}] * 2})
    text = markdown.render(results)
    assert "Baseline: 3 known findings not counted, 2 fixed since." in text
    assert "1 finding ignored by configuration." in text


def test_report_url_replaces_the_local_path_and_links_each_page_s_report():
    text = markdown.render(sample(), report_path="a11y-report/index.html",
                           report_url="https://ci.example/job/9/a11y-report/index.html")
    assert "a11y-report/index.html" not in text.replace("job/9/a11y-report/index.html", "")
    assert "[Full report](https://ci.example/job/9/a11y-report/index.html)" in text
    assert markdown.page_report("https://ci.example/job/9/a11y-report/index.html", 2) == \
        "https://ci.example/job/9/a11y-report/pages/0002.html"
    assert markdown.page_report("https://ci.example/r", 1) == "https://ci.example/r/pages/0001.html"


def test_with_a_baseline_the_new_failures_are_listed_most_serious_first_and_bounded():
    import dataclasses

    news = [finding("color-contrast", impact="minor", target=(f"#m{n}",)) for n in range(12)]
    news.insert(5, finding(impact="critical", target=("#worst",)))
    p = dataclasses.replace(page(1, news, title="Storm"), known=(finding(target=("#k",)),))
    results = dataclasses.replace(run([p]), baseline={"path": "b.json", "fixed": []})
    text = markdown.render(results, report_url="https://ci.example/r/")
    section = text.split("**New since the baseline** (13 failures, most serious first)", 1)[1].split("\n\n", 2)[1]
    lines = section.splitlines()
    assert lines[0].startswith("- **critical** `image-alt` on `#worst` ([Storm](https://ci.example/r/pages/0001.html))")
    assert len(lines) == 11 and lines[-1] == "- …and 3 more new failures"
    assert "#k" not in section  # known to the baseline: not new
    assert "New since the baseline" not in markdown.render(run([p]))  # no baseline, nothing is "new"


def test_ignored_findings_and_expired_ignores_say_which_rule_which_element_and_why():
    import dataclasses

    ignored = dataclasses.replace(finding(target=("#ad img",)),
                                  note="ignored by selector '.ad-slot': third-party ad slots; ADS-42")
    p = dataclasses.replace(page(1, [], title="Clean"), ignored=(ignored,) * 12)
    results = dataclasses.replace(run([p]), expired_ignores=(
        "rule 'color-contrast', url '*/archive/*' expired on 2026-01-31 (legacy template)",))
    text = markdown.render(results)
    section = text.split("**Ignored on purpose** (12 findings: rule, element, why)", 1)[1]
    assert "- `image-alt` on `#ad img` ([Clean](https://news.example/1.html)): selector '.ad-slot': " \
           "third-party ad slots; ADS-42" in section
    assert "- …and 2 more ignored findings; results.json lists them" in section
    assert "**Expired ignores** (no longer applied: renew or remove them)" in text
    assert "- rule 'color-contrast', url '\\*/archive/\\*' expired on 2026-01-31 (legacy template)" in text
