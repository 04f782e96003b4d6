"""HTTP caching and language choice for the public catalogue.

Pages, entries and exports change only when the catalogue does, so their ETag is the catalogue
revision (bumped by every write) plus the request's identity, and a conditional request is
answered with 304 before anything is rendered. Rendered pages are kept per revision in the
app's `CatalogueCache`; a write bumps the revision, so a cached page is never served stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response

from app.core import etags
from app.i18n import DEFAULT_LANG, LANGS, negotiate

__all__ = ["DEFAULT_LANG", "LANGS", "negotiate"]
PAGE_CACHE_CONTROL = "public, max-age=60"
IMAGE_CACHE_CONTROL = "public, max-age=86400"


def etag_for(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def not_modified(request: Request, etag: str) -> bool:
    return etags.none_match(request.headers.get("if-none-match"), etag)


def conditional(
    request: Request,
    etag: str,
    build: Callable[[], Response],
    cache_control: str = PAGE_CACHE_CONTROL,
    vary: str | None = None,
) -> Response:
    """304 when the client holds `etag`, else the built response, both with cache headers."""
    headers = cache_headers(etag, cache_control, vary)
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    response = build()
    response.headers.update(headers)
    return response


def cache_headers(
    etag: str, cache_control: str = PAGE_CACHE_CONTROL, vary: str | None = None
) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if vary:
        headers["Vary"] = vary
    return headers
