"""The web page: a form for URLs, the recent audits, each audit's progress, report and history.

Plain data is built here; one Jinja environment (autoescape on) renders it. The pages
need no internet and no inline script: static/audit.js only refreshes the progress.
"""
from __future__ import annotations

import hmac
import urllib.parse
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from auditor.service import apidocs
from auditor.service.errors import ServiceError
from auditor.service.sessions import COOKIE, Session
from auditor.service.store import FINISHED, Store
from auditor.wording import plural

HERE = Path(__file__).parent
STATIC = {"service.css": "text/css; charset=utf-8", "audit.js": "text/javascript; charset=utf-8"}
STATUS_LABELS = {"queued": "Waiting", "running": "Running", "done": "Done", "failed": "Failed",
                 "interrupted": "Interrupted"}
STANDARDS = ("WCAG2.2AA", "WCAG2.2A", "WCAG2.1AA", "WCAG2.1A", "WCAG2.0AA", "WCAG2.0A")
MAX_FORM_FIELDS = 20
FORGED = "this form did not come from this service's page, or its session has ended: reload the page and try again"


def when(timestamp: float | None) -> str:
    if not timestamp:
        return ""
    dt = datetime.fromtimestamp(timestamp, timezone.utc)
    return f"{dt.day} {dt:%b %Y}, {dt:%H:%M:%S} UTC"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters = {"plural": plural, "when": when, "length": len}
    return env


def page(template: str, status: int = 200, **data: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(template).render(**data), status_code=status)


def counts(page_result: dict[str, Any] | None) -> tuple[int, int]:
    found = (page_result or {}).get("findings") or []
    return (sum(f.get("outcome") == "failed" for f in found), sum(f.get("outcome") == "cantTell" for f in found))


def trend(failed: int, before: dict[str, Any] | None) -> dict[str, Any] | None:
    if before is None or before["status"] != "audited":
        return None
    change = failed - before["failed"]
    word = "up" if change > 0 else "down" if change < 0 else "unchanged"
    return {"word": word, "before": before["failed"], "audit": before["audit_id"], "when": when(before["created_at"])}


def audit_view(audit: dict[str, Any], store: Store) -> dict[str, Any]:
    """Everything the audit page shows, as plain data."""
    results = audit.get("results") or {}
    pages = results.get("pages") or []
    rows = []
    for i, url in enumerate(audit["urls"]):
        result: dict[str, Any] = pages[i] if i < len(pages) else {}
        failed, review = counts(result)
        earlier = [h for h in store.history(url) if h["created_at"] < audit["created_at"]]
        audited = bool(result) and result.get("status") == "audited"
        error = result.get("error") or {}
        rows.append({
            "url": url, "title": (result or {}).get("title") or "", "audited": audited,
            "error": f"{error.get('kind')}: {error.get('message')}" if error else "",
            "failed": failed, "review": review,
            "report": f"/api/audits/{audit['id']}/report/pages/{i + 1:04d}.html" if audited else None,
            "trend": trend(failed, earlier[0]) if audited and earlier else None,
            "earlier": [{"id": h["audit_id"], "when": when(h["created_at"]), "failed": h["failed"],
                         "audited": h["status"] == "audited"} for h in earlier[:10]],
        })
    finished = audit["status"] in FINISHED
    return {
        "id": audit["id"], "status": audit["status"], "status_label": STATUS_LABELS.get(audit["status"], audit["status"]),
        "finished": finished, "created": when(audit["created_at"]), "error": audit["error"] or "",
        "done": audit["done"], "total": audit["total"], "options": audit["options"], "pages": rows,
        "report": f"/api/audits/{audit['id']}/report/" if finished and results else None,
        "json": f"/api/audits/{audit['id']}",
    }


def recent_view(audits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": a["id"], "when": when(a["created_at"]), "status": a["status"],
             "status_label": STATUS_LABELS.get(a["status"], a["status"]), "first_url": a["urls"][0],
             "more": len(a["urls"]) - 1, "failed": a["failed"], "finished": a["status"] in FINISHED}
            for a in audits]


