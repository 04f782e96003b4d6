"""The catalogue state a request serves, from the app's cache, so a cached page needs no
query.

Every catalogue page is cached per state: the revision (`service.bump_revision` counts
changes) and the last release instant passed (a scheduled stamp becomes public without a
write; `cache.Snapshot`). The app's `CatalogueCache` re-reads it at most every
``catalogue_revision_ttl`` seconds, at once after a session of the app's database commits a
change to the catalogue, and when the app's clock passes the next release instant.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.requests import Request

from app.catalogue import queries
from app.catalogue.cache import CHANGE, CatalogueCache, Snapshot
from app.core.clock import clock_of
from app.core.db import database_of, note_change


def cache_of(request: Request) -> CatalogueCache:
    cache = request.app.state.catalogue_cache
    assert isinstance(cache, CatalogueCache)  # noqa: S101 - set by create_app
    return cache


async def get_catalogue_cache(request: Request) -> CatalogueCache:
    """The app's catalogue cache (async: a lookup is not worth a trip to the thread pool)."""
    return cache_of(request)


CatalogueCacheDep = Annotated[CatalogueCache, Depends(get_catalogue_cache)]


def snapshot(session: Session, now: dt.datetime) -> Snapshot:
    """The catalogue state at ``now``, read from the database."""
    last, following = queries.releases(session, now)
    return Snapshot(queries.revision(session), last, following)


def current_revision(request: Request, now: dt.datetime | None = None) -> str:
    """The catalogue state's key at ``now`` (the app's clock by default), as the app's cache
    has it (read when it has none that holds)."""
    database = database_of(request)
    at = now if now is not None else clock_of(request).now()

    def read() -> Snapshot:
        with database.reader() as session:
            return snapshot(session, at)

    return cache_of(request).revision.current(read, at).key


def fresh_revision(request: Request, now: dt.datetime | None = None) -> str | None:
    """The catalogue state's key if the app's cache has it without reading, else None."""
    at = now if now is not None else clock_of(request).now()
    value = cache_of(request).revision.fresh(at)
    return value.key if value is not None else None


def mark_changed(session: Session) -> None:
    """Note that this transaction changed the catalogue; the app's cache hears it at commit."""
    note_change(session, CHANGE)
