"""PostgreSQL search index per administration and year, so a page reads only its newest matches.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

The word-beginnings index (0009) finds every match of a search: a word pair that matches a
few thousand stamps of one administration makes every one of them be fetched from the table
to be sorted by date, although a page shows twenty. This index keys every word beginning by
the entry's administration and year (`ps2026:يوم`), so a search asks the newest years first
and fetches only their matches; when they do not fill the page, the 0009 index answers the
rest. A year filter is one key group. SQLite keeps its FTS5 prefix index (0008).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE OR REPLACE FUNCTION catalogue_search_groups(code text, year integer, search_text text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(
    array_to_tsvector(array_agg(lower(code) || year::text || ':' || left(word, n))),
    ''::tsvector)
  FROM unnest(string_to_array(search_text, ' ')) AS word,
       generate_series(1, char_length(word)) AS n
$$
"""
INDEX = (
    "CREATE INDEX ix_catalogue_entries_search_groups ON catalogue_entries "
    "USING gin (catalogue_search_groups(administration_code, year, search_text))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_catalogue_entries_search_groups")
    op.execute("DROP FUNCTION IF EXISTS catalogue_search_groups(text, integer, text)")
