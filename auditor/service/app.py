"""The web service: the JSON API, the web page (web.py) and the protections around both.

`create_app(config)` builds the FastAPI app; its lifespan opens the store and starts the
job runner (one browser, the egress proxy when the address guard is on).
"""
from __future__ import annotations

import hmac
import re
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from auditor import __version__
from auditor.config import standard_tags
from auditor.errors import ConfigError
from auditor.service import apidocs, errors
from auditor.service.config import ServiceConfig
from auditor.service.guard import PAGE_SCHEMES, Guard
from auditor.service.jobs import JobRunner, QueueFull
from auditor.service.limits import BodyLimit, SecurityHeaders
from auditor.service.origins import OwnPorts, SameOrigin, TrustedHost
from auditor.service.sessions import COOKIE, LoginThrottle, Session, Sessions
from auditor.service.store import FINISHED, Store

MAX_URL_LENGTH = 2048
# Reports hold text from audited pages: only the report's own script and styles may run.
REPORT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_ID = re.compile(r"^[0-9a-f]{16}$")
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".json": "application/json",
                 ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".svg": "image/svg+xml"}


class AuditRequest(BaseModel):
    """What to audit: one or more http(s) URLs and the main options of `auditor audit`."""
    model_config = ConfigDict(extra="forbid")
    urls: list[str] = Field(min_length=1, description="http or https URLs of the pages to audit")
    standard: str | None = Field(None, description="WCAG2.0A … WCAG2.2AA; default: the service's (WCAG2.2AA "
                                                   "unless `auditor serve --config` says otherwise)")
    mobile: bool | None = Field(None, description="Use a phone's viewport and user agent; default: the service's")


class Service:
    """What the routes share: configuration, guard, store and runner."""

    def __init__(self, config: ServiceConfig, guard: Guard):
        self.config = config
        self.guard = guard
        self._store: Store | None = None  # both open with the app's lifespan
        self._runner: JobRunner | None = None
        self.sessions = Sessions(config.session_lifetime)
        self.throttle = LoginThrottle()

    @property
    def store(self) -> Store:
        assert self._store is not None, "the store opens with the app's lifespan"
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    @property
    def runner(self) -> JobRunner:
        assert self._runner is not None, "the job runner starts with the app's lifespan"
        return self._runner

    @runner.setter
    def runner(self, runner: JobRunner) -> None:
        self._runner = runner

    @property
    def running(self) -> bool:
        return self._runner is not None

    def session(self, request: Request) -> Session | None:
        return self.sessions.get(request.cookies.get(COOKIE))

    def authorised(self, request: Request) -> bool:
        """By the bearer header (API clients), else by a signed-in session's cookie (the web page)."""
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            return not self.config.token or hmac.compare_digest(header[7:].strip().encode(), self.config.token.encode())
        if not self.config.token:
            return True
        session = self.session(request)
        return session is not None and session.signed_in

    async def check_request(self, urls: list[str], standard: str) -> list[str]:
        """The URLs, stripped; raises HTTPException 400 naming the first bad one."""
        urls = [u.strip() for u in urls if u.strip()]
        if not urls:
            raise HTTPException(400, "give at least one URL")
        if len(urls) > self.config.max_urls:
            raise HTTPException(400, f"at most {self.config.max_urls} URLs per request, not {len(urls)}")
        try:
            standard_tags(standard)
        except ConfigError as exc:
            raise HTTPException(400, str(exc).replace("--standard ", "standard ")) from None
        for url in urls:
            if len(url) > MAX_URL_LENGTH:
                raise HTTPException(400, f"URLs may be at most {MAX_URL_LENGTH} characters long")
            why = await self.guard.acheck(url, PAGE_SCHEMES)
            if why:
                raise errors.ServiceError(400, f"refused {url}: {why}", code="refused")
        return urls

    async def submit(self, urls: list[str], standard: str | None, mobile: bool | None) -> str:
        """Queue an audit; options not given are the service's (`auditor serve --config`)."""
        standard = standard or self.config.settings.standard
        mobile = self.config.settings.mobile if mobile is None else mobile
        urls = await self.check_request(urls, standard)
        try:
            return self.runner.submit(urls, {"standard": standard, "mobile": mobile})
        except QueueFull as exc:
            raise HTTPException(429, str(exc), headers={"Retry-After": "30"}) from None

    def audit_or_404(self, audit_id: str, *, with_results: bool = True) -> dict[str, Any]:
        audit = self.store.get(audit_id, with_results=with_results) if _ID.match(audit_id) else None
        if audit is None:
            raise HTTPException(404, "no such audit")
        return audit


