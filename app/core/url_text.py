"""Paths and query strings hold no control characters.

A `%00` in a query parameter or a path segment reached PostgreSQL, which cannot store or compare
a NUL, and answered 500. Such a request can name nothing the service has, so it is refused here,
once for every route, with a 422 problem that names the parameter and the code point.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.problems import InvalidUrl, send_problem
from app.core.text import describe


def _control(value: str) -> str | None:
    return next((c for c in value if unicodedata.category(c) in {"Cc", "Cs"}), None)


def refused_in_url(path: str, query: str) -> tuple[str, str] | None:
    """(where, character) of the first control character in the path or a query parameter."""
    char = _control(path)
    if char is not None:
        return "path", char
    for name, value in parse_qsl(query, keep_blank_values=True, errors="surrogateescape"):
        for text in (name, value):
            char = _control(text)
            if char is not None:
                return f"query parameter {_control_free(name)!r}", char
    return None


def _control_free(name: str) -> str:
    return "".join(c if _control(c) is None else "?" for c in name)


class UrlTextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"").decode("latin-1")
            found = refused_in_url(scope.get("path", ""), query)
            if found is not None:
                await send_problem(scope, receive, send, _refusal(*found))
                return
        await self.app(scope, receive, send)


def _refusal(where: str, char: str) -> InvalidUrl:
    return InvalidUrl(
        f"{where}: {describe(char)} is not allowed in a URL", code_point=f"U+{ord(char):04X}"
    )
