"""Publication on the day of issue: each administration's time zone, each entry's release.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

A stamp is public from 00:00 of its issue date in its administration's zone, or from when it
was issued if that is later (`app.catalogue.release`). Entries already in the catalogue get
that instant from the zones of the administrations known when this was written; a stamp
issued before for a date still to come is scheduled again, as it should have been. The new
column's SQLite default lies far in the future (SQLite cannot add a NOT NULL column without
one, nor drop a default without rebuilding the table and its search triggers): a row written
without a release instant stays hidden rather than public. PostgreSQL keeps no default. The
revision is left as it is: the catalogue's ETags and cache keys now carry the last release
instant as well, so none made before this matches one made after.
"""

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# This migration's own copy of the zones, as designs/administrations.json had them.
ZONES = {"PS": "Asia/Hebron", "OM": "Asia/Muscat", "EG": "Africa/Cairo"}
NEVER = "9999-12-31 00:00:00.000000"
BATCH = 1000


def _midnight(day: dt.date, zone: str) -> dt.datetime:
    """00:00 of ``day`` in ``zone`` in UTC; a skipped midnight gives the day's first instant."""
    tz = ZoneInfo(zone)
    wall = dt.datetime.combine(day, dt.time(0, 0), tz)
    readings = [wall.astimezone(dt.UTC), wall.replace(fold=1).astimezone(dt.UTC)]
    same_day = [r for r in readings if r.astimezone(tz).date() == day]
    return min(same_day) if same_day else max(readings)


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column(
        "administrations",
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
    )
    administrations = sa.table("administrations", sa.column("code"), sa.column("time_zone"))
    for code, zone in ZONES.items():
        op.execute(
            administrations.update().where(administrations.c.code == code).values(time_zone=zone)
        )
    op.add_column(
        "catalogue_entries",
        sa.Column(
            "public_from",
            sa.DateTime(timezone=True),
            server_default=sa.text(f"'{NEVER}'") if sqlite else None,
            nullable=not sqlite,  # PostgreSQL: NOT NULL once every row has its instant
        ),
    )
    op.add_column(
        "catalogue_entries",
        sa.Column("announced", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute("UPDATE catalogue_entries SET public_from = created_at")
    _schedule_future_days(bind)
    if not sqlite:
        op.alter_column("catalogue_entries", "public_from", nullable=False)
    op.create_index(
        "ix_catalogue_entries_public_from_id", "catalogue_entries", ["public_from", "id"]
    )


def _schedule_future_days(bind: sa.Connection) -> None:
    """Entries whose day of issue began after they were written: public from that midnight."""
    entries = sa.table(
        "catalogue_entries",
        sa.column("id", sa.Integer()),
        sa.column("administration_code", sa.String()),
        sa.column("issue_date", sa.Date()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("public_from", sa.DateTime(timezone=True)),
    )
    sqlite = bind.dialect.name == "sqlite"
    last = 0
    while True:
        rows = bind.execute(
            sa.select(entries.c.id, entries.c.administration_code, entries.c.issue_date,
                      entries.c.created_at)
            .where(entries.c.id > last)
            .order_by(entries.c.id)
            .limit(BATCH)
        ).all()  # fmt: skip
        if not rows:
            return
        last = rows[-1].id
        later = []
        for row in rows:
            begins = _midnight(row.issue_date, ZONES.get(row.administration_code, "UTC"))
            if begins > _aware(row.created_at):
                value = begins.replace(tzinfo=None) if sqlite else begins
                later.append({"entry_id": row.id, "begins": value})
        if later:
            bind.execute(
                entries.update()
                .where(entries.c.id == sa.bindparam("entry_id"))
                .values(public_from=sa.bindparam("begins")),
                later,
            )


def downgrade() -> None:
    op.drop_index("ix_catalogue_entries_public_from_id", table_name="catalogue_entries")
    # Plain ALTER TABLE on SQLite too: a batch rebuild would drop the search triggers.
    op.execute("ALTER TABLE catalogue_entries DROP COLUMN announced")
    op.execute("ALTER TABLE catalogue_entries DROP COLUMN public_from")
    op.execute("ALTER TABLE administrations DROP COLUMN time_zone")
