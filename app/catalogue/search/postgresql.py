"""PostgreSQL's search: GIN indexes over every beginning of every word, asked as lexemes.

`catalogue_search_prefixes(search_text)` holds each word's beginnings (migration 0009), so a
prefix is asked as one exact lexeme; `catalogue_search_groups(...)` the same beginnings under
the entry's administration and year, `ps2026:يوم` (migration 0010), for the grouped asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, cast, func, literal
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from app.catalogue import queries
from app.catalogue.models import CatalogueEntry
from app.catalogue.queries import EntryRow, Filters
from app.catalogue.search import plan


def prefix_tsquery(words: list[str]) -> str:
    """`["يوم", "بريد"]` → `'يوم' & 'بريد'`: every word as one exact lexeme.

    Words hold letters and digits only (`text.normalise`), so quoting them needs no escapes.
    """
    return " & ".join(f"'{w}'" for w in words)


def grouped_tsquery(groups: Sequence[tuple[str, int]], words: list[str]) -> str:
    """`[("PS", 2026)]`, `["يوم", "بريد"]` → `('ps2026:يوم' & 'ps2026:بريد')`, one branch a group.

    Each word beginning under its entry's administration and year, so a group's matches are
    one exact lexeme per word.
    """
    return " | ".join(
        "(" + " & ".join(f"'{code.lower()}{year}:{w}'" for w in words) + ")"
        for code, year in groups
    )


def everywhere(words: list[str]) -> ColumnElement[bool]:
    """Entries whose search text has every word as a token prefix."""
    vector = func.catalogue_search_prefixes(CatalogueEntry.search_text)
    return vector.op("@@")(cast(literal(prefix_tsquery(words)), TSQUERY))


def grouped(groups: list[tuple[str, int]], words: list[str]) -> ColumnElement[bool]:
    """Entries of these (administration, year) groups with every word as a prefix."""
    vector = func.catalogue_search_groups(
        CatalogueEntry.administration_code, CatalogueEntry.year, CatalogueEntry.search_text
    )
    return vector.op("@@")(cast(literal(grouped_tsquery(groups, words)), TSQUERY))


def hits(
    session: Session,
    filters: Filters,
    match: ColumnElement[bool],
    key: list[Any] | None,
    count: int,
) -> list[EntryRow]:
    """The first ``count`` entries after ``key`` that pass the filters and ``match``.

    Asked as one query, PostgreSQL may walk the date index, but it evaluates the search text
    of each row it passes (the planner cannot see that this costs far more than a row fetched
    from the index); the matches are therefore found first, as a materialised set, then
    sorted, and only the page's rows are read whole.
    """
    matching = queries.filtered(filters).where(match)
    return queries.matches_first(session, matching, filters.sort, key, count)


def search_page(
    session: Session,
    filters: Filters,
    words: list[str],
    key: list[Any] | None,
    limit: int,
    groups: list[plan.Group],
) -> list[EntryRow]:
    """A page of a large catalogue: the first few asks by group (`plan`), then the
    word-beginnings index for what they leave of the page, after the last span they covered."""
    rows: list[EntryRow] = []
    for span in plan.spans(groups, filters.sort, plan.MAX_ASKS, plan.MAX_GROUPS):
        # The ask leaves out the administration's clause: its groups are the
        # administration's already, and the planner would AND the bitmap of the
        # administration's third of the catalogue with the few matches; a bitmap that
        # large turns lossy, and each row of its pages then has its grouped words
        # computed again (a letter: 150 ms at 1,000,000 entries).
        unfiltered = replace(filters, administration=None)
        rows += hits(session, unfiltered, grouped(span.groups, words), key, limit + 1 - len(rows))
        if len(rows) > limit or span.last:
            return rows
        key = span.after(filters.sort)
    return rows + hits(session, filters, everywhere(words), key, limit + 1 - len(rows))
