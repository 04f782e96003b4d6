"""Public catalogue reads: filters, search and keyset pagination over issued entries.

Only catalogue tables are read here. The cursor carries the last row's sort key ending in a
unique column, so pages neither repeat nor skip rows when new stamps are issued between requests.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Engine,
    Pool,
    Select,
    and_,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from app.catalogue import search, search_groups
from app.catalogue.models import (
    CatalogueEntry,
    CatalogueRevision,
    NumberSequence,
    Product,
    ProductItem,
)
from app.core.problems import NotFound, Unprocessable

Sort = Literal["newest", "oldest", "number"]
SORTS: tuple[Sort, ...] = ("newest", "oldest", "number")
_FTS = table("catalogue_fts", column("rowid"))
_FTS_GROUPS = table("catalogue_fts_groups", column("rowid"))
_REVISION = select(CatalogueRevision.__table__.c.value).where(CatalogueRevision.__table__.c.id == 1)
# What a page reads of an entry: every column but the search text, which only the index needs.
_PAGE_COLUMNS = [c for c in CatalogueEntry.__table__.c if c.key != "search_text"]
_PAGE_SELECT = select(*_PAGE_COLUMNS)  # built once: every page query starts from it
# A page's entry: a row of `_PAGE_COLUMNS`, read by attribute like the mapped entry.
EntryRow = Row[Any]


@dataclass(frozen=True)
class Filters:
    q: str | None = None
    administration: str | None = None
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    theme: str | None = None
    face_min: int | None = None
    face_max: int | None = None
    joint: bool | None = None
    product: str | None = None
    sort: Sort = "newest"


def _sort_key(entry: CatalogueEntry | EntryRow, sort: Sort) -> list[Any]:
    if sort == "number":
        return [entry.administration_code, entry.year, entry.seq]
    return [entry.issue_date.isoformat(), entry.id]


def encode_cursor(entry: CatalogueEntry | EntryRow, sort: Sort = "newest") -> str:
    raw = json.dumps([sort, *_sort_key(entry, sort)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort = "newest") -> list[Any]:
    """The sort key a cursor carries; 422 when it is not one of ours or not for this sort."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list):
            raise ValueError("not a list")
        if len(raw) == 2:  # cursors of the first release: newest first
            raw = ["newest", *raw]
        kind, *key = raw
        if kind != sort:
            raise ValueError("cursor of another sort order")
        if sort == "number":
            code, year, seq = key
            return [str(code), int(year), int(seq)]
        date_text, entry_id = key
        return [dt.date.fromisoformat(date_text), int(entry_id)]
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise Unprocessable("The cursor is not valid", field="cursor") from exc


def search_clause(dialect: str, words: list[str]) -> ColumnElement[bool]:
    """Entries whose search text has every word as a token prefix (see `search.py`)."""
    if dialect == "postgresql":
        vector = func.catalogue_search_prefixes(CatalogueEntry.search_text)
        return vector.op("@@")(cast(literal(search.prefix_tsquery(words)), TSQUERY))
    match = literal_column("catalogue_fts").op("MATCH")(search.fts5_query(words))
    return CatalogueEntry.id.in_(select(_FTS.c.rowid).where(match))


def grouped_clause(groups: list[tuple[str, int]], words: list[str]) -> ColumnElement[bool]:
    """PostgreSQL entries of these (administration, year) groups with every word as a prefix."""
    vector = func.catalogue_search_groups(
        CatalogueEntry.administration_code, CatalogueEntry.year, CatalogueEntry.search_text
    )
    return vector.op("@@")(cast(literal(search.grouped_tsquery(groups, words)), TSQUERY))


def _fts5_groups(groups: list[tuple[str, int]], words: list[str]) -> ColumnElement[bool]:
    """The SQLite `catalogue_fts_groups` rows of these groups with every word as a prefix."""
    query = search.fts5_grouped_query(groups, words)
    return literal_column("catalogue_fts_groups").op("MATCH")(query)


