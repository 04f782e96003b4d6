"""Initial schema: administrations, users, proposals, artwork, proofs, reviews, audit, catalogue.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "administrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("inscription_ar", sa.String(length=200), nullable=False),
        sa.Column("inscription_latin", sa.String(length=200), nullable=False),
        sa.Column("unit_name_ar", sa.String(length=50), nullable=False),
        sa.Column("unit_name_en", sa.String(length=50), nullable=False),
        sa.Column("minor_per_major", sa.Integer(), nullable=False),
        sa.Column("iso4217", sa.String(length=3), nullable=True),
        sa.Column("digits", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_administrations")),
        sa.UniqueConstraint("code", name=op.f("uq_administrations_code")),
    )
    op.create_table(
        "number_sequences",
        sa.Column("administration_code", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("administration_code", "year", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_users_administration_id_administrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_administration_id"), ["administration_id"], unique=False
        )

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_ar", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("description_ar", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("format", sa.String(length=100), nullable=False),
        sa.Column("joint_kind", sa.String(length=20), nullable=False),
        sa.Column("planned_issue_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_proposals_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_status"), ["status"], unique=False)

    op.create_table(
        "artwork_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=50), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width_px", sa.Integer(), nullable=False),
        sa.Column("height_px", sa.Integer(), nullable=False),
        sa.Column("ppi", sa.Double(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("icc_profile", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_artwork_versions_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_artwork_versions_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artwork_versions")),
        sa.UniqueConstraint(
            "proposal_id", "sha256", name=op.f("uq_artwork_versions_proposal_id_sha256")
        ),
        sa.UniqueConstraint(
            "proposal_id", "version", name=op.f("uq_artwork_versions_proposal_id_version")
        ),
    )
    with op.batch_alter_table("artwork_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_artwork_versions_sha256"), ["sha256"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_audit_events_proposal_id_proposals"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("stream", "seq", name=op.f("uq_audit_events_stream_seq")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_events_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "joint_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_joint_issues_proposal_id_proposals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_issues")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_joint_issues_proposal_id")),
    )
    op.create_table(
        "proofs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proofs_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proofs")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_proofs_fingerprint")),
    )
    with op.batch_alter_table("proofs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proofs_sha256"), ["sha256"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("proof_sha256", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_reviews_administration_id_administrations"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_reviews_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_reviews_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint(
            "proposal_id",
            "administration_id",
            "review_round",
            name=op.f("uq_reviews_proposal_id_administration_id_review_round"),
        ),
    )
    op.create_table(
        "variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("face_value_minor", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"],
            ["administrations.id"],
            name=op.f("fk_variants_administration_id_administrations"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_variants_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variants")),
        sa.UniqueConstraint(
            "proposal_id",
            "administration_id",
            name=op.f("uq_variants_proposal_id_administration_id"),
        ),
    )
    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_variants_administration_id"), ["administration_id"], unique=False
        )

    op.create_table(
        "catalogue_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("wns_number", sa.String(length=20), nullable=True),
        sa.Column("administration_code", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("joint_issue_id", sa.Integer(), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("title_ar", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("description_ar", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("face_value_minor", sa.Integer(), nullable=False),
        sa.Column("unit_name_ar", sa.String(length=50), nullable=False),
        sa.Column("unit_name_en", sa.String(length=50), nullable=False),
        sa.Column("minor_per_major", sa.Integer(), nullable=False),
        sa.Column("iso4217", sa.String(length=3), nullable=True),
        sa.Column("width_mm", sa.Double(), nullable=False),
        sa.Column("height_mm", sa.Double(), nullable=False),
        sa.Column("perforation", sa.String(length=30), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=100), nullable=False),
        sa.Column("artwork_sha256", sa.String(length=64), nullable=False),
        sa.Column("proof_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["joint_issue_id"],
            ["joint_issues.id"],
            name=op.f("fk_catalogue_entries_joint_issue_id_joint_issues"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_entries")),
        sa.UniqueConstraint(
            "administration_code",
            "year",
            "seq",
            name=op.f("uq_catalogue_entries_administration_code_year_seq"),
        ),
        sa.UniqueConstraint("number", name=op.f("uq_catalogue_entries_number")),
    )
    with op.batch_alter_table("catalogue_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_entries_administration_code"),
            ["administration_code"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_entries_issue_date"), ["issue_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catalogue_entries_joint_issue_id"), ["joint_issue_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_catalogue_entries_theme"), ["theme"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("catalogue_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_entries_theme"))
        batch_op.drop_index(batch_op.f("ix_catalogue_entries_joint_issue_id"))
        batch_op.drop_index(batch_op.f("ix_catalogue_entries_issue_date"))
        batch_op.drop_index(batch_op.f("ix_catalogue_entries_administration_code"))

    op.drop_table("catalogue_entries")
    with op.batch_alter_table("variants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_variants_administration_id"))

    op.drop_table("variants")
    op.drop_table("reviews")
    with op.batch_alter_table("proofs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proofs_sha256"))

    op.drop_table("proofs")
    op.drop_table("joint_issues")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_proposal_id"))

    op.drop_table("audit_events")
    with op.batch_alter_table("artwork_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_artwork_versions_sha256"))

    op.drop_table("artwork_versions")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_status"))

    op.drop_table("proposals")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_administration_id"))

    op.drop_table("users")
    op.drop_table("number_sequences")
    op.drop_table("administrations")
