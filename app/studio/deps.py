"""Who is using the studio, and the CSRF check every state-changing form passes first.

The session cookie is resolved like a bearer token (a short read of its own), so the studio
has exactly the API's authorization: the same `Actor`, the same partner-scoped queries.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from app.auth import service as auth
from app.auth.service import Actor
from app.core import request_context
from app.core.db import Database, get_database
from app.core.deps import get_settings
from app.core.problems import P_, Forbidden, Unauthorized
from app.core.settings import Settings
from app.studio import sessions


class SignInRequired(Exception):
    """No valid session: pages send the person to the sign-in form and back."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRefused(Forbidden):
    type = "csrf"

    def __init__(self) -> None:
        super().__init__(P_("The form is out of date or came from another site; reload the page"))


def _next_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query and request.method == "GET" else "")


def signed_in(request: Request, database: Database, settings: Settings) -> Actor | None:
    """The person of the first valid session cookie sent (remembered for the request)."""
    known: Actor | None = getattr(request.state, "studio_actor", None)
    if known is not None:
        return known
    with database.reader() as session:
        for token in sessions.session_tokens(request):
            try:
                actor = auth.actor_for_token(session, token, settings.secret_key)
            except Unauthorized:
                continue
            request.state.session_token = token
            request.state.studio_actor = actor
            request_context.identify(actor.username, actor.administration_code)
            return actor
    return None


def get_studio_actor(
    request: Request,
    database: Annotated[Database, Depends(get_database)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Actor:
    actor = signed_in(request, database, settings)
    if actor is None:
        raise SignInRequired(_next_path(request))
    return actor


StudioActor = Annotated[Actor, Depends(get_studio_actor)]


def _same_origin(request: Request) -> bool:
    """A browser names the page a form came from; it must be this site (when it says)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.url.netloc


async def check_csrf(
    request: Request,
    database: Annotated[Database, Depends(get_database)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> None:
    """The form's token (or the `X-CSRF-Token` header sent by the page's script) must match:
    the token of the session that signs the person in, not of a cookie planted beside it."""
    submitted = request.headers.get("x-csrf-token")
    if submitted is None and request.headers.get("content-type", "").startswith(
        "application/x-www-form-urlencoded"
    ):
        form = await request.form()
        value = form.get(sessions.CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if submitted is None:
        # A multipart upload sent without the page's script names it in the form's action.
        submitted = request.query_params.get(sessions.CSRF_FIELD)
    await run_in_threadpool(signed_in, request, database, settings)
    if not _same_origin(request) or not sessions.csrf_valid(request, settings, submitted):
        raise CsrfRefused()


Csrf = Depends(check_csrf)
