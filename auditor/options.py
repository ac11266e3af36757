"""The one table of settings. Each entry is a setting's name, type, default and help, and from
it come: the `Settings` field, the configuration key, the `AUDITOR_*` environment variable, the
flag(s) of every command that takes it, `auditor config`, `auditor init` and docs/settings.md.

Adding a setting is one entry here, plus the code that uses it. The report formats add one
entry each from the writer registry (reports/registry.py): `--json FILE`, `json = "…"`,
`AUDITOR_JSON`, and so on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from auditor.actions import Actions, Selector
from auditor.consent import CONSENT_MODES, DEFAULT_MODE
from auditor.errors import ConfigError
from auditor.model import IMPACTS
from auditor.sitemaps import DEFAULT_MAX_FETCHES, DEFAULT_MAX_PAGES
from auditor.values import Bool, Choice, FilePath, Float, Int, Invalid, Pairs, Text, ValueType, Words

# Variables the auditor reads that are not settings (the rest of AUDITOR_* are: see OPTIONS).
OTHER_VARIABLES = {
    "AUDITOR_TOKEN": "`auditor serve`: the bearer token the API and the web page require",
    "AUDITOR_DEBUG": "show a traceback for internal errors, as --debug does",
}

FAIL_ON = (*IMPACTS, "none")

# Which commands take an option. `config` takes every one, to show what flags would change.
AUDIT = ("audit", "config")
RESULTS = ("audit", "report", "merge", "config")  # commands that write a run's results
EVERY_WRITER = RESULTS + ("diff",)  # and `diff`, for what fits its result

# --help sections, in the order they are shown.
GROUPS = ("Output", "Gate", "Check", "Page", "Target", "Browser", "Service", "Run", "Configuration")


@dataclass(frozen=True)
class Option:
    name: str  # the Settings attribute and the configuration key (the file may spell _ as -)
    type: ValueType
    default: Any  # in the form Settings holds (tuples for lists and tables); None: unset
    help: str  # a phrase, as --help and the docs show it
    group: str
    commands: tuple[str, ...] = AUDIT
    flag: str | None = None  # else --name-with-dashes; repeatable types take the singular you give here
    metavar: str | None = None  # else the type's
    env: str | None = None  # else AUDITOR_NAME
    example: Any = None  # for `auditor init` and the docs, when the default says little
    default_shown: tuple[tuple[str, str], ...] = ()  # (command, what --help says the default is there)
    page: bool = False  # page-level: a [[pages]] entry may set it for the URLs it matches

    @property
    def flag_name(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def env_name(self) -> str:
        return self.env or "AUDITOR_" + self.name.upper()

    @property
    def shown_metavar(self) -> str:
        return self.metavar or self.type.metavar


STANDARDS = "WCAG2.0A, WCAG2.0AA, WCAG2.1A, WCAG2.1AA, WCAG2.2A, WCAG2.2AA"
_STANDARD = re.compile(r"^(?:wcag)?2(?:\.?([012]))?(a{1,2})$")


def standard_tags(standard: str, best_practices: bool = False) -> tuple[str, ...]:
    """axe tags for e.g. 'WCAG2.2AA': every level up to the version and conformance level asked for."""
    m = _STANDARD.match(re.sub(r"[\s_-]", "", standard.lower()))
    if not m:
        raise ConfigError(f"standard {standard!r} is not one of {STANDARDS}")
    minor, level = int(m.group(1) or 0), m.group(2)
    tags = []
    for version in ("2", "21", "22")[: minor + 1]:
        tags.append(f"wcag{version}a")
        if level == "aa":
            tags.append(f"wcag{version}aa")
    if best_practices:
        tags.append("best-practice")
    return tuple(tags)


@dataclass(frozen=True)
class Standard(Text):
    """A WCAG version and level, e.g. WCAG2.1AA."""
    metavar: str = "STANDARD"
    describe = "a WCAG version and level such as WCAG2.2AA"

    def check(self, value: Any) -> None:
        super().check(value)
        if not _STANDARD.match(re.sub(r"[\s_-]", "", value.lower())):
            raise Invalid(f"{value!r} is not one of {STANDARDS}")


@dataclass(frozen=True)
class WebAddress(Text):
    """An absolute http(s) URL, e.g. where a CI job uploads the report."""
    metavar: str = "URL"
    describe = "an http or https URL"

    def check(self, value: Any) -> None:
        super().check(value)
        if not re.match(r"^https?://[^\s/?#]+", value):
            raise Invalid()


def _output_options() -> tuple[Option, ...]:
    from auditor.reports.registry import writers

    return tuple(
        Option(w.name, FilePath(), None, f"also write {w.help}", "Output",
               commands=EVERY_WRITER if w.write_diff else RESULTS, metavar="FILE", example=w.default_file)
        for w in writers().values())


OPTIONS: tuple[Option, ...] = (
    Option("out", FilePath(), "a11y-report", "report folder: results.json, results.jsonl, screenshots and the HTML "
           "report", "Output", commands=RESULTS, metavar="DIR",
           default_shown=(("report", "the folder of RESULTS_JSON"),)),
    *_output_options(),
    Option("screenshots", Bool(), True, "take page screenshots for the HTML report (off: faster, no pictures)",
           "Output"),
    Option("screenshot_quality", Int(min=10, max=100), 60, "JPEG quality of the page screenshots: lower makes "
           "a smaller report folder with blurrier element pictures (docs/performance.md has the sizes)", "Output",
           example=40),
    Option("screenshot_max_height", Int(min=1000, max=16_000), 16_000, "longest page screenshot, in pixels: a "
           "longer page is cut there and its elements below are listed without a picture", "Output", example=8000),
    Option("report_url", WebAddress(), None, "where the HTML report will be published (e.g. a CI artifact's URL): "
           "the Markdown summary, JUnit and SARIF link there instead of the local folder", "Output",
           commands=RESULTS, example="https://ci.example.org/job/42/a11y-report/"),
    Option("sarif_source", Pairs(sep="="), (), "which repository file a page comes from, for SARIF: URL glob = "
           "file (else a local page's own path, else the URL's host and path)", "Output", commands=RESULTS,
           flag="--sarif-source", example=(("https://example.org/news/*", "templates/article.html"),)),
    Option("sarif_root", FilePath(), None, "the repository folder SARIF paths are relative to (else the git "
           "checkout holding the working folder, else the working folder)", "Output", commands=RESULTS,
           metavar="DIR", example="."),
    Option("fail_on", Choice(*FAIL_ON), "serious", "lowest impact of a failure that fails the run (exit 1): "
           "critical, serious, moderate, minor, or none to never fail on findings", "Gate", commands=EVERY_WRITER,
           metavar="IMPACT"),
    Option("baseline", FilePath(), None, "baseline file: only failures not in it fail the run; known and fixed "
           "ones are reported", "Gate", commands=RESULTS, metavar="FILE", example="a11y-baseline.json"),
    Option("scope", Choice("all", "article", "template"), "all", "which findings the exit code judges: article "
           "(an editorial gate), template (the site's), or all; findings on pages where no article was found are "
           "judged by every gate", "Gate", commands=EVERY_WRITER, metavar="SCOPE"),
    Option("site_name", Text(), None, "the site's name for template baselines (else each page's host): staging "
           "and production then share one baseline", "Gate", metavar="NAME", example="example.org"),
    Option("sites", Pairs(sep="="), (), "pages on host HOST count as site SITE for template baselines", "Gate",
           flag="--site", metavar="HOST=SITE", example=(("staging.example.org", "example.org"),)),
    Option("annotations", Choice("auto", "on", "off"), "auto", "GitHub Actions ::error annotations: auto (inside "
           "GitHub Actions), on or off", "Gate"),
    Option("standard", Standard(), "WCAG2.2AA", f"WCAG version and level: {STANDARDS}", "Check"),
    Option("best_practices", Bool(), False, "also run axe-core's best-practice rules", "Check"),
    Option("article_selector", Text(), None, "CSS selector of the article body (else found: articleBody, <article>, "
           "<main>)", "Check", metavar="SELECTOR", example=".story-body", page=True),
    Option("timeout", Float(above=0), 30.0, "time limit per page, seconds", "Page",
           commands=AUDIT + ("serve", "login"), page=True),
    Option("mobile", Bool(), False, "use a phone's viewport and user agent", "Page", commands=AUDIT + ("login",),
           page=True),
    Option("wait_for", Selector(), None, "selector (CSS, text=...) of an element to wait for before auditing",
           "Page", example="article h1", page=True),
    Option("actions", Actions(), (), "action to run after the page loads, before the audit, e.g. 'click #load-more' "
           "(see docs/actions.md)", "Page", flag="--action", example=("click #load-more", "wait-for .article-body"),
           page=True),
    Option("consent", Choice(*CONSENT_MODES), DEFAULT_MODE, "a consent dialog: audit it, then accept it (dismiss) or "
           "reject it and audit the article as readers then see it; keep: audit the first visit as shown",
           "Page", page=True),
    Option("storage_state", FilePath(), None, "browser storage state (cookies, local storage) to load into every "
           "page, as `auditor login` saves it", "Page", metavar="FILE", example="state.json", page=True),
    Option("headers", Pairs(sep=":"), (), "extra HTTP header", "Page", flag="--header",
           example=(("Authorization", "Bearer ..."),), commands=AUDIT + ("login",), page=True),
    Option("cookies", Pairs(sep="="), (), "cookie for the audited pages", "Page", flag="--cookie",
           example=(("session", "..."),), commands=AUDIT + ("login",), page=True),
    Option("block", Words(), (), "drop requests whose URL matches this glob, e.g. '*doubleclick*'",
           "Page", metavar="GLOB", example=("*doubleclick*", "*/ads/*"), commands=AUDIT + ("login",), page=True),
    Option("block_third_party", Bool(), False, "drop every request to a host other than the page's own (steadier; "
           "audits saved pages offline)", "Page", commands=AUDIT + ("login",), page=True),
    Option("slow_rule_budget", Float(above=0), 5.0, "seconds axe's superlinear rules may take on very big pages",
           "Page"),
    Option("include", Words(), (), "only audit targets matching this glob", "Target", metavar="GLOB",
           example=("https://example.org/news/*",)),
    Option("exclude", Words(), (), "skip targets matching this glob", "Target", metavar="GLOB",
           example=("*/live/*",)),
    Option("limit", Int(min=1), None, "audit at most N pages (after include and exclude)", "Target", example=100),
    Option("sample", Int(min=1), None, "audit a deterministic random sample of N pages", "Target", example=50),
    Option("allow_empty", Bool(), False, "let a run with no pages to audit (after lists, sitemaps, include, exclude, "
           "sample, limit and shard) pass with exit 0; else it is an error (exit 2)", "Target"),
    Option("allow_partial", Bool(), False, "merge an incomplete set of shards, or shards of different target lists; "
           "the merged results say they are partial (else merge refuses, exit 2)", "Gate", commands=("merge", "config")),
    Option("sitemap_max_pages", Int(min=1), DEFAULT_MAX_PAGES, "pages a run takes from sitemaps at most", "Target"),
    Option("sitemap_max_fetches", Int(min=1), DEFAULT_MAX_FETCHES, "sitemap files (index files too) a run reads at "
           "most", "Target"),
    Option("browser", FilePath(), None, "Chromium or Chrome executable (else Playwright's, else the "
           "system's)", "Browser", commands=AUDIT + ("serve", "login"), env="AUDITOR_CHROMIUM", example="/usr/bin/chromium"),
    Option("axe_script", FilePath(), None, "use this axe.min.js instead of the bundled axe-core", "Browser",
           example="vendor/axe.min.js"),
    Option("concurrency", Int(min=1, max=32), 2, "pages audited at once", "Browser"),
    Option("restart_every", Int(min=1), 100, "restart the browser after this many pages (bounds memory)", "Browser"),
    Option("memory_cap_mib", Int(min=1), 3072, "restart the browser when its processes use more memory than this "
           "(MiB)", "Browser"),
)
OPTION_BY_NAME = {o.name: o for o in OPTIONS}


def options_of(command: str) -> tuple[Option, ...]:
    return tuple(o for o in OPTIONS if command in o.commands)
