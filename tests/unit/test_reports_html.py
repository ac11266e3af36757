"""The HTML report from results built in code: structure, escaping, pictures, caps and size."""
from __future__ import annotations

import dataclasses
import re
import time
from html.parser import HTMLParser

import pytest

from auditor.model import PageError, RuleInfo
from auditor.reports import html, images
from auditor.rules import all_rules
from auditor.rules import axe as rules_axe
from tests.fixtures.report_data import HOSTILE, finding, page, run, write_screenshots


class Doc(HTMLParser):
    """Start tags with attributes, headings in order, and the text, of one HTML document."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def render(tmp_path, results, with_shots=True):
    if with_shots:
        write_screenshots(results, tmp_path)
    html.write(results, tmp_path)
    return tmp_path


def read(path) -> Doc:
    return Doc(path.read_text(encoding="utf-8"))


def sample():
    return run([
        page(1, [finding(), finding("color-contrast", impact="serious", target=("p.low",), html="<p>grey</p>",
                                    message="Elements must have sufficient contrast", box=(0, 0, 300, 20)),
                 finding("image-alt-filename", engine="article", impact="serious", message="The alt is DSC_0042.jpg",
                         evidence="alt 'DSC_0042.jpg'", target=("figure > img",)),
                 finding("color-contrast", outcome="cantTell", impact="serious", target=("h2",),
                         message="Contrast could not be measured", box=None)], title="Council approves lanes"),
        page(2, [finding("image-alt", impact="critical", target=("#a",)), finding(target=("#b",))], title="Second"),
        page(3, [], title="Clean page"),
        page(4, status="error", error=PageError("timeout", "page not audited within the 30 s time limit")),
    ])


def test_writes_an_index_and_one_page_report_per_audited_page(tmp_path):
    render(tmp_path, sample())
    assert (tmp_path / "index.html").is_file()
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["0001.html", "0002.html", "0003.html"]
    assert (tmp_path / "assets" / "report.css").is_file() and (tmp_path / "assets" / "report.js").is_file()
    index = read(tmp_path / "index.html")
    links = [a["href"] for a in index.all("a")]
    for name in ("pages/0001.html", "pages/0002.html", "pages/0003.html"):
        assert name in links
    assert "pages/0004.html" not in links


def test_index_counts_pages_sorts_by_severity_and_lists_pages_not_audited(tmp_path):
    render(tmp_path, sample())
    doc = read(tmp_path / "index.html")
    text = doc.plain
    assert "3 pages audited, 1 page could not be audited" in text
    rows = [a["href"] for a in doc.all("a") if (a.get("href") or "").startswith("pages/")]
    assert rows == ["pages/0002.html", "pages/0001.html", "pages/0003.html"]  # 2 critical before 1 critical
    assert "Pages that could not be audited" in text
    assert "Timed out" in text and "page not audited within the 30 s time limit" in text
    assert "Failures on the most pages" in text
    # image-alt fails on two pages, so it leads the rules table
    rules_section = text.split("Failures on the most pages", 1)[1]
    assert rules_section.index("image-alt") < rules_section.index("color-contrast")


def test_page_report_shows_failures_first_then_needs_review_grouped_by_rule(tmp_path):
    render(tmp_path, sample())
    source = (tmp_path / "pages" / "0001.html").read_text(encoding="utf-8")
    order = re.findall(r'<section class="rule[^"]*" id="([^"]+)"', source)
    assert order == ["f-image-alt", "f-color-contrast", "f-image-alt-filename", "r-color-contrast"]
    doc = Doc(source)
    text = doc.plain
    assert text.index("Failures") < text.index("Needs review") < text.index("Contrast could not be measured")
    assert "alt 'DSC_0042.jpg'" in text  # article evidence
    assert "Describe what the image shows." in text  # how to fix, from RuleInfo.help
    assert "figure > img" in text and '<img src="a.png">' in text  # selector and HTML, as text
    counts = doc.plain.split("Summary", 1)[1]
    assert "1 critical" in counts and "2 serious" in counts and "1 to review" in counts


def test_wcag_and_act_references_link_to_w3c(tmp_path):
    results = run([page(1, [finding(wcag=("1.1.1", "9.9.9"), act=("23a2a8",))])])
    render(tmp_path, results)
    hrefs = [a["href"] for a in read(tmp_path / "pages" / "0001.html").all("a")]
    assert "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html" in hrefs
    assert "https://www.w3.org/WAI/standards-guidelines/act/rules/23a2a8/" in hrefs
    # the group takes the rule's own criteria; an unknown criterion falls back to the quick reference
    unknown = run([page(1, [finding("made-up", wcag=("9.9.9",))])], rules=())
    render(tmp_path / "u", unknown)
    hrefs = [a["href"] for a in read(tmp_path / "u" / "pages" / "0001.html").all("a")]
    assert "https://www.w3.org/WAI/WCAG22/quickref/" in hrefs


@pytest.mark.parametrize("name", ["index.html", "pages/0001.html"])
def test_untrusted_page_content_is_escaped(tmp_path, name):
    hostile_rule = RuleInfo(id="image-alt", engine="axe", title=HOSTILE, description=HOSTILE, help=HOSTILE,
                            wcag=("1.1.1",), help_url="javascript:alert(1)")
    f = finding(target=(HOSTILE, "img"), html=f'<img alt="{HOSTILE}">', message=HOSTILE, evidence=HOSTILE)
    results = run([page(1, [f], title=HOSTILE, url="https://x.example/?q=<script>alert(1)</script>"),
                   page(2, status="error", url="javascript:alert(2)", error=PageError("navigation", HOSTILE))],
                  rules=[hostile_rule])
    render(tmp_path, results)
    source = (tmp_path / name).read_text(encoding="utf-8")
    doc = Doc(source)
    scripts = doc.all("script")
    assert [s.get("src") for s in scripts] in (["assets/report.js"], ["../assets/report.js"])
    assert doc.all("img") == []  # the report draws pictures with SVG; an <img> could only come from page text
    for _tag, attrs in doc.tags:
        assert not any(k.startswith("on") for k in attrs), attrs
        for key in ("href", "src"):
            assert not (attrs.get(key) or "").lower().startswith("javascript:"), attrs
    assert "window.pwned=1" in doc.plain  # shown as text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in source


def test_headings_are_in_order_and_landmarks_present(tmp_path):
    render(tmp_path, sample())
    for name in ("index.html", "pages/0001.html", "pages/0003.html"):
        doc = read(tmp_path / name)
        assert doc.headings[0] == 1 and doc.headings.count(1) == 1, name
        for before, after in zip(doc.headings, doc.headings[1:]):
            assert after <= before + 1, (name, doc.headings)
        tags = [t for t, _ in doc.tags]
        assert {"header", "main", "footer"} <= set(tags), name
        assert doc.all("html")[0]["lang"] == "en"
        for table in re.findall(r"<table.*?</table>", (tmp_path / name).read_text(), re.S):
            assert "<caption" in table and '<th scope="col"' in table


CROP = re.compile(r'<div class="crop" role="img" aria-label="([^"]+)" style="max-width: (\d+)px">'
                  r'<div class="crop-img" style="aspect-ratio: (\d+) / (\d+); background-image: url\(\'([^\']+)\'\); '
                  r'background-size: ([\d.]+)% auto; background-position: ([\d.]+)% ([\d.]+)%">'
                  r'<span class="hl" style="left: ([\d.]+)%; top: ([\d.]+)%; width: ([\d.]+)%; height: ([\d.]+)%">')


def crops(source: str) -> list[dict]:
    keys = ("label", "max", "w", "h", "href", "size", "px", "py", "l", "t", "bw", "bh")
    return [{k: (v if k in ("label", "href") else float(v)) for k, v in zip(keys, m)} for m in CROP.findall(source)]


def test_element_pictures_are_crops_of_the_page_screenshot_with_a_highlight(tmp_path):
    results = run([page(1, [finding(box=(100, 200, 40, 40)),
                            finding(target=("#gone",), box=None),
                            finding(target=("#below",), box=(0, 9000, 50, 50)),
                            finding(target=("#empty",), box=(10, 10, 0, 0))])])
    render(tmp_path, results)
    source = (tmp_path / "pages" / "0001.html").read_text(encoding="utf-8")
    (crop,) = crops(source)
    assert crop["href"] == "../screenshots/0001.jpg" and crop["max"] == crop["w"]
    # undo the CSS: where the crop sits in the 1280 x 4000 screenshot, and where the highlight sits in the crop
    w, h, image_w, image_h = crop["w"], crop["h"], 1280, 4000
    assert crop["size"] == pytest.approx(100 * image_w / w, abs=0.01)
    x = crop["px"] / 100 * (image_w - w)
    y = crop["py"] / 100 * (image_h - h)
    hx, hy = x + crop["l"] / 100 * w, y + crop["t"] / 100 * h
    gap = images.OUTLINE_GAP  # the outline circles the element, outside its box
    assert (hx, hy) == (pytest.approx(100 - gap, abs=0.5), pytest.approx(200 - gap, abs=0.5))
    assert crop["bw"] / 100 * w == pytest.approx(40 + 2 * gap, abs=0.5)
    assert crop["bh"] / 100 * h == pytest.approx(40 + 2 * gap, abs=0.5)
    assert x <= 100 and y <= 200 and x + w >= 140 and y + h >= 240
    assert crop["label"].startswith("Screenshot of element 1")
    text = Doc(source).plain
    assert "Could not be pictured: the browser gave it no box (it is hidden" in text
    assert "Could not be pictured: it is 9,000 px down the page, below the 4,000 px the screenshot holds" in text
    assert "Could not be pictured: it has no size on the page (0 x 0 px)" in text
    # the thumbnail outlines every element that has a box on the picture
    assert source.count('<span class="box') == 1


def test_missing_or_escaping_screenshots_are_explained_not_linked(tmp_path):
    results = run([page(1, [finding()]), page(2, [finding()], screenshot="../../etc/passwd"),
                   page(3, [finding()], screenshot=None)])
    render(tmp_path, results, with_shots=False)
    one = (tmp_path / "pages" / "0001.html").read_text(encoding="utf-8")
    assert "missing from the report folder" in one and 'class="crop"' not in one
    two = (tmp_path / "pages" / "0002.html").read_text(encoding="utf-8")
    assert "outside the report folder" in two
    assert not any("passwd" in (attrs.get("href") or "") for _t, attrs in Doc(two).tags)
    assert "background-image" not in two
    three = (tmp_path / "pages" / "0003.html").read_text(encoding="utf-8")
    assert "No screenshots were taken" in three


def test_500_findings_of_one_rule_make_ten_pictures_and_say_how_many_more(tmp_path):
    many = [finding(target=(f"li:nth-child({i})",), box=(0, i * 20, 200, 18), html=f"<li>{i}</li>")
            for i in range(500)]
    render(tmp_path, run([page(1, many)]))
    source = (tmp_path / "pages" / "0001.html").read_text(encoding="utf-8")
    assert len(crops(source)) == source.count('class="crop"') == html.PICTURES_PER_RULE == 10
    assert "100 more elements without pictures" in Doc(source).plain
    assert "390 more elements not listed here" in Doc(source).plain
    assert len(source) < 300_000


def test_130_pages_keep_the_index_under_2_mb(tmp_path):
    rules = ["image-alt", "color-contrast", "image-alt-filename", "syndicated-disclaimer"] + \
            [f"axe-rule-{i}" for i in range(20)]
    pages = []
    for n in range(1, 131):
        found = [finding(rules[(n + i) % len(rules)], impact=("critical", "serious", "moderate", "minor")[i % 4],
                         outcome="cantTell" if i % 7 == 0 else "failed",
                         target=(f"article > p:nth-child({i})",), box=(10, i * 30, 300, 24),
                         html=f"<p class='x'>{'words ' * 30}</p>", evidence="dateline '(Reuters)'")
                 for i in range(60)]
        pages.append(page(n, found, title=f"Article {n}: " + "a fairly long headline " * 3))
    pages += [page(131 + i, status="error") for i in range(5)]
    results = run(pages)
    write_screenshots(results, tmp_path, height=16000)
    t0 = time.monotonic()
    html.write(results, tmp_path)
    elapsed = time.monotonic() - t0
    index = tmp_path / "index.html"
    assert index.stat().st_size < 2_000_000
    assert len(list((tmp_path / "pages").glob("*.html"))) == 130
    assert max(p.stat().st_size for p in (tmp_path / "pages").glob("*.html")) < 1_000_000
    assert elapsed < 30, f"rendering 130 pages took {elapsed:.1f} s"


def test_rendering_again_removes_page_reports_of_an_earlier_longer_run(tmp_path):
    render(tmp_path, sample())
    (tmp_path / "pages" / "notes.html").write_text("mine")
    render(tmp_path, run([page(1, [finding()])]))
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["0001.html", "notes.html"]


def test_filter_controls_are_hidden_until_the_script_shows_them(tmp_path):
    render(tmp_path, sample())
    for name in ("index.html", "pages/0001.html"):
        doc = read(tmp_path / name)
        forms = doc.all("form")
        assert len(forms) == 1 and "hidden" in forms[0]
        rule_options = [o["value"] for o in doc.all("option")]
        assert "image-alt" in rule_options and "" in rule_options


def test_untitled_pages_are_named_by_their_url(tmp_path):
    render(tmp_path, run([page(1, [finding()], title="  ")]))
    doc = read(tmp_path / "index.html")
    link = [a for a in doc.all("a") if a.get("href") == "pages/0001.html"]
    assert link
    assert "https://news.example/1.html" in doc.plain


def test_image_size_reads_jpeg_and_png_headers_and_rejects_others(tmp_path):
    from tests.fixtures.report_data import jpeg_header

    (tmp_path / "a.jpg").write_bytes(jpeg_header(1280, 16000))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (390).to_bytes(4, "big") + (844).to_bytes(4, "big")
    (tmp_path / "b.png").write_bytes(png + b"\x08\x02\x00\x00\x00")
    (tmp_path / "c.txt").write_text("not an image")
    (tmp_path / "d.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00")
    assert images.image_size(tmp_path / "a.jpg") == (1280, 16000)
    assert images.image_size(tmp_path / "b.png") == (390, 844)
    assert images.image_size(tmp_path / "c.txt") is None
    assert images.image_size(tmp_path / "d.jpg") is None
    assert images.image_size(tmp_path / "missing.jpg") is None


@pytest.mark.parametrize("box", [(0, 0, 10, 10), (1270, 15990, 10, 10), (0, 100, 1280, 9000), (600, 600, 2, 2),
                                 (-50, -50, 100, 100)])
def test_crops_hold_the_element_and_stay_inside_the_picture(box):
    size = (1280, 16000)
    visible = images.visible_box(box, size)
    crop = images.crop_around(visible, size)
    assert 0 <= crop.x and 0 <= crop.y and crop.x + crop.w <= size[0] and crop.y + crop.h <= size[1]
    assert crop.x <= visible.x and crop.x + crop.w >= visible.x + visible.w
    assert crop.y <= visible.y and crop.h <= images.MAX_H
    if visible.h + 2 * images.PAD <= images.MAX_H:
        assert crop.y + crop.h >= visible.y + visible.h


def test_a_content_security_policy_forbids_inline_script(tmp_path):
    render(tmp_path, sample())
    for name in ("index.html", "pages/0001.html"):
        metas = [m for m in read(tmp_path / name).all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        (policy,) = [m["content"] for m in metas]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "object-src 'none'" in policy


def test_evidence_shared_by_every_element_of_a_rule_is_said_once(tmp_path):
    same = [finding(target=(f"#i{i}",), evidence="Fix any of the following: no alt") for i in range(3)]
    own = [finding("color-contrast", impact="serious", target=(f"#p{i}",), evidence=f"ratio 2.{i}:1")
           for i in range(2)]
    render(tmp_path, run([page(1, same + own)]))
    text = read(tmp_path / "pages" / "0001.html").plain
    assert text.count("Fix any of the following: no alt") == 1 and "the same for every element" in text
    assert "ratio 2.0:1" in text and "ratio 2.1:1" in text


def test_findings_left_out_by_baseline_or_ignores_are_counted_not_shown(tmp_path):
    import dataclasses

    p = dataclasses.replace(page(1, [finding()]), known=(finding(target=("#k",)),) * 2,
                            ignored=(finding(target=("#i",)),))
    results = dataclasses.replace(run([p]), baseline={"path": "baseline.json", "fixed": [{}]})
    render(tmp_path, results)
    index = read(tmp_path / "index.html").plain
    assert "Compared with baseline.json: 2 known findings not shown, 1 fixed since." in index
    assert "1 finding ignored by configuration is not shown." in index
    text = read(tmp_path / "pages" / "0001.html").plain
    assert "Not shown: 2 findings already in the baseline; 1 finding ignored by configuration ( listed below )." in text
    assert "#k" not in text


def test_ignored_findings_say_which_rule_which_element_and_why_and_expired_ignores_are_shown(tmp_path):
    import dataclasses

    ig = dataclasses.replace(finding(target=("#ad img",)), note="ignored by selector '.ad-slot': ad slots; ADS-42")
    pages = [dataclasses.replace(page(1, [finding()], title="Storm"), ignored=(ig,)),
             dataclasses.replace(page(2, [], title="Quiet"), ignored=(ig,) * (html.IGNORED_LISTED + 5))]
    results = dataclasses.replace(run(pages), expired_ignores=("rule 'color-contrast' expired on 2026-01-31 (legacy)",))
    render(tmp_path, results)
    index = read(tmp_path / "index.html")
    text = index.plain
    assert "1 ignore expired" in text and "rule 'color-contrast' expired on 2026-01-31 (legacy)" in text
    assert "Ignored on purpose" in text and "Storm image-alt Critical #ad img selector '.ad-slot': ad slots; ADS-42" in text
    assert "…and 6 more ignored findings" in text  # 1 + 205 ignored, 200 listed
    page_text = read(tmp_path / "pages" / "0001.html").plain
    assert "Ignored on purpose" in page_text and "image-alt Critical #ad img selector '.ad-slot': ad slots" in page_text
    assert "expired" not in read(tmp_path / "pages" / "0002.html").plain


def test_the_highlight_stays_inside_its_picture(tmp_path):
    render(tmp_path, run([page(1, [finding(target=("article",), box=(0, 100, 1400, 3000))])]))
    (crop,) = crops((tmp_path / "pages" / "0001.html").read_text(encoding="utf-8"))
    assert crop["l"] >= 0 and crop["t"] >= 0
    assert crop["l"] + crop["bw"] <= 100.001 and crop["t"] + crop["bh"] <= 100.001


def test_rule_documentation_links_open_the_bundled_reference_or_deques_page(tmp_path):
    results = dataclasses.replace(sample(), rules=(
        RuleInfo("color-contrast", "axe", "Elements must meet contrast",
                 help_url="https://dequeuniversity.com/rules/axe/4.12/color-contrast"),
        RuleInfo("image-alt-filename", "article", "Alt text is a file name",
                 help_url="https://github.com/nowhere/docs/rules.md#image-alt-filename")))
    render(tmp_path, results)
    page_links = {a["href"] for a in read(tmp_path / "pages" / html.page_file(1)).all("a")}
    assert "../rules.html#image-alt-filename" in page_links  # not the URL the results carry
    assert "https://dequeuniversity.com/rules/axe/4.12/color-contrast" in page_links
    reference = read(tmp_path / "rules.html")
    ids = {a.get("id") for _, a in reference.tags}
    assert {r.meta.id for r in all_rules()} <= ids  # every article rule has its anchor
    assert "color-contrast" in ids  # and the axe rules this run checked
    assert "https://dequeuniversity.com/rules/axe/4.12/color-contrast" in {a["href"] for a in reference.all("a")}
    assert "How to fix." in reference.plain and "Why it matters." in reference.plain


def test_axe_how_to_fix_is_axes_help_and_its_failed_checks_one_a_line(tmp_path):
    summary = ("Fix any of the following:\n  Element does not have an alt attribute\n"
               "  aria-label attribute does not exist or is empty\nFix all of the following:\n  Element is not hidden")
    checks = rules_axe.checks(summary)
    one = dataclasses.replace(finding(target=("#one",)), evidence=" ".join(summary.split()), checks=checks)
    other = dataclasses.replace(finding(target=("#two",)), evidence="Fix any of the following: Element is empty",
                                checks=rules_axe.checks("Fix any of the following:\n  Element is empty"))
    results = dataclasses.replace(run([page(1, [one, other])]), rules=(
        RuleInfo("image-alt", "axe", "Images must have alternative text", help="Images must have alternative text",
                 description="Ensures <img> elements have alternative text"),))
    render(tmp_path, results)
    text = (tmp_path / "pages" / html.page_file(1)).read_text(encoding="utf-8")
    doc = Doc(text)
    assert "How to fix: Images must have alternative text" in doc.plain
    assert "the evidence says which" not in doc.plain  # the generic sentence is gone
    items = re.findall(r"<li>([^<]*)</li>", text)
    assert items[:4] == ["Element does not have an alt attribute", "aria-label attribute does not exist or is empty",
                         "Element is not hidden", "Element is empty"]  # one check a line, in its group
    assert text.count('class="checks-h"') == 3
    assert "Evidence" not in doc.plain  # the folded line is not repeated beside its structured form


@pytest.mark.parametrize("box", [(600, 600, 1, 1), (0, 800, 1280, 2), (140, 300, 1000, 20), (100, 200, 300, 18)])
def test_tiny_thin_and_wide_elements_get_a_crop_with_context_and_an_outline_around_them(box):
    size = (1280, 4000)
    visible = images.visible_box(box, size)
    crop = images.crop_around(visible, size)
    assert crop.h >= images.MIN_H and crop.w <= images.MAX_ASPECT * crop.h + 1  # never a sliver
    assert crop.y < visible.y and crop.y + crop.h > visible.y + visible.h  # page above and below it
    outline = images.outline_around(visible)
    assert outline.w >= images.MIN_OUTLINE and outline.h >= images.MIN_OUTLINE
    assert outline.x < visible.x and outline.y < visible.y  # around the box, not over its letters
    assert outline.x + outline.w > visible.x + visible.w and outline.y + outline.h > visible.y + visible.h


def test_thumbnail_outlines_carry_what_the_filters_match_and_failures_are_drawn_last(tmp_path):
    render(tmp_path, run([page(1, [finding("color-contrast", outcome="cantTell", impact="serious", box=(0, 0, 50, 50)),
                                   finding(box=(10, 10, 20, 20))])]))
    source = (tmp_path / "pages" / "0001.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<span class="box (\w+)" data-rule="([\w-]+)" data-engine="(\w+)" data-impact="(\w+)"', source)
    assert boxes == [("review", "color-contrast", "axe", "serious"), ("critical", "image-alt", "axe", "critical")]


def test_what_was_checked_lists_the_rules_that_passed_and_those_that_did_not_apply(tmp_path):
    import dataclasses

    from auditor.model import RuleOutcome

    checked = dataclasses.replace(page(1, [finding()]), rules=(
        RuleOutcome("image-alt", "axe", "failed", checked=3, passed=2, failed=1),
        RuleOutcome("color-contrast", "axe", "passed", checked=40, passed=40),
        RuleOutcome("image-alt-filename", "article", "passed", checked=2, passed=2),
        RuleOutcome("syndicated-disclaimer", "article", "inapplicable", checked=0, passed=0)))
    out = render(tmp_path, run([checked, page(2)]))
    doc = read(out / "pages" / "0001.html")
    text = doc.plain
    section = text[text.index("What was checked"):]
    assert "Passed: 2 rules" in section and "Did not apply: 1 rule" in section
    assert "color-contrast · axe-core · 40 elements checked" in section
    assert "image-alt-filename · Article rule · 2 elements checked · ACT 9eb3f6" in section
    assert "syndicated-disclaimer" in section and "image-alt ·" not in section  # the failed rule is above, not here
    assert len(doc.all("details")) >= 2 and len(doc.all("summary")) >= 2
    assert "no rule outcomes" in read(out / "pages" / "0002.html").plain
