"""Signing in and out of the studio, with the API's throttling and lock-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.auth import service as auth
from app.auth.service import PasswordChecksBusy
from app.auth.throttle import TooManyAttempts
from app.core.db import DatabaseDep, SessionDep
from app.core.deps import SettingsDep
from app.core.http import client_address
from app.core.problems import Unauthorized
from app.studio import rendering, sessions
from app.studio.deps import Csrf, signed_in
from app.studio.rendering import tr

router = APIRouter(prefix="/studio", include_in_schema=False)


def _safe_next(value: str | None) -> str:
    """Only a studio path of this site: never another site (an open redirect)."""
    if value and value.startswith("/studio") and "//" not in value and "\\" not in value:
        return value
    return "/studio/"


@router.get("/login")
def login_form(
    request: Request, database: DatabaseDep, settings: SettingsDep, next: str | None = None
) -> Response:
    signed_in(request, database, settings)  # a signed-in person's form carries their token
    return rendering.render(
        request, settings, "login.html", next=_safe_next(next), username="", actor=None
    )


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    database: DatabaseDep,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/studio/",
) -> Response:
    """A new session token at every sign-in (so no earlier cookie can become the session)."""
    status, error, headers = 401, "", {}
    try:
        user = auth.login(database, session, username, password, client_address(request))
    except Unauthorized:
        error = tr(request, "Wrong username or password.")
    except (TooManyAttempts, PasswordChecksBusy) as refused:
        status, headers = refused.status, refused.headers
        seconds = refused.extensions.get("retry_after", 60)
        error = tr(request, "Too many attempts; try again in %(seconds)s seconds.", seconds=seconds)
    else:
        ttl = settings.studio_session_seconds
        token = auth.issue_token(session, user, settings.secret_key, ttl)
        response = RedirectResponse(_safe_next(next), status_code=303)
        sessions.start(request, response, token, ttl)
        rendering.finish(request, response)
        return response
    page = rendering.render(
        request,
        settings,
        "login.html",
        status_code=status,
        error=error,
        next=_safe_next(next),
        username=username,
        actor=None,
    )
    page.headers.update(headers)
    return page


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """The session's token is revoked at once: the cookie, kept elsewhere, opens nothing."""
    for token in sessions.session_tokens(request):
        auth.revoke_token(session, token, settings.secret_key)
    response = RedirectResponse("/studio/login", status_code=303)
    sessions.end(request, response)
    rendering.finish(request, response)
    return response
