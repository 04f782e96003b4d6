"""The catalogue revision a request serves, from the app's cache, so a cached page needs no
query.

Every catalogue page is cached per revision (`service.bump_revision` counts changes). The
app's `CatalogueCache` re-reads the number at most every ``catalogue_revision_ttl`` seconds,
and at once after a session of the app's database commits a change to the catalogue.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.requests import Request

from app.catalogue import queries
from app.catalogue.cache import CHANGE, CatalogueCache
from app.core.db import database_of, note_change


def cache_of(request: Request) -> CatalogueCache:
    cache = request.app.state.catalogue_cache
    assert isinstance(cache, CatalogueCache)  # noqa: S101 - set by create_app
    return cache


async def get_catalogue_cache(request: Request) -> CatalogueCache:
    """The app's catalogue cache (async: a lookup is not worth a trip to the thread pool)."""
    return cache_of(request)


CatalogueCacheDep = Annotated[CatalogueCache, Depends(get_catalogue_cache)]


def current_revision(request: Request) -> int:
    """The catalogue revision, as the app's cache has it (read when it has none fresh)."""
    database = database_of(request)

    def read() -> int:
        with database.reader() as session:
            return queries.revision(session)

    return cache_of(request).revision.current(read)


def fresh_revision(request: Request) -> int | None:
    """The catalogue revision if the app's cache has it without reading, else None."""
    return cache_of(request).revision.fresh()


def mark_changed(session: Session) -> None:
    """Note that this transaction changed the catalogue; the app's cache hears it at commit."""
    note_change(session, CHANGE)
