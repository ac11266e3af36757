"""What every source of pages shares in one run: the judge, and what a source hands back.

A source (a browser, a folder of saved artifacts, shard results) produces the run's pages;
the engine (engine.py) turns what it collected into the run's result. Both judging sources
judge through the same `Judge`, so rule settings, ignores and fingerprints apply the same
way whether the page was just opened or read back from disk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

from auditor import __version__, scope
from auditor.config import Settings
from auditor.fingerprint import page_key, site_of
from auditor.model import Artifacts, PageResult, RuleInfo
from auditor.policy import active_ignores, apply_ignores, with_fingerprints
from auditor.rules import axe as axe_rules
from auditor.rules import runner


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def tool_info(axe_version: str, browser: str = "") -> dict[str, str]:
    return {"name": "auditor", "version": __version__, "axe_version": axe_version, "browser": browser}


class Judge:
    """Artifacts -> a page result under the run's rule settings and ignores.

    It also learns the run's axe rule list from the first page that carries one (the
    gatherer asks axe for it once per run), so the results describe every rule checked.
    """

    def __init__(self, settings: Settings):
        self.rule_settings = dict(settings.rules)
        self.site_name, self.sites = settings.site_name, tuple(settings.sites)
        self.ignores, self.expired_ignores = active_ignores(settings.ignore)
        self.axe_rules: list[RuleInfo] = []

    @property
    def knows_axe_rules(self) -> bool:
        return bool(self.axe_rules)

    def ignore_selectors(self) -> tuple[str, ...]:
        """The [[ignore]] selectors the page must test its elements against (only the page can)."""
        return tuple(sorted({ig.selector for ig in self.ignores if ig.selector}))

    def learn_axe_rules(self, artifacts: Artifacts) -> None:
        if not self.axe_rules and artifacts.axe.get("rules"):
            self.axe_rules = axe_rules.rule_infos(artifacts)

    def rule_infos(self) -> tuple[RuleInfo, ...]:
        return tuple(self.axe_rules + runner.article_rule_infos())

    def __call__(self, artifacts: Artifacts, index: int = 0, rules: dict[str, Any] | None = None) -> PageResult:
        """`rules`: this page's article-rule settings when a [[pages]] entry changes the run's."""
        self.learn_axe_rules(artifacts)
        judged = runner.judge_page(artifacts, self.rule_settings if rules is None else rules)
        article = artifacts.article.root
        shot = (artifacts.screenshot or {}).get("path")
        page = PageResult(requested_url=artifacts.requested_url, url=artifacts.url, status="audited",
                          http_status=artifacts.http_status, title=artifacts.title,
                          findings=tuple(scope.with_scopes(judged.findings, article)), timings=dict(artifacts.timings),
                          rule_errors=tuple(judged.errors), screenshot=shot, index=index, consent=artifacts.consent,
                          article=scope.summary(article),
                          site=site_of(artifacts.requested_url, self.site_name, self.sites),
                          site_path=artifacts.site_path or page_key(artifacts.requested_url),
                          rules=tuple(judged.outcomes))
        return apply_ignores(with_fingerprints(page), self.ignores, artifacts.ignore_matches)


@dataclass(frozen=True)
class Collected:
    """What a source hands the engine: the pages, in order, and how they were made.

    `rules` and `expired_ignores` default to the judge's; shard results bring their own, as
    they bring the baseline their shards were compared with.
    """
    pages: Sequence[PageResult]
    tool: dict[str, str]
    started_at: str
    duration_s: float
    interrupted: bool = False
    rules: tuple[RuleInfo, ...] | None = None
    expired_ignores: tuple[str, ...] | None = None
    baseline: dict[str, Any] | None = None
    settings: dict[str, Any] | None = None  # how the pages were made; None: from the run's own settings
    shard: dict[str, Any] | None = None
    partial: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
