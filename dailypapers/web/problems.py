"""Errors as RFC 9457 problem details on the API (`type`, `title`, `status`, `detail`), as pages elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from dailypapers.services.errors import (
    EmailUnconfirmed,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimitExceeded,
    Refusal,
    Refused,
)
from dailypapers.web.auth import SignInRequired
from dailypapers.web.csrf import CsrfRejected
from dailypapers.web.header import signin_url
from dailypapers.web.templating import render_page

log = logging.getLogger(__name__)

# The status each refusal answers with; its problem type is `/problems/<refusal>`.
REFUSAL_STATUSES = {
    Refusal.SUBMISSIONS_CLOSED: 403,
    Refusal.DAILY_CAP_REACHED: 429,
    Refusal.ALREADY_ON_LIST: 409,
    Refusal.PAPER_TOO_OLD: 422,
    Refusal.UNKNOWN_PAPER: 404,
    Refusal.ARXIV_UNAVAILABLE: 503,
    Refusal.NOT_ON_LIST: 404,
    Refusal.UNKNOWN_AUTHOR: 422,
    Refusal.ALREADY_CLAIMED: 409,
    Refusal.AUTHOR_VERIFIED: 409,
    Refusal.CLAIM_DECIDED: 409,
}


# What each problem status means, for the OpenAPI document (`problem_responses`).
_PROBLEM_TEXT = {
    400: "The body is not UTF-8 text, so not JSON either.",
    401: "No valid session or API token.",
    403: "The role needed is missing, the CSRF token is, or submissions are closed (`/problems/submissions-closed`).",
    404: "No such paper here or on arXiv (`/problems/unknown-paper`), or not on that day (`/problems/not-on-list`).",
    409: "Already on the list (`/problems/already-on-list`), or a claim conflicts with another.",
    422: "Unreadable input: an arXiv id, a date, a field; or `/problems/paper-too-old`.",
    429: "Too many requests (`/problems/rate-limited`) or the daily cap (`/problems/daily-cap-reached`); "
    "see Retry-After.",
    503: "arXiv could not be asked just now (`/problems/arxiv-unavailable`); see Retry-After.",
}

# RFC 9457's members; `errors` (per field) is this site's extension on invalid input.
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank`, or a kind clients may act on: `/problems/...`"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What exactly went wrong"},
        "instance": {"type": "string", "description": "The path asked for"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Per field"},
    },
}
PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def problem_responses(*statuses: int, texts: Mapping[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problem statuses a route may answer with; `texts` says what a status
    means on this route where the general text would mislead."""
    texts = texts or {}
    return {
        status: {"description": texts.get(status, _PROBLEM_TEXT[status]), "content": PROBLEM_CONTENT}
        for status in statuses
    }


