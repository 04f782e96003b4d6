"""Search indexes: an FTS5 prefix index, and no single-column administration index.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

Every search word is a token prefix (`"word"*`). Without a prefix index FTS5 answers one by
merging the lists of every term that begins with it, which at a million entries costs tens
of milliseconds a word; with one, a beginning up to ten letters long is a single list.
SQLite only: PostgreSQL's GIN index matches prefixes in its own entry tree.

The index on `administration_code` alone repeats the first column of the (administration,
issue date, id) index; PostgreSQL's planner AND-ed its bitmap of a third of the catalogue
with a search's few hits, which cost more than the search.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = (
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5(search_text, content='catalogue_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail='none'{prefix})"
)
PREFIXES = ", prefix='2 3 4 5 6 7 8 9 10'"


def _recreate(prefix: str) -> None:
    """Swap the index table; the triggers name it, so they keep feeding the new one."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE catalogue_fts")
    op.execute(FTS.format(prefix=prefix))
    op.execute("INSERT INTO catalogue_fts(catalogue_fts) VALUES ('rebuild')")


ADMIN_INDEX = "ix_catalogue_entries_administration_code"


def upgrade() -> None:
    _recreate(PREFIXES)
    with op.batch_alter_table("catalogue_entries", schema=None) as batch_op:
        batch_op.drop_index(ADMIN_INDEX)


def downgrade() -> None:
    with op.batch_alter_table("catalogue_entries", schema=None) as batch_op:
        batch_op.create_index(ADMIN_INDEX, ["administration_code"], unique=False)
    _recreate("")
