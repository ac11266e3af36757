"""`auditor serve`: build the configuration from flags and the environment, then run uvicorn."""
from __future__ import annotations

import ipaddress
import os
import socket
import sys
from pathlib import Path

from auditor import engine
from auditor.errors import AuditorError
from auditor.service.config import ServiceConfig, audit_settings, default_db
from auditor.service.limits import server_options


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(*, host: str, port: int, db: str | None, allow_private: bool, allow: tuple[str, ...], concurrency: int,
        max_urls: int, max_body: int, queue_limit: int, audit_timeout: float, page_timeout: float | None,
        browser: str | None, config_file: str | None = None, trusted_hosts: tuple[str, ...] = ()) -> None:
    import uvicorn

    from auditor.service.app import create_app

    settings, ignored = audit_settings(config_file)
    config = ServiceConfig(db=Path(db) if db else default_db(), token=os.environ.get("AUDITOR_TOKEN") or None,
                           webhook_secret=os.environ.get("AUDITOR_WEBHOOK_SECRET") or None,
                           allow_private=allow_private, allow=tuple(allow), concurrency=concurrency,
                           max_urls=max_urls, max_body=max_body, queue_limit=queue_limit,
                           audit_timeout=audit_timeout, page_timeout=page_timeout or settings.timeout,
                           pages_at_once=settings.concurrency, browser=browser or settings.browser,
                           settings=settings,
                           trusted_hosts=(host, *ServiceConfig.trusted_hosts, *trusted_hosts)).validate()
    # A missing Chromium, baseline or axe script is a one-line error now, not a failed first audit later.
    engine.find_browser(config.browser)
    engine.check_settings(settings)
    app = create_app(config)
    try:
        sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        raise AuditorError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    app.state.service.guard.protect(sock.getsockname()[1])  # before any request: no audit reaches us
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    notes = [f"auditor: serving on {where} (API docs at {where}docs), audits stored in {config.db}"]
    if not config.token and not _loopback(host):
        notes.append("auditor: warning: no AUDITOR_TOKEN is set, so anyone who reaches this address can start audits")
    if not trusted_hosts and not _loopback(host):
        notes.append("auditor: note: only requests for localhost and 127.0.0.1 are answered; add --trusted-host "
                     "NAME for each name clients use to reach this service")
    if allow_private:
        notes.append("auditor: warning: --allow-private lets audits reach private and loopback addresses")
    if config_file:
        notes.append(f"auditor: audits use the settings of {config_file}"
                     + (f"; ignored there, as they only concern 'auditor audit': {', '.join(ignored)}" if ignored else ""))
    print("\n".join(notes), file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=15,
                                          server_header=False, **server_options(config.read_timeout)))
    server.run(sockets=[sock])
