"""Errors as RFC 9457 problem details on the API (`type`, `title`, `status`, `detail`), as pages elsewhere."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dailypapers.services.errors import NotFound
from dailypapers.web.templating import render_page

log = logging.getLogger(__name__)


class Problem(Exception):
    """Raised by a route to answer with a problem: the status and what exactly went wrong.

    `type_` names a kind of problem clients may act on (a relative URI such as `/problems/paper-too-old`);
    without one the type is `about:blank` and the title the status phrase, as RFC 9457 advises.
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        type_: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.headers = headers
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.type = type_ or "about:blank"


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, _on_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)


def problem_response(request: Request, problem: Problem) -> Response:
    if _wants_html(request):
        page = render_page(
            request,
            "error.html",
            {"status": problem.status, "title": problem.title, "detail": problem.detail},
            status_code=problem.status,
        )
        page.headers.update(problem.headers or {})
        return page
    body: dict[str, Any] = {
        "type": problem.type,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
    }
    return JSONResponse(
        body, status_code=problem.status, media_type="application/problem+json", headers=problem.headers
    )


async def _on_problem(request: Request, problem: Problem) -> Response:
    return problem_response(request, problem)


async def _on_not_found(request: Request, error: NotFound) -> Response:
    return problem_response(request, Problem(404, str(error)))


async def _on_validation_error(request: Request, error: RequestValidationError) -> Response:
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "body", "path"))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
    detail = "; ".join(parts) or "the request is not valid"
    return problem_response(request, Problem(422, detail))


async def _on_http_exception(request: Request, error: StarletteHTTPException) -> Response:
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).description
    if error.status_code == 404 and detail == "Not Found":
        detail = f"nothing lives at {request.url.path}"
    return problem_response(request, Problem(error.status_code, detail, headers=getattr(error, "headers", None)))


async def _on_unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(request, Problem(500, "something went wrong on our side; it has been logged"))


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "text/html") or "*/*" in request.headers.get("accept", "")
