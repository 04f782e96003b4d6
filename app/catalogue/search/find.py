"""One page of the catalogue, searched or not: the one function the pages and the API call.

Without search words it is a filtered browse (`queries.browse`). With words, a small
catalogue is asked in one go; a large one asks the head of the page order first, group by
group (`plan`), in its database's terms (`sqlite`, `postgresql`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Protocol

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from app.catalogue import queries
from app.catalogue.cache import CatalogueCache
from app.catalogue.queries import EntryRow, Filters
from app.catalogue.search import plan, postgresql, sqlite, text


class Backend(Protocol):
    """What a database's search module offers (`sqlite`, `postgresql`)."""

    def everywhere(self, words: list[str]) -> ColumnElement[bool]: ...

    def hits(
        self,
        session: Session,
        filters: Filters,
        match: ColumnElement[bool],
        key: list[Any] | None,
        count: int,
    ) -> list[EntryRow]: ...

    def search_page(
        self,
        session: Session,
        filters: Filters,
        words: list[str],
        key: list[Any] | None,
        limit: int,
        groups: list[plan.Group],
    ) -> list[EntryRow]: ...


# Modules satisfy the protocol: the type checker holds each to it.
BACKENDS: dict[str, Backend] = {"sqlite": sqlite, "postgresql": postgresql}


def backend_of(session: Session) -> Backend:
    return BACKENDS[session.get_bind().dialect.name]


def page(
    session: Session,
    filters: Filters,
    limit: int,
    cursor: str | None,
    *,
    cache: CatalogueCache | None = None,
    revision: Hashable | None = None,
) -> tuple[list[EntryRow], str | None]:
    """One page in the chosen order; returns the rows and the cursor of the next page.

    ``cache`` (the app's `CatalogueCache`) and ``revision``, the catalogue revision the caller
    serves (`cache.Snapshot.key`), let a search reuse the (administration, year) groups read
    at that state.
    """
    key = queries.decode_cursor(cursor, filters.sort) if cursor else None
    words = text.query_words(filters.q or "")
    if words:
        rows = _search(session, filters, words, key, limit, groups(session, cache, revision))
    else:
        rows = queries.browse(session, filters, key, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (queries.encode_cursor(rows[-1], filters.sort) if more and rows else None)


def _search(
    session: Session,
    filters: Filters,
    words: list[str],
    key: list[Any] | None,
    limit: int,
    every: list[plan.Group],
) -> list[EntryRow]:
    backend = backend_of(session)
    if sum(g.entries for g in every) <= plan.FIRST_ENTRIES:
        return backend.hits(session, filters, backend.everywhere(words), key, limit + 1)
    groups = _narrowed(every, filters, key)
    if not groups:
        return []  # no group, no entry: every entry was numbered in its group's sequence
    return backend.search_page(session, filters, words, key, limit, groups)


def groups(
    session: Session, cache: CatalogueCache | None, revision: Hashable | None
) -> list[plan.Group]:
    def read() -> list[plan.Group]:
        return [plan.Group(*row) for row in queries.number_groups(session)]

    return cache.groups(revision, read) if cache is not None else read()


def _narrowed(
    groups: list[plan.Group], filters: Filters, key: list[Any] | None
) -> list[plan.Group]:
    """The groups the filters and the cursor leave."""
    lows = [y for y in (filters.year, filters.date_from and filters.date_from.year) if y]
    highs = [y for y in (filters.year, filters.date_to and filters.date_to.year) if y]
    if key and filters.sort == "newest":
        highs.append(key[0].year)
    if key and filters.sort == "oldest":
        lows.append(key[0].year)
    return plan.narrowed(
        groups,
        code=filters.administration.upper() if filters.administration else None,
        first_year=max(lows, default=None),
        last_year=min(highs, default=None),
        from_group=(key[0], key[1]) if key and filters.sort == "number" else None,
    )
