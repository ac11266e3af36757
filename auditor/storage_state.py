"""Browser storage state files (cookies and local storage, Playwright's format): written by
`auditor login` readable by its owner only, read by `--storage-state` into every page's context.

What a state file holds is a sign-in: it is never copied into results, reports, settings or logs
(only its path is named).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError


def read_state(path: str | Path, where: str = "storage_state") -> dict[str, Any]:
    """The state in `path`, checked to be Playwright's shape; a one-line ConfigError otherwise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{where}: {path} does not exist (write it with `auditor login URL --save-state {path}`)") \
            from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    except ValueError:
        raise ConfigError(f"{where}: {path} is not JSON (a storage state as `auditor login` writes it)") from None
    if not isinstance(data, dict) or not isinstance(data.get("cookies", []), list) \
            or not isinstance(data.get("origins", []), list):
        raise ConfigError(f"{where}: {path} is not a storage state (an object with 'cookies' and 'origins' lists)")
    return {"cookies": data.get("cookies", []), "origins": data.get("origins", [])}


def write_state(path: str | Path, state: dict[str, Any]) -> None:
    """Write atomically with mode 0600: the file holds session cookies."""
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".state-", suffix=".json", dir=folder)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def summary(state: dict[str, Any]) -> str:
    """What a state holds, without a value: '2 cookies (example.org), local storage for 1 origin'."""
    cookies = state.get("cookies") or []
    domains = sorted({str(c.get("domain", "")).lstrip(".") for c in cookies if isinstance(c, dict)} - {""})
    origins = state.get("origins") or []
    text = f"{len(cookies)} cookie{'s' if len(cookies) != 1 else ''}"
    if domains:
        text += f" ({', '.join(domains[:5])}{', ...' if len(domains) > 5 else ''})"
    return text + f", local storage for {len(origins)} origin{'s' if len(origins) != 1 else ''}"
