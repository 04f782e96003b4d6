"""Errors as RFC 9457 problem details, so every failure a client sees has one shape.

Services raise `AppError` subclasses (no FastAPI in services); `install` turns them, and the
framework's own validation and HTTP errors, into `application/problem+json` responses.

A problem's `title` is English in the JSON (it names the problem type); its Arabic is in the
`problems` gettext domain, so a page shows it in the reader's language with `title_in(lang)`.
Every title is marked with `P_` wherever its class is defined, so `make messages` finds it.
A problem meant for a person rather than a program (`localized = True`, e.g. a rate limit
with the wait to tell) answers with its title and detail in the language the client asks
for (`?lang=` or Accept-Language; English when it asks for neither of ours).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sqlalchemy_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Receive, Scope, Send

from app.core import request_context
from app.i18n import LANGS, Domain, negotiate

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://stamps.example/problems/"
log = logging.getLogger(__name__)
PROBLEMS = Domain("problems")


def P_(title: str) -> str:  # the gettext marker of this domain
    """Mark a problem title (or a fixed detail) for the `problems` domain."""
    return title


class AppError(Exception):
    """Base of every expected failure; subclasses fix the status and problem type."""

    status: int = 400
    type: str = "bad-request"
    title: str = P_("Bad request")
    # When True, the JSON's title and detail follow the client's language: the detail is
    # then `message % params`, `message` being a msgid of the problems domain.
    localized: bool = False

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions
        self.headers: dict[str, str] = {}
        self.message = detail
        self.params: dict[str, Any] = {}

    @classmethod
    def title_in(cls, lang: str) -> str:
        """The problem's title in `lang` (for pages; the JSON keeps the English one)."""
        return PROBLEMS.tr(lang, cls.title)


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status, type, title = 401, "unauthorized", P_("Authentication required")

    def __init__(self, detail: str = P_("Authentication required"), **extensions: Any) -> None:
        super().__init__(detail, **extensions)
        self.headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(AppError):
    status, type, title = 403, "forbidden", P_("Not allowed")


class NotFound(AppError):
    status, type, title = 404, "not-found", P_("Not found")


class Conflict(AppError):
    status, type, title = 409, "conflict", P_("Conflict")


class InvalidTransition(Conflict):
    type, title = "invalid-transition", P_("Transition not allowed")


class StaleProof(Conflict):
    type, title = "stale-proof", P_("The proof is not the current one")


class PreconditionFailed(AppError):
    status, type, title = 412, "precondition-failed", P_("The resource has changed")


class PayloadTooLarge(AppError):
    status, type, title = 413, "payload-too-large", P_("Request body too large")


class UnsupportedMedia(AppError):
    status, type, title = 415, "unsupported-media-type", P_("Unsupported media type")


class Unprocessable(AppError):
    status, type, title = 422, "unprocessable", P_("The request cannot be processed")


class InProgress(Conflict):
    type, title = "idempotency", P_("Request in progress")


class KeyReused(AppError):
    status, type, title = 422, "idempotency", P_("Idempotency-Key reused")


class InvalidUrl(AppError):
    status, type, title = 422, "validation-error", P_("Invalid request")


class DatabaseUnavailable(AppError):
    """The database does not answer: a 503 the client may retry, never a 500."""

    status, type, title = 503, "database-unavailable", P_("The database is unavailable")
    retry_after = 5

    def __init__(
        self, detail: str = P_("The service cannot reach its database; try again shortly")
    ) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(self.retry_after)}


UNREACHABLE = (
    sqlalchemy_exc.OperationalError,
    sqlalchemy_exc.InterfaceError,
    sqlalchemy_exc.TimeoutError,
)
"""What SQLAlchemy raises when the database cannot be reached (refused, cut, pool exhausted)."""


class PreconditionRequired(AppError):
    status, type, title = 428, "precondition-required", P_("If-Match header required")


def problem_response(
    status: int,
    type_: str,
    title: str,
    detail: str,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + type_,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    request_id = request_context.request_id()
    if request_id:
        # The id of the request's log lines, for an operator asked about this failure.
        body["request_id"] = request_id
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def send_problem(scope: Scope, receive: Receive, send: Send, error: AppError) -> None:
    """A middleware's refusal, with the body and headers a route's `AppError` gets."""
    response = problem_response(
        error.status,
        error.type,
        error.title,
        error.detail,
        scope.get("path"),
        error.headers or None,
        **error.extensions,
    )
    await response(scope, receive, send)


def problem_language(request: Request) -> str:
    """The language of a localized problem: `?lang=`, else Accept-Language, else English.

    A last, least-preferred `en` is added to the header so that a client naming neither of
    our languages (or none at all) gets English, the JSON's own, not the pages' Arabic.
    """
    explicit = request.query_params.get("lang")
    header = request.headers.get("accept-language") or ""
    return negotiate(explicit if explicit in LANGS else None, f"{header},en;q=0.001")


def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)  # noqa: S101 - registered for AppError only
    title, detail, headers = exc.title, exc.detail, dict(exc.headers)
    if exc.localized:
        lang = problem_language(request)
        title = PROBLEMS.tr(lang, exc.title)
        detail = PROBLEMS.tr(lang, exc.message, **exc.params)
        headers |= {"Content-Language": lang, "Vary": "Accept-Language"}
    return problem_response(
        exc.status,
        exc.type,
        title,
        detail,
        request.url.path,
        headers or None,
        **exc.extensions,
    )


def _character(err: Any) -> dict[str, str]:
    """The refused character's code point, when text held one (see `app.core.text`)."""
    ctx = err.get("ctx") or {}
    code_point = ctx.get("code_point")
    return {"code_point": str(code_point)} if code_point else {}


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors = [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        | _character(err)
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid"}
    where = ".".join(str(p) for p in first["loc"] if p != "body") or "body"
    return problem_response(
        422,
        "validation-error",
        P_("Invalid request"),
        f"{where}: {first['msg']}",
        request.url.path,
        errors=errors,
    )


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        route_methods = getattr(route, "methods", None)
        if match != Match.NONE and route_methods:
            methods |= set(route_methods)
        elif route_methods and "GET" not in route_methods:
            for method in route_methods:
                if route.matches({**request.scope, "method": method})[0] == Match.FULL:
                    methods.add(method)
    return ", ".join(sorted(methods))


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    title = {
        401: P_("Authentication required"),
        404: P_("Not found"),
        405: P_("Method not allowed"),
    }
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return problem_response(
        exc.status_code,
        {401: "unauthorized", 404: "not-found", 405: "method-not-allowed"}.get(
            exc.status_code, "http-error"
        ),
        title.get(exc.status_code, P_("HTTP error")),
        str(exc.detail),
        request.url.path,
        headers or None,
    )


def _unreachable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unreachable on %s: %s", request.url.path, exc.__class__.__name__)
    return _app_error(request, DatabaseUnavailable())


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    # This handler answers outside the request middleware: it names the request id itself.
    request_id = request_context.request_id()
    return problem_response(
        500,
        "internal",
        P_("Internal error"),
        P_("An unexpected error occurred"),
        request.url.path,
        {"X-Request-ID": request_id} if request_id else None,
    )


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on an application."""
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for unreachable in UNREACHABLE:
        app.add_exception_handler(unreachable, _unreachable)
    app.add_exception_handler(Exception, _unexpected)
