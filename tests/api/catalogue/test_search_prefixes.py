"""PostgreSQL indexes every beginning of every token, so a prefix is one exact lexeme."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.catalogue import queries
from app.catalogue.search import find
from app.catalogue.search import text as search_text
from app.catalogue.search.postgresql import prefix_tsquery
from tests.api.catalogue.records import LATER, add


@pytest.fixture
def postgresql(db: Session) -> Session:
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("the word-beginnings index is PostgreSQL's (SQLite has FTS5 prefixes)")
    return db


def test_every_beginning_of_every_token_is_a_lexeme(postgresql: Session) -> None:
    vector = postgresql.scalar(text("SELECT catalogue_search_prefixes('يوم ps001 يوم')::text"))
    assert vector == "'p' 'ps' 'ps0' 'ps00' 'ps001' 'ي' 'يو' 'يوم'"
    assert postgresql.scalar(text("SELECT catalogue_search_prefixes('')::text")) == ""


def test_grouped_lexemes_carry_the_administration_and_year(postgresql: Session) -> None:
    vector = postgresql.scalar(text("SELECT catalogue_search_groups('PS', 2027, 'يوم ps')::text"))
    assert vector == "'ps2027:p' 'ps2027:ps' 'ps2027:ي' 'ps2027:يو' 'ps2027:يوم'"
    assert postgresql.scalar(text("SELECT catalogue_search_groups('OM', 1999, '')::text")) == ""


def test_prefix_query_matches_word_beginnings_only(postgresql: Session) -> None:
    add(postgresql, "PS", "2027-03-01", "يوم البريد العربي - القدس", "Arab Postal Day")
    add(postgresql, "OM", "2027-03-02", "الخيول العربية", "Arabian horses")
    postgresql.flush()

    def numbers(q: str, administration: str | None = None) -> list[str]:
        filters = queries.Filters(now=LATER, q=q, administration=administration)
        rows, _ = find.page(postgresql, filters, 10, None)
        return sorted(row.administration_code for row in rows)

    assert numbers("البري") == ["PS"]
    assert numbers("عربي") == ["OM", "PS"]  # the article-less form of العربي / العربيه
    assert numbers("عربي", "OM") == ["OM"]
    assert numbers("ريد") == []  # inside a word, not a beginning
    assert numbers("arab horses") == ["OM"]
    assert prefix_tsquery(search_text.query_words("يَوْم")) == "'يوم'"