def audit_document(audit: dict[str, Any]) -> dict[str, Any]:
    """An audit as the API shows it; `results` is the results contract document once finished."""
    finished = audit["status"] in FINISHED
    return {
        "id": audit["id"], "status": audit["status"], "urls": audit["urls"], "options": audit["options"],
        "created_at": audit["created_at"], "started_at": audit["started_at"], "finished_at": audit["finished_at"],
        "progress": {"done": audit["done"], "total": audit["total"]}, "error": audit["error"],
        "report": f"/api/audits/{audit['id']}/report/" if finished and audit.get("results", True) else None,
        "results": audit.get("results"),
    }


def create_app(config: ServiceConfig, guard: Guard | None = None) -> FastAPI:
    config.validate()
    service = Service(config, guard or Guard(allow_private=config.allow_private, allow=config.allow))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.store = Store(config.db)
        service.runner = JobRunner(config, service.store, service.guard)
        await service.runner.start()
        try:
            yield
        finally:
            await service.runner.stop()

    app = FastAPI(title="auditor", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="On-demand accessibility audits of article pages: axe-core WCAG rules plus article "
                              "rules, in headless Chromium. Send `Authorization: Bearer TOKEN` when the service "
                              "runs with AUDITOR_TOKEN.")
    app.state.service = service
    openapi = app.openapi
    # FastAPI caches the document it returns; ours adds the one error shape to every operation.
    app.openapi = lambda: app.openapi_schema or apidocs.with_error_shape(openapi())  # type: ignore[method-assign]
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=config.max_body, read_timeout=config.read_timeout)
    app.add_middleware(SameOrigin)
    app.add_middleware(OwnPorts, guard=service.guard)
    app.add_middleware(TrustedHost, hosts=config.trusted_hosts)  # outermost: a rebound name gets nothing
    service.guard.protect(names=[h for h in config.trusted_hosts if h != "localhost"])

    def api_auth(request: Request) -> None:
        if not service.authorised(request):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Whether the service runs; needs no token."""
        browser = service.runner.browser if service.running else None
        return {"status": "ok", "version": __version__, "browser": browser.version if browser else None}

    @app.post("/api/audits", status_code=202, tags=["audits"], dependencies=[Depends(api_auth)],
              responses={400: {"description": "a URL is refused or the request is invalid"},
                         401: {"description": "token required"}, 413: {"description": "body too large"},
                         429: {"description": "the queue is full"}})
    async def submit(body: AuditRequest) -> JSONResponse:  # on the event loop: the queue is not thread-safe
        """Queue an audit; returns its id at once. Poll `GET /api/audits/{id}` until it is done."""
        audit_id = await service.submit(body.urls, body.standard, body.mobile)
        url = f"/api/audits/{audit_id}"
        return JSONResponse({"id": audit_id, "status": "queued", "url": url}, status_code=202,
                            headers={"Location": url})

    @app.get("/api/audits", tags=["audits"], dependencies=[Depends(api_auth)])
    def recent(limit: int = 20) -> list[dict[str, Any]]:
        """The most recent audits, newest first, without their results."""
        return [audit_document(a) | {"failed": a["failed"], "cantTell": a["cant_tell"], "results": None}
                for a in service.store.recent(max(1, min(limit, 100)))]

    @app.get("/api/audits/{audit_id}", tags=["audits"], dependencies=[Depends(api_auth)])
    def get_audit(audit_id: str, results: bool = True) -> dict[str, Any]:
        """Status and progress; `results` is the results document (see CONTRACT.md) once finished."""
        return audit_document(service.audit_or_404(audit_id, with_results=results))

    @app.get("/api/history", tags=["audits"], dependencies=[Depends(api_auth)])
    def history(url: str) -> list[dict[str, Any]]:
        """Earlier audits of one URL, newest first, with their counts of failures."""
        return service.store.history(url)

    @app.get("/api/audits/{audit_id}/report", tags=["audits"], dependencies=[Depends(api_auth)])
    def report(audit_id: str) -> RedirectResponse:
        """The HTML report (a redirect to its folder, where its pages, styles and pictures are)."""
        service.audit_or_404(audit_id, with_results=False)
        return RedirectResponse(f"/api/audits/{audit_id}/report/", status_code=307)

    @app.get("/api/audits/{audit_id}/report/{path:path}", tags=["audits"], dependencies=[Depends(api_auth)],
             include_in_schema=False)
    def report_file(audit_id: str, path: str) -> Response:
        audit = service.audit_or_404(audit_id, with_results=False)
        if audit["status"] not in FINISHED:
            raise HTTPException(409, f"the audit is {audit['status']}; its report comes when it is done")
        path = path or "index.html"
        data = service.store.file(audit_id, path) if ".." not in path.split("/") else None
        if data is None:
            raise HTTPException(404, "no such report file")
        suffix = path[path.rfind("."):].lower() if "." in path else ""
        return Response(data, media_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
                        headers={"Content-Security-Policy": REPORT_CSP, "Cache-Control": "private, no-cache"})

    from auditor.service import web

    web.add_routes(app, service)
    return app
