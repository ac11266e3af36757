"""The auditor's errors. Each has a stable kind; user-facing messages are one line."""
from __future__ import annotations


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text (Playwright's errors carry a long call log), else its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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


# The web service's egress proxy answers a page it cannot reach with 502 and this header naming why
# ("connection refused"); the gatherer reports that, not "HTTP 502", as the CLI would without a proxy.
UNREACHABLE_HEADER = "X-Auditor-Unreachable"


class GatherError(AuditorError):
    """One page could not be audited; `kind` is one of the contract's error kinds."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class LoginError(AuditorError):
    """`auditor login` could not sign in: the page or an action failed (exit 3, as a page not audited)."""
    kind = "login"
    exit_code = 3


class ReportError(AuditorError):
    kind = "report"
