"""Studio sign-in: a session cookie that is a revocable token, and CSRF tokens bound to it.

A studio session is an `ApiToken` row like any bearer token, so it expires, and logout revokes
it at once on every server. The cookie is new at every login (no fixation: nothing a visitor
held before signing in becomes the session). Every state-changing form carries a CSRF token:
an HMAC of the session token, or before sign-in of a random pre-session cookie, so a form
posted from another site (which cannot read either cookie) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from app.core.settings import Settings

SESSION_COOKIE = "stamps_studio"
PRESESSION_COOKIE = "stamps_studio_pre"
CSRF_FIELD = "csrf_token"
PATH = "/studio"


def secure(request: Request) -> bool:
    """Cookies are `Secure` when the page was served over HTTPS (directly or per proxy)."""
    return request.url.scheme == "https"


def session_tokens(request: Request) -> list[str]:
    """Every value the browser sent under the session cookie's name, in its order.

    A cookie planted by another page (another path or a parent domain) arrives beside ours
    under the same name; the studio tries each rather than letting a stray one win."""
    found: list[str] = []
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == SESSION_COOKIE and value and len(value) <= 200:
            found.append(value)
    return found


def session_token(request: Request) -> str | None:
    """The session's token: the one that signed the person in, else the first one sent."""
    chosen: str | None = getattr(request.state, "session_token", None)
    if chosen:
        return chosen
    tokens = session_tokens(request)
    return tokens[0] if tokens else None


def _mac(settings: Settings, purpose: str, value: str) -> str:
    message = f"studio-csrf:{purpose}:{value}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def presession(request: Request) -> str:
    """The visitor's pre-session value (made on first sight; `remember_presession` sets it)."""
    value = request.cookies.get(PRESESSION_COOKIE)
    if not value or len(value) > 100:
        value = getattr(request.state, "presession", None) or secrets.token_urlsafe(32)
        request.state.presession = value
    return value


def csrf_token(request: Request, settings: Settings) -> str:
    """The token this visitor's forms carry: bound to the session, or to the pre-session."""
    token = session_token(request)
    if token:
        return _mac(settings, "session", token)
    return _mac(settings, "pre", presession(request))


def csrf_valid(request: Request, settings: Settings, submitted: str | None) -> bool:
    """The token of the session that signed the person in; with none valid, of any value sent
    under the session cookie's name (the person is then sent to sign in) or the pre-session."""
    if not submitted:
        return False
    chosen: str | None = getattr(request.state, "session_token", None)
    tokens = [chosen] if chosen else session_tokens(request)
    expected = [_mac(settings, "session", t) for t in tokens] or [
        _mac(settings, "pre", presession(request))
    ]
    return any(hmac.compare_digest(e, submitted) for e in expected)


def remember_presession(request: Request, response: Response) -> None:
    """Set the pre-session cookie when this request made it."""
    made = getattr(request.state, "presession", None)
    if made and request.cookies.get(PRESESSION_COOKIE) != made:
        response.set_cookie(
            PRESESSION_COOKIE,
            made,
            path=PATH,
            httponly=True,
            samesite="strict",
            secure=secure(request),
        )


def start(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        path=PATH,
        httponly=True,
        samesite="lax",
        secure=secure(request),
    )
    response.delete_cookie(PRESESSION_COOKIE, path=PATH)


def end(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path=PATH, httponly=True, samesite="lax", secure=secure(request)
    )