def filtered(dialect: str, filters: Filters, *, text: bool = True) -> Select[Any]:
    """Entries passing every filter (their page columns); ``text=False`` leaves out the
    search words."""
    stmt = _PAGE_SELECT
    if filters.administration:
        stmt = stmt.where(CatalogueEntry.administration_code == filters.administration.upper())
    if filters.year:
        # A stamp's year is its issue date's (issuing sets both, and a correction cannot
        # change the date), so the year is asked as a date range: one clause the
        # (administration, issue date) index bounds its scan with, and the planner
        # estimates as well as any other range.
        stmt = stmt.where(
            CatalogueEntry.issue_date.between(
                dt.date(filters.year, 1, 1), dt.date(filters.year, 12, 31)
            )
        )
    if filters.date_from:
        stmt = stmt.where(CatalogueEntry.issue_date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(CatalogueEntry.issue_date <= filters.date_to)
    if filters.theme:
        stmt = stmt.where(
            or_(CatalogueEntry.theme == filters.theme, CatalogueEntry.theme_group == filters.theme)
        )
    if filters.face_min is not None:
        stmt = stmt.where(CatalogueEntry.face_value_minor >= filters.face_min)
    if filters.face_max is not None:
        stmt = stmt.where(CatalogueEntry.face_value_minor <= filters.face_max)
    if filters.joint is not None:
        stmt = stmt.where(CatalogueEntry.is_joint.is_(filters.joint))
    if filters.product:
        stmt = stmt.where(
            exists()
            .where(ProductItem.entry_id == CatalogueEntry.id)
            .where(Product.id == ProductItem.product_id, Product.kind == filters.product)
        )
    words = search.query_words(filters.q or "") if text else []
    if words:
        stmt = stmt.where(search_clause(dialect, words))
    return stmt


def _ordered(stmt: Select[Any], sort: Sort, key: list[Any] | None, e: Any = CatalogueEntry) -> Any:
    """``stmt`` in page order after ``key``; ``e`` is the entry table or an alias of it."""
    if sort == "number":
        cols = (e.administration_code, e.year, e.seq)
        if key:
            stmt = stmt.where(tuple_(*cols) > tuple_(*key))
        return stmt.order_by(*cols)
    if sort == "oldest":
        if key:
            stmt = stmt.where(
                or_(e.issue_date > key[0], and_(e.issue_date == key[0], e.id > key[1]))
            )
        return stmt.order_by(e.issue_date, e.id)
    if key:
        stmt = stmt.where(or_(e.issue_date < key[0], and_(e.issue_date == key[0], e.id < key[1])))
    return stmt.order_by(e.issue_date.desc(), e.id.desc())


def page(
    session: Session,
    filters: Filters,
    limit: int,
    cursor: str | None,
    revision: int | None = None,
) -> tuple[list[EntryRow], str | None]:
    """One page in the chosen order; returns the rows and the cursor of the next page.

    ``revision``, the catalogue revision the caller serves (`revision.current_revision`), lets
    a search reuse the (administration, year) groups it read at that revision.
    """
    dialect = session.get_bind().dialect.name
    key = decode_cursor(cursor, filters.sort) if cursor else None
    words = search.query_words(filters.q or "")
    if words:
        every = _groups(session, revision)
        rows = _search_page(session, dialect, filters, words, key, limit, every)
    else:
        stmt = _ordered(filtered(dialect, filters), filters.sort, key).limit(limit + 1)
        rows = _read(session, stmt)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1], filters.sort) if more and rows else None)


