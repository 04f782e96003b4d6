"""Failures on studio pages are pages, in the person's language, with the same status codes.

The JSON API keeps its problem+json answers: these handlers wrap the service's own and
answer for paths under /studio only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from app.core.problems import PROBLEMS, UNREACHABLE, AppError, DatabaseUnavailable
from app.core.settings import Settings
from app.studio import rendering
from app.studio.deps import SignInRequired

log = logging.getLogger(__name__)
Handler = Callable[[Request, Exception], Response | Awaitable[Response]]
PREFIX = "/studio"


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    lang = rendering.language(request)
    said = PROBLEMS.tr(lang, detail)
    return rendering.render(
        request,
        _settings(request),
        "error.html",
        status_code=status,
        title=PROBLEMS.tr(lang, title),
        detail=said,
        # A detail with a value in it ("No proposal 7") has no translation: it stays in
        # English, and says so, so that it is not read out as Arabic.
        detail_lang="en" if said == detail else lang,
        status=status,
    )


def _sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)  # noqa: S101 - registered for it only
    target = f"{PREFIX}/login?" + urlencode({"next": exc.next_path})
    response = RedirectResponse(target, status_code=303)
    rendering.finish(request, response)
    return response


def _wrap(previous: Handler, page: Callable[[Request, Exception], Response]) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if request.url.path == PREFIX or request.url.path.startswith(PREFIX + "/"):
            return page(request, exc)
        answer = previous(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    return handler


def _app_error_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AppError)  # noqa: S101
    response = error_page(request, exc.status, exc.title, exc.detail)
    response.headers.update(exc.headers)
    return response


def _http_error_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    titles = {404: "Not found", 405: "Method not allowed"}
    title = titles.get(exc.status_code, "HTTP error")
    return error_page(request, exc.status_code, title, title)


def _invalid_page(request: Request, _exc: Exception) -> Response:
    return error_page(request, 422, "Invalid request", "Invalid request")


def _unreachable_page(request: Request, exc: Exception) -> Response:
    log.warning("database unreachable on %s: %s", request.url.path, exc.__class__.__name__)
    return _app_error_page(request, DatabaseUnavailable())


def install(app: FastAPI) -> None:
    """Put the page answers in front of the service's problem+json handlers."""
    app.add_exception_handler(SignInRequired, _sign_in)
    pairs: list[tuple[type[Exception], Callable[[Request, Exception], Response]]] = [
        (AppError, _app_error_page),
        (StarletteHTTPException, _http_error_page),
        (RequestValidationError, _invalid_page),
        *((kind, _unreachable_page) for kind in UNREACHABLE),
    ]
    for kind, page in pairs:
        previous = app.exception_handlers[kind]
        app.add_exception_handler(kind, _wrap(previous, page))
