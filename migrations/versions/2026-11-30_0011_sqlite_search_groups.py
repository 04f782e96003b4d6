"""SQLite search index per administration and year: FTS5's counterpart of 0010.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

FTS5 finds every match of a search word pair before SQLite can sort them by date, and a pair
common in the catalogue matches tens of thousands of stamps. This second FTS5 table indexes
each word prefixed by its entry's administration and year (`ps2026يوم`; the code has two
letters and the year four digits, so the prefix is unambiguous), and a search asks the groups
at the head of its page order first (`app/catalogue/search_groups.py`), each word as a prefix
of its grouped form. Its external content is a view that derives the grouped text from
`search_text`, so `rebuild` works as for `catalogue_fts`; triggers keep it in step.
PostgreSQL has its own index (0010).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Each word of a row's search text is prefixed by its administration and year:
# replace(' ' || search_text, ' ', ' ' || lower(administration_code) || year).
CREATE = [
    "CREATE VIEW catalogue_fts_groups_source AS SELECT id, "
    "replace(' ' || search_text, ' ', ' ' || lower(administration_code) || year) AS search_text "
    "FROM catalogue_entries",
    "CREATE VIRTUAL TABLE catalogue_fts_groups USING fts5(search_text, "
    "content='catalogue_fts_groups_source', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', detail='none')",
    "CREATE TRIGGER catalogue_fts_groups_ai AFTER INSERT ON catalogue_entries BEGIN "
    "INSERT INTO catalogue_fts_groups(rowid, search_text) VALUES (new.id, "
    "replace(' ' || new.search_text, ' ', ' ' || lower(new.administration_code) || new.year)); "
    "END",
    "CREATE TRIGGER catalogue_fts_groups_ad AFTER DELETE ON catalogue_entries BEGIN "
    "INSERT INTO catalogue_fts_groups(catalogue_fts_groups, rowid, search_text) "
    "VALUES ('delete', old.id, "
    "replace(' ' || old.search_text, ' ', ' ' || lower(old.administration_code) || old.year)); "
    "END",
    "CREATE TRIGGER catalogue_fts_groups_au "
    "AFTER UPDATE OF search_text, administration_code, year ON catalogue_entries BEGIN "
    "INSERT INTO catalogue_fts_groups(catalogue_fts_groups, rowid, search_text) "
    "VALUES ('delete', old.id, "
    "replace(' ' || old.search_text, ' ', ' ' || lower(old.administration_code) || old.year)); "
    "INSERT INTO catalogue_fts_groups(rowid, search_text) VALUES (new.id, "
    "replace(' ' || new.search_text, ' ', ' ' || lower(new.administration_code) || new.year)); "
    "END",
    "INSERT INTO catalogue_fts_groups(catalogue_fts_groups) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS catalogue_fts_groups_au",
    "DROP TRIGGER IF EXISTS catalogue_fts_groups_ad",
    "DROP TRIGGER IF EXISTS catalogue_fts_groups_ai",
    "DROP TABLE IF EXISTS catalogue_fts_groups",
    "DROP VIEW IF EXISTS catalogue_fts_groups_source",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in CREATE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DROP:
        op.execute(statement)
