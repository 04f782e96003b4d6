"""Catalogue records: full technical data, products, errata, withdrawal, themes and search.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The search index is built per backend over `catalogue_entries.search_text`: an external-content
FTS5 table kept in step by triggers on SQLite, a GIN index over `to_tsvector('simple', …)` on
PostgreSQL. Existing entries get their search text, theme group and inscriptions here.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.catalogue.search.text import document

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THEMES = Path(__file__).resolve().parents[2] / "designs" / "themes.json"

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5(search_text, content='catalogue_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', detail='none')",
    "CREATE TRIGGER catalogue_fts_ai AFTER INSERT ON catalogue_entries BEGIN "
    "INSERT INTO catalogue_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalogue_fts_ad AFTER DELETE ON catalogue_entries BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER catalogue_fts_au AFTER UPDATE OF search_text ON catalogue_entries BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO catalogue_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_fts_au",
    "DROP TRIGGER IF EXISTS catalogue_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_fts_ai",
    "DROP TABLE IF EXISTS catalogue_fts",
]
PG_INDEX = (
    "CREATE INDEX ix_catalogue_entries_search ON catalogue_entries "
    "USING gin (to_tsvector('simple'::regconfig, search_text))"
)

NEW_COLUMNS: list[sa.Column[Any]] = [
    sa.Column("is_joint", sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column("withdrawn_on", sa.Date(), nullable=True),
    sa.Column("theme_group", sa.String(length=100), server_default="", nullable=False),
    sa.Column("inscription_ar", sa.String(length=100), server_default="", nullable=False),
    sa.Column("inscription_latin", sa.String(length=100), server_default="", nullable=False),
    sa.Column("perforation_kind", sa.String(length=20), server_default="comb", nullable=False),
    sa.Column("perforation_h", sa.Double(), nullable=True),
    sa.Column("perforation_v", sa.Double(), nullable=True),
    sa.Column("printing_process", sa.String(length=100), server_default="", nullable=False),
    sa.Column("printer", sa.String(length=200), server_default="", nullable=False),
    sa.Column("designer", sa.String(length=200), server_default="", nullable=False),
    sa.Column("first_day_place_ar", sa.String(length=200), server_default="", nullable=False),
    sa.Column("first_day_place_en", sa.String(length=200), server_default="", nullable=False),
    sa.Column("ref_michel", sa.String(length=30), nullable=True),
    sa.Column("ref_scott", sa.String(length=30), nullable=True),
    sa.Column("ref_sg", sa.String(length=30), nullable=True),
    sa.Column("ref_yvert", sa.String(length=30), nullable=True),
    sa.Column("search_text", sa.Text(), server_default="", nullable=False),
]
NEW_INDEXES = [
    ("ix_catalogue_entries_date_id", ["issue_date", "id"]),
    ("ix_catalogue_entries_admin_date_id", ["administration_code", "issue_date", "id"]),
    ("ix_catalogue_entries_created_id", ["created_at", "id"]),
    ("ix_catalogue_entries_theme_group", ["theme_group"]),
]


def _theme_groups() -> dict[str, str]:
    raw = json.loads(THEMES.read_text(encoding="utf-8"))
    return {
        leaf: group
        for group, spec in raw.items()
        if not group.startswith("_")
        for leaf in spec["themes"]
    }


def _backfill() -> None:
    """Search text, theme group, inscriptions and joint flag of entries issued before this."""
    bind = op.get_bind()
    groups = _theme_groups()
    rows = bind.execute(
        sa.text(
            "SELECT e.id, e.number, e.title_ar, e.title_en, e.description_ar, e.description_en, "
            "e.theme, a.inscription_ar, a.inscription_latin, "
            "(SELECT count(*) FROM catalogue_entries p WHERE p.joint_issue_id = e.joint_issue_id) "
            "FROM catalogue_entries e "
            "LEFT JOIN administrations a ON a.code = e.administration_code"
        )
    ).all()
    for row in rows:
        group = groups.get(row[6], row[6])
        bind.execute(
            sa.text(
                "UPDATE catalogue_entries SET search_text = :text, theme_group = :group, "
                "inscription_ar = :ins_ar, inscription_latin = :ins_latin, is_joint = :joint "
                "WHERE id = :id"
            ),
            {
                "id": row[0],
                "text": document([*row[1:7], row[7], row[8]]),
                "group": group,
                "ins_ar": row[7] or "",
                "ins_latin": row[8] or "",
                "joint": row[9] > 1,
            },
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("joint_issues", schema=None) as batch_op:
        batch_op.alter_column("proposal_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("catalogue_entries", schema=None) as batch_op:
        batch_op.alter_column("joint_issue_id", existing_type=sa.Integer(), nullable=True)
        for column in NEW_COLUMNS:
            batch_op.add_column(column)
        for name, columns in NEW_INDEXES:
            batch_op.create_index(name, columns, unique=False)

    op.create_table(
        "catalogue_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_revisions")),
    )
    op.create_table(
        "catalogue_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_code", sa.String(length=2), nullable=False),
        sa.Column("joint_issue_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title_ar", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("price_minor", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["joint_issue_id"],
            ["joint_issues.id"],
            name=op.f("fk_catalogue_products_joint_issue_id_joint_issues"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_products")),
    )
    with op.batch_alter_table("catalogue_products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_products_joint_issue_id"), ["joint_issue_id"], unique=False
        )
    op.create_table(
        "catalogue_product_items",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entries.id"],
            name=op.f("fk_catalogue_product_items_entry_id_catalogue_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["catalogue_products.id"],
            name=op.f("fk_catalogue_product_items_product_id_catalogue_products"),
        ),
        sa.PrimaryKeyConstraint("product_id", "entry_id", name=op.f("pk_catalogue_product_items")),
    )
    with op.batch_alter_table("catalogue_product_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_product_items_entry_id"), ["entry_id"], unique=False
        )
    op.create_table(
        "catalogue_errata",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason_ar", sa.Text(), nullable=False),
        sa.Column("reason_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entries.id"],
            name=op.f("fk_catalogue_errata_entry_id_catalogue_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_errata")),
    )
    with op.batch_alter_table("catalogue_errata", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_errata_entry_id"), ["entry_id"], unique=False
        )

    _backfill()
    if sqlite:
        for statement in SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO catalogue_fts(catalogue_fts) VALUES ('rebuild')")
    else:
        op.execute(PG_INDEX)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Published entries are never deleted: refuse rather than drop what 0001 cannot hold.
    orphans = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM catalogue_entries e LEFT JOIN joint_issues j "
            "ON j.id = e.joint_issue_id WHERE j.proposal_id IS NULL"
        )
    )
    if orphans:
        raise RuntimeError(
            f"{orphans} catalogue entries belong to no proposal; the schema before 0002 "
            "cannot hold them, so this downgrade would lose published entries"
        )
    if sqlite:
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_catalogue_entries_search")
    with op.batch_alter_table("catalogue_errata", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_errata_entry_id"))
    op.drop_table("catalogue_errata")
    with op.batch_alter_table("catalogue_product_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_product_items_entry_id"))
    op.drop_table("catalogue_product_items")
    with op.batch_alter_table("catalogue_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_products_joint_issue_id"))
    op.drop_table("catalogue_products")
    op.drop_table("catalogue_revisions")
    with op.batch_alter_table("catalogue_entries", schema=None) as batch_op:
        for name, _columns in reversed(NEW_INDEXES):
            batch_op.drop_index(name)
        for column in reversed(NEW_COLUMNS):
            batch_op.drop_column(column.name)
        batch_op.alter_column("joint_issue_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("joint_issues", schema=None) as batch_op:
        batch_op.alter_column("proposal_id", existing_type=sa.Integer(), nullable=False)
