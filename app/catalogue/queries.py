"""Public catalogue reads: filters, keyset pagination, and what the views are built from.

Only catalogue tables are read here. The cursor carries the last row's sort key ending in a
unique column, so pages neither repeat nor skip rows when new stamps are issued between
requests. Search words are the search package's (`app.catalogue.search`): it adds them to
these statements in its backend's terms.

Every public read takes ``now``, the app's clock (`app.core.clock`), and sees only entries
public at that instant (`CatalogueEntry.public_from`, the embargo): a scheduled stamp is absent
from lists, searches, exports and the feed, and its number is as unknown as one never given.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, tuple_
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from app.catalogue.models import (
    CatalogueEntry,
    CatalogueRevision,
    Erratum,
    JointIssue,
    NumberSequence,
    Product,
    ProductItem,
)
from app.core.problems import NotFound, Unprocessable

Sort = Literal["newest", "oldest", "number"]
SORTS: tuple[Sort, ...] = ("newest", "oldest", "number")
_REVISION = select(CatalogueRevision.__table__.c.value).where(CatalogueRevision.__table__.c.id == 1)
# What a page reads of an entry: every column but the search text, which only the index needs.
_PAGE_COLUMNS = [c for c in CatalogueEntry.__table__.c if c.key != "search_text"]
_PAGE_SELECT = select(*_PAGE_COLUMNS)  # built once: every page query starts from it
# A page's entry: a row of `_PAGE_COLUMNS`, read by attribute like the mapped entry.
EntryRow = Row[Any]


def public_at(now: dt.datetime, e: Any = CatalogueEntry) -> ColumnElement[bool]:
    """Entries public at ``now``; ``e`` is the entry table or an alias of it."""
    released: ColumnElement[bool] = e.public_from <= now
    return released


@dataclass(frozen=True, kw_only=True)
class Filters:
    now: dt.datetime  # the catalogue's clock: only entries public at this instant
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


def filtered(filters: Filters) -> Select[Any]:
    """Entries passing every filter but the search words (their page columns); the search
    package adds the words, in its backend's terms."""
    stmt = _PAGE_SELECT.where(public_at(filters.now))
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
    return stmt


def ordered(stmt: Select[Any], sort: Sort, key: list[Any] | None, e: Any = CatalogueEntry) -> Any:
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


def browse(session: Session, filters: Filters, key: list[Any] | None, count: int) -> list[EntryRow]:
    """The first ``count`` entries after ``key`` in page order, without search words."""
    return read(session, ordered(filtered(filters), filters.sort, key).limit(count))


_SEQ = NumberSequence.__table__.c
_GROUPS_READ = select(_SEQ.administration_code, _SEQ.year, _SEQ.last_seq)


def number_groups(session: Session) -> list[tuple[str, int, int]]:
    """Every (administration, year, entries) of the catalogue: its number sequences (a small
    table; see `search.plan` for why their last numbers are the groups' sizes)."""
    # Core, not ORM: the whole table is read (a few hundred rows at most).
    return [(code, year, last) for code, year, last in session.connection().execute(_GROUPS_READ)]


def matches_first(
    session: Session, matching: Select[Any], sort: Sort, key: list[Any] | None, count: int
) -> list[EntryRow]:
    """The first ``count`` rows of ``matching`` after ``key``: every match is found first,
    as a materialised set of sort keys, then sorted; only the page's rows are read whole."""
    e = CatalogueEntry
    keys = (e.id, e.issue_date, e.administration_code, e.year, e.seq)
    hits = matching.with_only_columns(*keys).cte("hits").prefix_with("MATERIALIZED")
    top = ordered(select(hits.c.id), sort, key, hits.c).limit(count).subquery()
    stmt = _PAGE_SELECT.join(top, top.c.id == e.id)
    return read(session, ordered(stmt, sort, None))


def read(session: Session, stmt: Select[Any]) -> list[EntryRow]:
    """A page's entries as plain rows: a page is only read, so the ORM's instances, identity
    map and attribute instrumentation would be work for nothing on every request."""
    return list(session.connection().execute(stmt))


def not_after(end: list[Any], sort: Sort) -> ColumnElement[bool]:
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


def by_number(session: Session, number: str, now: dt.datetime) -> CatalogueEntry:
    """The entry public at ``now`` with this number; 404, the same as for a number never
    given, when there is none or it is still scheduled."""
    entry = session.scalar(
        select(CatalogueEntry).where(CatalogueEntry.number == number, public_at(now))
    )
    if entry is None:
        raise NotFound(f"No stamp {number} in the catalogue")
    return entry


