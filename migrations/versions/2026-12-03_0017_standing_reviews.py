"""Reviews that stop counting: a decision can be superseded, and only standing ones are unique.

An approval given by someone who is no longer an active approver of its administration stops
counting while the proposal is in review, and another approver of that administration then
decides in the same round. The superseded review stays (it is history, and the audit trail
names it), so the one-decision-per-(proposal, administration, round) rule now holds for the
decisions that stand: a partial unique index over the rows not superseded.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STANDING = sa.text("superseded_at IS NULL")
COLUMNS = ["proposal_id", "administration_id", "review_round"]


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint(
            "uq_reviews_proposal_id_administration_id_review_round", type_="unique"
        )
    op.create_index(
        "uq_reviews_standing_decision",
        "reviews",
        COLUMNS,
        unique=True,
        sqlite_where=STANDING,
        postgresql_where=STANDING,
    )


def downgrade() -> None:
    op.drop_index("uq_reviews_standing_decision", table_name="reviews")
    # Superseded decisions cannot stand beside their successors under the old rule.
    op.execute("DELETE FROM reviews WHERE superseded_at IS NOT NULL")
    with op.batch_alter_table("reviews") as batch:
        batch.create_unique_constraint(
            "uq_reviews_proposal_id_administration_id_review_round", COLUMNS
        )
        batch.drop_column("superseded_at")