class Problem(Exception):
    """Raised by a route to answer with a problem: the status and what exactly went wrong.

    `type_` names a kind of problem clients may act on (a relative URI such as `/problems/paper-too-old`);
    without one the type is `about:blank` and the title the status phrase, as RFC 9457 advises.
    `extensions` adds members to the body, as RFC 9457 allows (`errors` per field for invalid input).
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        type_: str | None = None,
        extensions: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.headers = headers or {}
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.type = type_ or "about:blank"
        self.extensions = extensions or {}  # extra members of the body, e.g. `errors` per field


def refusal_problem(error: Refused) -> Problem:
    """A refusal as a problem: its status, its type, and a Retry-After when waiting helps."""
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
    title = error.refusal.value.replace("-", " ").capitalize().replace("Arxiv", "arXiv")
    return Problem(
        REFUSAL_STATUSES[error.refusal], str(error), title=title, type_=f"/problems/{error.refusal}", headers=headers
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(Refused, _on_refused)  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, _on_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(SignInRequired, _on_sign_in_required)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRejected, _on_csrf_rejected)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _on_forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(RateLimitExceeded, _on_rate_limited)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidInput, _on_invalid_input)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)


def problem_response(request: Request, problem: Problem, headers: dict[str, str] | None = None) -> Response:
    headers = {**problem.headers, **(headers or {})}
    if _wants_html(request):
        return render_page(
            request,
            "error.html",
            {"status": problem.status, "title": problem.title, "detail": problem.detail},
            status_code=problem.status,
            headers=headers,
        )
    body: dict[str, Any] = {
        "type": problem.type,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
        **problem.extensions,
    }
    return JSONResponse(body, status_code=problem.status, media_type="application/problem+json", headers=headers)


async def _on_problem(request: Request, problem: Problem) -> Response:
    return problem_response(request, problem)


async def _on_refused(request: Request, error: Refused) -> Response:
    return problem_response(request, refusal_problem(error))


async def _on_not_found(request: Request, error: NotFound) -> Response:
    return problem_response(request, Problem(404, str(error)))


async def _on_sign_in_required(request: Request, error: SignInRequired) -> Response:
    if _wants_html(request):
        if request.method == "GET":
            return RedirectResponse(signin_url(request), status_code=303)
        return problem_response(request, Problem(401, "Sign in to do this."))
    # RFC 9110: a 401 names the scheme that would work.
    return problem_response(request, Problem(401, str(error)), headers={"WWW-Authenticate": "Bearer"})


async def _on_csrf_rejected(request: Request, error: CsrfRejected) -> Response:
    return problem_response(request, Problem(403, str(error), title="CSRF check failed", type_="/problems/csrf"))


async def _on_forbidden(request: Request, error: Forbidden) -> Response:
    kind = "/problems/email-unconfirmed" if isinstance(error, EmailUnconfirmed) else None
    return problem_response(request, Problem(403, str(error), type_=kind))


async def _on_rate_limited(request: Request, error: RateLimitExceeded) -> Response:
    problem = Problem(429, str(error), type_="/problems/rate-limited")
    return problem_response(request, problem, headers={"Retry-After": str(error.retry_after)})


async def _on_invalid_input(request: Request, error: InvalidInput) -> Response:
    return problem_response(request, Problem(422, str(error), extensions={"errors": error.errors}))


async def _on_validation_error(request: Request, error: RequestValidationError) -> Response:
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "body", "path"))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
    detail = "; ".join(parts) or "the request is not valid"
    return problem_response(request, Problem(422, detail))


async def _on_http_exception(request: Request, error: StarletteHTTPException) -> Response:
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).description
    headers = getattr(error, "headers", None)
    if error.status_code == 404 and detail == "Not Found":
        detail = f"nothing lives at {request.url.path}"
    if error.status_code == 405:
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    return problem_response(request, Problem(error.status_code, detail), headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path. Starlette's 405 names only the first route's, and a path's
    GET and POST are often two routes (`/api/v1/claims`); asking the router per method sees them all. A path the
    API document names as it is (`/api/papers/index`) allows what the document says there, not also what a route
    with a parameter would do with it (`/api/papers/{arxiv_id}`, where "index" is no arXiv id)."""
    methods = [
        method
        for method in _METHODS
        if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.routes)
    ]
    documented = request.app.openapi().get("paths", {}).get(request.url.path)
    if not documented:
        return methods
    named = {method.upper() for method in documented} | ({"HEAD"} if "get" in documented else set())
    return [method for method in methods if method in named]


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


async def _on_unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(request, Problem(500, "something went wrong on our side; it has been logged"))


def _wants_html(request: Request) -> bool:
    # A Markdown page's reader is a program (`hf papers read`) that sends `Accept: */*`: it gets the problem too.
    # A feed's reader is a program too, whatever it accepts.
    if request.url.path.startswith(("/api/", "/feeds/")) or request.url.path.endswith(".md"):
        return False
    return "text/html" in request.headers.get("accept", "text/html") or "*/*" in request.headers.get("accept", "")
