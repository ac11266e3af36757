"""The service's settings and limits, with the defaults `auditor serve` documents.

`settings` are the defaults of every audit the service runs: from `auditor serve --config
FILE`, read by the same loader as `auditor audit --config`. A request's own options
(standard, mobile) go over them; the service's flags (--timeout, --browser) over both.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from auditor.config import Settings, load_settings
from auditor.errors import ConfigError

# What shapes the command line's own outputs, gate and choice of pages. A service audit has no
# report folder or exit status and audits exactly the URLs it was given, so these are ignored.
CLI_ONLY = ("out", "json", "junit", "sarif", "markdown", "annotations", "fail_on",
            "include", "exclude", "limit", "sample")


def default_db() -> Path:
    """$XDG_DATA_HOME/auditor/service.sqlite3, else ~/.local/share/auditor/service.sqlite3."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "auditor" / "service.sqlite3"


@dataclass(frozen=True)
class ServiceConfig:
    db: Path = field(default_factory=default_db)
    token: str | None = None  # AUDITOR_TOKEN: bearer token for the API, cookie for the web page
    webhook_secret: str | None = None  # AUDITOR_WEBHOOK_SECRET: signs webhook calls; without it none are taken
    allow_private: bool = False  # turns the address guard off (intranets, tests)
    allow: tuple[str, ...] = ()  # host names and networks (CIDR) allowed although private
    concurrency: int = 2  # audits that run at once; each audits up to `pages_at_once` pages at a time
    pages_at_once: int = 2
    max_urls: int = 10  # URLs per request
    max_body: int = 64 * 1024  # request body bytes
    queue_limit: int = 20  # audits waiting; beyond that submissions get 429
    audit_timeout: float = 300.0  # seconds for a whole audit, then it is stopped and marked failed
    page_timeout: float = 30.0  # seconds per page, as `auditor audit --timeout`
    browser: str | None = None  # Chromium executable; else found as for `auditor audit`
    recent: int = 20  # audits listed on the web page
    settings: Settings = field(default_factory=Settings)  # every audit's defaults (auditor serve --config)
    # Host header names the service answers to (others get 400: DNS rebinding); serve adds --host.
    trusted_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
    session_lifetime: float = 8 * 3600.0  # seconds a sign-in of the web page lasts
    read_timeout: float = 10.0  # seconds a client may take to send a request's head, and again its body

    def validate(self) -> "ServiceConfig":
        for name in ("concurrency", "pages_at_once", "max_urls", "max_body", "queue_limit"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name.replace('_', '-')} must be at least 1, not {getattr(self, name)}")
        if not 1 <= self.concurrency <= 16:
            raise ConfigError(f"concurrency must be between 1 and 16, not {self.concurrency}")
        for name in ("audit_timeout", "page_timeout", "session_lifetime", "read_timeout"):
            if not getattr(self, name) > 0:
                raise ConfigError(f"{name.replace('_', '-')} must be a positive number of seconds")
        if self.token is not None and len(self.token) < 8:
            raise ConfigError("AUDITOR_TOKEN must be at least 8 characters long")
        self.settings.validate()
        return self


def audit_settings(config_file: str | Path | None) -> tuple[Settings, tuple[str, ...]]:
    """(every audit's defaults, the keys of the file the service ignores).

    Only the file named is read: no auditor.toml is looked for, since a server's audits should
    not change with the folder it happens to be started in.
    """
    if not config_file:
        return Settings(), ()
    loaded = load_settings({}, str(config_file), use_file=False)
    ignored = tuple(key for key in CLI_ONLY if loaded.sources.get(key, "").startswith("file"))
    defaults = Settings()
    return dataclasses.replace(loaded.settings, **{k: getattr(defaults, k) for k in ignored}), ignored