def releases(session: Session, now: dt.datetime) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The last release instant up to ``now`` and the next one after it (None where there is
    none): what the public catalogue shows changes only at these instants, between writes."""
    e = CatalogueEntry.__table__.c
    last = session.connection().scalar(select(func.max(e.public_from)).where(e.public_from <= now))
    following = session.connection().scalar(
        select(func.min(e.public_from)).where(e.public_from > now)
    )
    return _utc(last), _utc(following)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """An aggregate's datetime, aware in UTC (Core aggregates skip the column's type on SQLite)."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands max()/min() of its text back as text
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


_JOINT = JointIssue.__table__.c
_ENTRY = CatalogueEntry.__table__.c


# Joint issue id → [(entry id, number)] of its entries, and joint issue id → kind.
Partners = tuple[dict[int, list[tuple[int, str]]], dict[int, str]]
# Products holding an entry, and for each the stamps it holds (product id → number → count).
Holdings = tuple[list[Product], dict[int, dict[str, int]]]


def partners(
    session: Session, entries: Sequence[CatalogueEntry | EntryRow], *, now: dt.datetime | None
) -> Partners:
    """Joint issue id → [(entry id, number)] of its entries, and joint issue id → kind.

    Only partner entries public at ``now`` are named (a partner whose midnight has not come
    yet is left out); ``None`` names them all, for the staff of the partners."""
    joint_ids = {e.joint_issue_id for e in entries if e.joint_issue_id is not None}
    found: dict[int, list[tuple[int, str]]] = {}
    kinds: dict[int, str] = {}
    if joint_ids:
        # Core, not ORM: one small query on every catalogue page.
        stmt = (
            select(_JOINT.id, _JOINT.kind, _ENTRY.id, _ENTRY.number)
            .join(CatalogueEntry.__table__, _ENTRY.joint_issue_id == _JOINT.id)
            .where(_JOINT.id.in_(joint_ids))
            .order_by(_ENTRY.id)
        )
        if now is not None:
            stmt = stmt.where(public_at(now, _ENTRY))
        for joint_id, kind, entry_id, number in session.connection().execute(stmt):
            found.setdefault(joint_id, []).append((entry_id, number))
            kinds[joint_id] = kind
    return found, kinds


def products_of(session: Session, entry: CatalogueEntry, now: dt.datetime) -> Holdings:
    """The products holding an entry, and for each the stamps public at ``now`` it holds
    (number → count)."""
    product_ids = select(ProductItem.product_id).where(ProductItem.entry_id == entry.id)
    products = list(session.scalars(select(Product).where(Product.id.in_(product_ids))))
    contents: dict[int, dict[str, int]] = {}
    if products:
        for product_id, number, count in session.execute(
            select(ProductItem.product_id, CatalogueEntry.number, ProductItem.count)
            .join(CatalogueEntry, CatalogueEntry.id == ProductItem.entry_id)
            .where(ProductItem.product_id.in_([p.id for p in products]), public_at(now))
        ):
            contents.setdefault(product_id, {})[number] = count
    return products, contents


def errata_of(session: Session, entry: CatalogueEntry) -> list[Erratum]:
    """An entry's corrections, oldest first."""
    return list(
        session.scalars(
            select(Erratum)
            .where(Erratum.entry_id == entry.id)
            .order_by(Erratum.noted_on, Erratum.id)
        )
    )


def by_numbers(session: Session, numbers: Sequence[str], now: dt.datetime) -> list[CatalogueEntry]:
    """The entries of these numbers public at ``now``, in the order they were issued."""
    if not numbers:
        return []
    return list(
        session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.number.in_(numbers), public_at(now))
            .order_by(CatalogueEntry.id)
        )
    )


def administrations(session: Session, now: dt.datetime) -> list[tuple[str, str, str]]:
    """(code, Arabic name, Latin name) of every administration with a stamp public at ``now``."""
    codes = session.scalars(select(NumberSequence.administration_code).distinct()).all()
    out = []
    for code in sorted(codes):
        names = session.execute(
            select(CatalogueEntry.inscription_ar, CatalogueEntry.inscription_latin)
            .where(CatalogueEntry.administration_code == code, public_at(now))
            .limit(1)
        ).first()
        if names is not None:
            out.append((code, names[0] or code, names[1] or code))
    return out


def detail_parts(
    session: Session, entry: CatalogueEntry, now: dt.datetime
) -> tuple[Partners, Holdings, list[Erratum]]:
    """What a stamp's public detail view shows beside its own columns (`views.detail`)."""
    return (
        partners(session, [entry], now=now),
        products_of(session, entry, now),
        errata_of(session, entry),
    )
