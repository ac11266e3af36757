"""The auditor's errors. Each has a stable kind; user-facing messages are one line."""
from __future__ import annotations


class AuditorError(Exception):
    kind = "error"
    exit_code = 2


class ConfigError(AuditorError):
    """A bad option, flag or configuration value: the run does not start (exit 2)."""
    kind = "config"


class TargetError(AuditorError):
    """One target cannot be turned into a page to audit; it becomes a page error."""
    kind = "target"


class BrowserError(AuditorError):
    """Chromium cannot be found or started."""
    kind = "browser"


class GatherError(AuditorError):
    """One page could not be audited; `kind` is one of the contract's error kinds."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class ReportError(AuditorError):
    kind = "report"
