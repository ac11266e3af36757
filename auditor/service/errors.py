"""One shape for every error the service answers with.

The API (and anything that is not a page) answers `{"error": {"code", "message"}, "detail"}`
(`detail` is the message again, as FastAPI's own errors had it); the web pages answer a
readable page. Validation errors never echo the input back: `NaN` or a megabyte of text
in a field must not break, or bloat, the answer. Nothing answers with a traceback.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         408: "timeout", 409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
         429: "too_many_requests", 500: "internal"}
log = logging.getLogger("auditor.service")


class ServiceError(StarletteHTTPException):
    """An HTTP error with a stable machine-readable code (CODES by status unless given)."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(status, message, headers)
        self.code = code or CODES.get(status, "error")


def body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code or CODES.get(status, "error"), "message": message}, "detail": message}


def wants_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/openapi.json")


def answer(request: Request, status: int, message: str, code: str | None = None,
           headers: Mapping[str, str] | None = None) -> Response:
    if wants_page(request):
        from auditor.service.web import page

        response: Response = page("error.html", status, code=status, message=message)
    else:
        response = JSONResponse(body(status, message, code), status_code=status)
    response.headers.update(headers or {})
    return response


def validation_message(errors: list[dict[str, Any]]) -> str:
    """'urls.0: Input should be a valid string' for the first problem (and how many more)."""
    if not errors:
        return "the request is not valid"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    text = f"{where}: {first.get('msg', 'not valid')}" if where else str(first.get("msg", "not valid"))
    if first.get("type") == "json_invalid":
        text = "the body is not valid JSON"
    return text + (f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else "")


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, str(exc.detail), getattr(exc, "code", None), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, 422, validation_message(list(exc.errors())))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error answering %s %s", request.method, request.url.path)
        return answer(request, 500, "internal error; the service's log has the details")
