"""Artwork preflight: file format, bit depth, ICC profile name and the stored preflight report.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("artwork_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("file_format", sa.String(length=10), server_default="PNG", nullable=False)
        )
        batch_op.add_column(
            sa.Column("bit_depth", sa.Integer(), server_default="8", nullable=False)
        )
        batch_op.add_column(sa.Column("icc_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("preflight", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("artwork_versions", schema=None) as batch_op:
        batch_op.drop_column("preflight")
        batch_op.drop_column("icc_name")
        batch_op.drop_column("bit_depth")
        batch_op.drop_column("file_format")