def _search_page(
    session: Session,
    dialect: str,
    filters: Filters,
    words: list[str],
    key: list[Any] | None,
    limit: int,
    every: list[search_groups.Group],
) -> list[EntryRow]:
    """A search page: the head of the page order first, then the rest if needed.

    Each ask covers a few (administration, year) groups in page order (`search_groups`), so
    only their matches are fetched. On PostgreSQL the word-beginnings index answers what the
    first asks leave of the page, after the last span they covered; SQLite goes on asking
    groups to the end. A small catalogue is asked in one go.
    """
    if sum(g.entries for g in every) <= search_groups.FIRST_ENTRIES:
        return _hits(session, dialect, filters, search_clause(dialect, words), key, limit + 1)
    groups = _narrowed(every, filters, key)
    rows: list[EntryRow] = []
    if not groups:
        return rows  # no group, no entry: every entry was numbered in its group's sequence
    if dialect == "postgresql":
        asks = search_groups.spans(
            groups, filters.sort, search_groups.MAX_ASKS, search_groups.MAX_GROUPS
        )
    elif _fts5_none(session, words):
        return rows  # words no stamp has: one look at the whole index, not an ask of each group
    else:
        asks = search_groups.spans(groups, filters.sort, None, search_groups.FTS5_MAX_GROUPS)
    for asked, span in enumerate(asks):
        count = limit + 1 - len(rows)
        end = span.after(filters.sort)
        if dialect == "postgresql":
            # The ask leaves out the administration's clause: its groups are the
            # administration's already, and the planner would AND the bitmap of the
            # administration's third of the catalogue with the few matches; a bitmap that
            # large turns lossy, and each row of its pages then has its grouped words
            # computed again (a letter: 150 ms at 1,000,000 entries).
            grouped = replace(filters, administration=None)
            clause = grouped_clause(span.groups, words)
            rows += _hits(session, dialect, grouped, clause, key, count)
        else:
            rows += _fts5_hits(session, filters, span.groups, words, (key, end), count, asked)
        if len(rows) > limit or span.last:
            return rows
        key = end
    rest = search_clause(dialect, words)
    return rows + _hits(session, dialect, filters, rest, key, limit + 1 - len(rows))


_SEQ = NumberSequence.__table__.c
_GROUPS_READ = select(_SEQ.administration_code, _SEQ.year, _SEQ.last_seq)
# Per database (its connection pool, which an engine's option views share): the groups as
# read at one catalogue revision. Only issuing changes them; issuing bumps the revision, and
# a commit that changed the catalogue forgets them (`revision.py`).
_groups_seen: weakref.WeakKeyDictionary[Pool, tuple[int, list[search_groups.Group]]] = (
    weakref.WeakKeyDictionary()
)
_groups_lock = threading.Lock()


def _groups(session: Session, revision: int | None = None) -> list[search_groups.Group]:
    """Every (administration, year) group of the catalogue with its size (a small table),
    read once per catalogue revision when the caller names the revision it serves."""
    pool = session.get_bind().engine.pool
    if revision is not None:
        with _groups_lock:
            seen = _groups_seen.get(pool)
        if seen is not None and seen[0] == revision:
            return seen[1]
    # Core, not ORM: the whole table is read (a few hundred rows at most).
    groups = [search_groups.Group(*row) for row in session.connection().execute(_GROUPS_READ)]
    if revision is not None:
        with _groups_lock:
            _groups_seen[pool] = (revision, groups)
    return groups


def forget_groups(engine: Engine) -> None:
    """Drop the groups read for this database: its catalogue has just changed."""
    with _groups_lock:
        _groups_seen.pop(engine.pool, None)


def _narrowed(
    groups: list[search_groups.Group], filters: Filters, key: list[Any] | None
) -> list[search_groups.Group]:
    """The groups the filters and the cursor leave."""
    lows = [y for y in (filters.year, filters.date_from and filters.date_from.year) if y]
    highs = [y for y in (filters.year, filters.date_to and filters.date_to.year) if y]
    if key and filters.sort == "newest":
        highs.append(key[0].year)
    if key and filters.sort == "oldest":
        lows.append(key[0].year)
    return search_groups.narrowed(
        groups,
        code=filters.administration.upper() if filters.administration else None,
        first_year=max(lows, default=None),
        last_year=min(highs, default=None),
        from_group=(key[0], key[1]) if key and filters.sort == "number" else None,
    )


def _hits(
    session: Session,
    dialect: str,
    filters: Filters,
    match: ColumnElement[bool],
    key: list[Any] | None,
    count: int,
) -> list[EntryRow]:
    """The first ``count`` entries after ``key`` that pass the filters and ``match``.

    SQLite walks the index of the page order and keeps the rows FTS5 listed, which stops at
    the page's end. PostgreSQL, asked as one query, may walk the date index too, but it
    evaluates the search text of each row it passes (the planner cannot see that this costs
    far more than a row fetched from the index); the matches are therefore found first, as a
    materialised set, then sorted, and only the page's rows are read whole.
    """
    matching = filtered(dialect, filters, text=False).where(match)
    if dialect != "postgresql":
        return _read(session, _ordered(matching, filters.sort, key).limit(count))
    return _matches_first(session, matching, filters.sort, key, count)


