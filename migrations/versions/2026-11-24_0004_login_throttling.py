"""Login throttling: failed password checks by account and client address.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auth_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_auth_failures_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_failures")),
    )
    with op.batch_alter_table("auth_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_failures_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_auth_failures_client"), ["client"], unique=False)
        batch_op.create_index(batch_op.f("ix_auth_failures_username"), ["username"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_failures_username"))
        batch_op.drop_index(batch_op.f("ix_auth_failures_client"))
        batch_op.drop_index(batch_op.f("ix_auth_failures_at"))

    op.drop_table("auth_failures")
