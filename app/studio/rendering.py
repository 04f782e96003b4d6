"""Rendering studio pages: one Jinja2 environment, the page's language, and the CSRF token.

The language is `?lang=` (remembered in a cookie, so forms keep it), else that cookie, else
Accept-Language. Every page gets `lang`, `dir`, the switch to the other language and the
CSRF token its forms carry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlencode

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from app.core.settings import Settings
from app.i18n import LANGUAGE_NAMES, install_gettext
from app.i18n.catalogues import Domain
from app.i18n.negotiation import negotiate
from app.studio import sessions

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "stamps_lang"
STUDIO = Domain("studio")
ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
install_gettext(ENV, "studio")


def language(request: Request) -> str:
    return negotiate(
        request.query_params.get("lang"),
        request.headers.get("accept-language"),
        request.cookies.get(LANG_COOKIE),
    )


def tr(request: Request, message: str, /, **params: Any) -> str:
    """A studio message in the request's language (for texts built in Python)."""
    return STUDIO.tr(language(request), message, **params)


def _when(value: dt.datetime | dt.date | None) -> str:
    """Dates as people write them: 2027-03-01, and 2027-03-01 14:05 UTC for moments."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        text = moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    else:
        text = value.isoformat()
    # First-strong isolate: inside an Arabic sentence the date keeps its left-to-right order.
    return f"\u2068{text}\u2069"


ENV.filters["when"] = _when


def render(
    request: Request,
    settings: Settings,
    template: str,
    /,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    other = "en" if lang == "ar" else "ar"
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    body = ENV.get_template(template).render(
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        other_lang=other,
        language_names=LANGUAGE_NAMES,
        other_lang_url=request.url.path + "?" + urlencode({**params, "lang": other}),
        csrf_field=sessions.CSRF_FIELD,
        csrf_token=sessions.csrf_token(request, settings),
        path=request.url.path,
        **context,
    )
    response = HTMLResponse(body, status_code=status_code)
    finish(request, response)
    return response


def finish(request: Request, response: Any) -> None:
    """What every studio answer carries: no caching of private pages, the remembered choices."""
    response.headers["Cache-Control"] = "no-store"
    asked = request.query_params.get("lang")
    if asked in LANGUAGE_NAMES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(
            LANG_COOKIE, asked, path="/", samesite="lax", secure=sessions.secure(request)
        )
    sessions.remember_presession(request, response)


P = ParamSpec("P")
T = TypeVar("T")


async def threaded(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """A page's blocking work (database, images) off the event loop, once its form is read."""
    return await run_in_threadpool(fn, *args, **kwargs)