def _matches_first(
    session: Session, matching: Select[Any], sort: Sort, key: list[Any] | None, count: int
) -> list[EntryRow]:
    """The first ``count`` rows of ``matching`` after ``key``: every match is found first,
    as a materialised set of sort keys, then sorted; only the page's rows are read whole."""
    e = CatalogueEntry
    keys = (e.id, e.issue_date, e.administration_code, e.year, e.seq)
    hits = matching.with_only_columns(*keys).cte("hits").prefix_with("MATERIALIZED")
    top = _ordered(select(hits.c.id), sort, key, hits.c).limit(count).subquery()
    stmt = _PAGE_SELECT.join(top, top.c.id == e.id)
    return _read(session, _ordered(stmt, sort, None))


def _fts5_none(session: Session, words: list[str]) -> bool:
    """No stamp at all holds every word (the whole-catalogue index answers at its first match).

    Words of one letter are left out of the look. The prefix index starts at two letters
    (migration 0008), so FTS5 would first merge the list of every term that begins with the
    letter, most of the catalogue (40–70 ms at 1,000,000 entries); and nearly every stamp
    has such a word anyway.
    """
    longer = [w for w in words if len(w) > 1]
    if not longer:
        return False
    match = literal_column("catalogue_fts").op("MATCH")(search.fts5_query(longer))
    return session.connection().scalar(select(_FTS.c.rowid).where(match).limit(1)) is None


def _fts5_hits(
    session: Session,
    filters: Filters,
    groups: list[tuple[str, int]],
    words: list[str],
    bounds: tuple[list[Any] | None, list[Any]],
    count: int,
    asked: int,
) -> list[EntryRow]:
    """The first ``count`` entries of an SQLite ask of ``groups``, between two sort keys.

    The first ask walks the index of the page order through its span and keeps the rows
    FTS5 listed: the walk ends at the page's end however many stamps match. An ask after it
    comes only when the first did not fill the page, so its matches are few: they are listed
    first and fetched by id, rather than walked past among the span's other stamps.
    """
    key, end = bounds
    e = CatalogueEntry
    matching = filtered("sqlite", filters, text=False).where(_not_after(end, filters.sort))
    fts = _FTS_GROUPS.c.rowid
    if asked == 0:
        stmt = matching.where(e.id.in_(select(fts).where(_fts5_groups(groups, words))))
        return _read(session, _ordered(stmt, filters.sort, key).limit(count))
    listed = select(fts.label("id")).where(_fts5_groups(groups, words))
    found = listed.cte("found").prefix_with("MATERIALIZED")
    stmt = matching.select_from(found).join(e, e.id == found.c.id)
    return _matches_first(session, stmt, filters.sort, key, count)


def _read(session: Session, stmt: Select[Any]) -> list[EntryRow]:
    """A page's entries as plain rows: a page is only read, so the ORM's instances, identity
    map and attribute instrumentation would be work for nothing on every request."""
    return list(session.connection().execute(stmt))


def _not_after(end: list[Any], sort: Sort) -> ColumnElement[bool]:
    """Entries up to ``end``, a key of `Span.after`: between two days, or two groups."""
    e = CatalogueEntry
    if sort == "number":
        return tuple_(e.administration_code, e.year) <= tuple_(*end[:2])
    day: dt.date = end[0]
    return e.issue_date <= day if sort == "oldest" else e.issue_date >= day


def revision(session: Session) -> int:
    """The catalogue's change counter (see `service.bump_revision`)."""
    # Core, not ORM: this runs on every page and API request, before any cache lookup.
    value = session.connection().scalar(_REVISION)
    return int(value or 0)


def by_number(session: Session, number: str) -> CatalogueEntry:
    entry = session.scalar(select(CatalogueEntry).where(CatalogueEntry.number == number))
    if entry is None:
        raise NotFound(f"No stamp {number} in the catalogue")
    return entry
