"""PostgreSQL search index: every word beginning stored as its own lexeme.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24

A search word matches any token it begins (`word:*`). GIN answers such a prefix by collecting
every lexeme that begins with it, the planner can only guess how many rows that is, and a
guess far too low chose a scan that parses the text of thousands of rows. Indexing each
token's beginnings (`catalogue_search_prefixes`: `البريد` → `ا`, `ال`, … `البريد`) turns a
prefix into one exact lexeme: a single posting list, with statistics the planner can use.
The function is declared costly (it splits the text and builds every beginning, about a
tenth of a millisecond a row), so no plan calls it row by row where the index can answer.

The administration is the index's first column (`btree_gin`, a trusted extension that ships
with PostgreSQL): most searches name one, and the index then returns only that
administration's matches instead of every match, each to be fetched and thrown away.
SQLite keeps its FTS5 prefix index (0008).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE OR REPLACE FUNCTION catalogue_search_prefixes(search_text text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_to_tsvector(array_agg(left(word, n))), ''::tsvector)
  FROM unnest(string_to_array(search_text, ' ')) AS word,
       generate_series(1, char_length(word)) AS n
$$
"""
PREFIX_INDEX = (
    "CREATE INDEX ix_catalogue_entries_search ON catalogue_entries "
    "USING gin (administration_code, catalogue_search_prefixes(search_text))"
)
WORD_INDEX = (
    "CREATE INDEX ix_catalogue_entries_search ON catalogue_entries "
    "USING gin (to_tsvector('simple'::regconfig, search_text))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.execute(FUNCTION)
    op.execute("DROP INDEX IF EXISTS ix_catalogue_entries_search")
    op.execute(PREFIX_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_catalogue_entries_search")
    op.execute(WORD_INDEX)
    op.execute("DROP FUNCTION IF EXISTS catalogue_search_prefixes(text)")
