"""What the service knows about the request being handled, for every log line and problem body.

A context variable holds one mutable record per request: the request middleware sets it, and
code running for that request (route, dependency in the thread pool, service) fills in who
called. The thread pool copies the context, so the record object is shared, not copied.
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass

# A request id from outside is kept when it looks like one (letters, digits, a few marks);
# anything else is replaced, so a header cannot inject text into the logs.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


@dataclass
class RequestContext:
    """The request's id and, once authenticated, its user and administration."""

    request_id: str
    user: str | None = None
    administration: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("stamps_request", default=None)


def new_request_id(offered: str | None = None) -> str:
    """`offered` (an `X-Request-ID` header) when acceptable, else a fresh random id."""
    if offered and _ACCEPTABLE_ID.fullmatch(offered):
        return offered
    return secrets.token_hex(16)


def begin(request_id: str) -> RequestContext:
    context = RequestContext(request_id)
    _current.set(context)
    return context


def current() -> RequestContext | None:
    return _current.get()


def request_id() -> str | None:
    context = _current.get()
    return context.request_id if context else None


def identify(user: str, administration: str) -> None:
    """Record who is calling (from the authentication dependency)."""
    context = _current.get()
    if context is not None:
        context.user = user
        context.administration = administration