async def read_form(request: Request, max_fields: int) -> dict[str, list[str]]:
    """The url-encoded form of the request; 400 when it has more fields than the page's form could send."""
    try:
        return urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=max_fields)
    except ValueError:
        raise ServiceError(400, f"the form has more than {max_fields} fields") from None


def add_routes(app: FastAPI, service) -> None:
    def with_session(request: Request, response: Response, session: Session) -> Response:
        response.set_cookie(COOKIE, session.id, max_age=int(service.sessions.lifetime), path="/", httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    def index(request: Request, status: int = 200, error: str = "", urls: str = "",
              standard: str = "", mobile: bool | None = None) -> Response:
        defaults = service.config.settings  # the form starts from the service's settings
        session = service.session(request)
        fresh = session is None
        if fresh:  # the form needs a token of its own (API clients signed in by header, or no AUDITOR_TOKEN)
            session = service.sessions.create(signed_in=False)
        response = page("index.html", status, error=error, urls=urls, standard=standard or defaults.standard,
                        mobile=defaults.mobile if mobile is None else mobile,
                        standards=STANDARDS, max_urls=service.config.max_urls, session=session,
                        recent=recent_view(service.store.recent(service.config.recent)))
        return with_session(request, response, session) if fresh else response

    def login(status: int = 401, error: str = "") -> HTMLResponse:
        return page("login.html", status, error=error)

    def forged(request: Request, form: dict[str, list[str]]) -> bool:
        """Whether a form lacks its session's token; API clients signed in by header need none."""
        if request.headers.get("authorization"):
            return False
        session = service.session(request)
        return session is None or not session.accepts((form.get("form_token") or [""])[0])

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return index(request) if service.authorised(request) else login()

    @app.post("/audits", include_in_schema=False)
    async def submit_form(request: Request) -> Response:
        if not service.authorised(request):
            return login(error="Enter the access token first.")
        form = await read_form(request, MAX_FORM_FIELDS)
        if forged(request, form):
            raise ServiceError(403, FORGED, code="form_token")
        text = (form.get("urls") or [""])[0]
        standard = (form.get("standard") or [""])[0]
        mobile = (form.get("mobile") or [""])[0] == "1"
        try:
            audit_id = await service.submit(text.splitlines(), standard, mobile)
        except HTTPException as exc:
            return index(request, exc.status_code, error=str(exc.detail), urls=text, standard=standard,
                         mobile=mobile)
        return RedirectResponse(f"/audits/{audit_id}", status_code=303)

    @app.get("/audits/{audit_id}", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, audit_id: str) -> HTMLResponse:
        if not service.authorised(request):
            return login()
        try:
            audit = service.audit_or_404(audit_id)
        except HTTPException:
            return page("missing.html", 404)
        return page("audit.html", audit=audit_view(audit, service.store), session=service.session(request))

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page() -> HTMLResponse:
        return login(200)

    @app.post("/login", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        client = request.client.host if request.client else "unknown"
        wait = service.throttle.retry_after(client)
        if wait is not None:
            raise ServiceError(429, f"too many wrong tokens; try again in {wait} s", headers={"Retry-After": str(wait)})
        form = await read_form(request, 5)
        token = (form.get("token") or [""])[0]
        if not service.config.token or not hmac.compare_digest(token.encode(), service.config.token.encode()):
            service.throttle.failed(client)
            return login(error="That token is not right.")
        service.sessions.end(request.cookies.get(COOKIE))  # a session id set before sign-in is never reused
        return with_session(request, RedirectResponse("/", status_code=303), service.sessions.create(signed_in=True))

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await read_form(request, 5)
        if forged(request, form):
            raise ServiceError(403, FORGED, code="form_token")
        service.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/login" if service.config.token else "/", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_reference() -> HTMLResponse:
        return page("api.html", api=apidocs.reference(app.openapi()))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        if name not in STATIC:
            raise HTTPException(404, "no such file")
        return FileResponse(HERE / "static" / name, media_type=STATIC[name])
