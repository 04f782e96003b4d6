"""SQLite's search: FTS5 over the search text, and over it again per administration and year.

`catalogue_fts` holds every entry's search text (migration 0002, prefixes from two letters in
0008); `catalogue_fts_groups` the same words after their entry's administration and year,
`ps2026يوم` (migration 0011), so one group's matches are every word as a token prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, column, literal_column, select, table
from sqlalchemy.orm import Session

from app.catalogue import queries
from app.catalogue.models import CatalogueEntry
from app.catalogue.queries import EntryRow, Filters
from app.catalogue.search import plan

_FTS = table("catalogue_fts", column("rowid"))
_FTS_GROUPS = table("catalogue_fts_groups", column("rowid"))


def fts5_query(words: list[str]) -> str:
    """`["يوم", "بريد"]` → `"يوم"* "بريد"*` (every word, as a token prefix).

    Words hold letters and digits only (`text.normalise`), so quoting them needs no escapes.
    """
    return " ".join(f'"{w}"*' for w in words)


def fts5_grouped_query(groups: Sequence[tuple[str, int]], words: list[str]) -> str:
    """`[("PS", 2026)]`, `["يوم", "بريد"]` → `("ps2026يوم"* AND "ps2026بريد"*)`, one branch a group.

    The tokens of `catalogue_fts_groups` (migration 0011): each word after its entry's
    administration and year, so a group's matches are every word as a prefix of its token.
    """
    return " OR ".join(
        "(" + " AND ".join(f'"{code.lower()}{year}{w}"*' for w in words) + ")"
        for code, year in groups
    )


def everywhere(words: list[str]) -> ColumnElement[bool]:
    """Entries whose search text has every word as a token prefix."""
    match = literal_column("catalogue_fts").op("MATCH")(fts5_query(words))
    return CatalogueEntry.id.in_(select(_FTS.c.rowid).where(match))


def hits(
    session: Session,
    filters: Filters,
    match: ColumnElement[bool],
    key: list[Any] | None,
    count: int,
) -> list[EntryRow]:
    """The first ``count`` entries after ``key`` that pass the filters and ``match``: SQLite
    walks the index of the page order and keeps the rows FTS5 listed, which stops at the
    page's end."""
    matching = queries.filtered(filters).where(match)
    return queries.read(session, queries.ordered(matching, filters.sort, key).limit(count))


def search_page(
    session: Session,
    filters: Filters,
    words: list[str],
    key: list[Any] | None,
    limit: int,
    groups: list[plan.Group],
) -> list[EntryRow]:
    """A page of a large catalogue: every group asked in the end, in page order (`plan`)."""
    rows: list[EntryRow] = []
    if _none(session, words):
        return rows  # words no stamp has: one look at the whole index, not an ask of each group
    for asked, span in enumerate(plan.spans(groups, filters.sort, None, plan.FTS5_MAX_GROUPS)):
        count = limit + 1 - len(rows)
        end = span.after(filters.sort)
        rows += _grouped_hits(session, filters, span.groups, words, (key, end), count, asked)
        if len(rows) > limit or span.last:
            return rows
        key = end
    return rows + hits(session, filters, everywhere(words), key, limit + 1 - len(rows))


def _none(session: Session, words: list[str]) -> bool:
    """No stamp at all holds every word (the whole-catalogue index answers at its first match).

    Words of one letter are left out of the look. The prefix index starts at two letters
    (migration 0008), so FTS5 would first merge the list of every term that begins with the
    letter, most of the catalogue (40–70 ms at 1,000,000 entries); and nearly every stamp
    has such a word anyway.
    """
    longer = [w for w in words if len(w) > 1]
    if not longer:
        return False
    match = literal_column("catalogue_fts").op("MATCH")(fts5_query(longer))
    return session.connection().scalar(select(_FTS.c.rowid).where(match).limit(1)) is None


def _grouped_hits(
    session: Session,
    filters: Filters,
    groups: list[tuple[str, int]],
    words: list[str],
    bounds: tuple[list[Any] | None, list[Any]],
    count: int,
    asked: int,
) -> list[EntryRow]:
    """The first ``count`` entries of an ask of ``groups``, between two sort keys.

    The first ask walks the index of the page order through its span and keeps the rows
    FTS5 listed: the walk ends at the page's end however many stamps match. An ask after it
    comes only when the first did not fill the page, so its matches are few: they are listed
    first and fetched by id, rather than walked past among the span's other stamps.
    """
    key, end = bounds
    e = CatalogueEntry
    matching = queries.filtered(filters).where(queries.not_after(end, filters.sort))
    fts = _FTS_GROUPS.c.rowid
    grouped = literal_column("catalogue_fts_groups").op("MATCH")(fts5_grouped_query(groups, words))
    if asked == 0:
        stmt = matching.where(e.id.in_(select(fts).where(grouped)))
        return queries.read(session, queries.ordered(stmt, filters.sort, key).limit(count))
    found = select(fts.label("id")).where(grouped).cte("found").prefix_with("MATERIALIZED")
    stmt = matching.select_from(found).join(e, e.id == found.c.id)
    return queries.matches_first(session, stmt, filters.sort, key, count)
