"""objections (异议) against a finalized third-party result, and their attachments

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02 06:30:00

``objections`` records who objected to which revision's result, when, on what grounds, and how it was
handled (received → under review → upheld / dismissed, with the reason); an upheld objection withdraws
exactly that revision from the regional view and the disclosure (docs/objections.md).
``objection_attachments`` lists the files handed in with one, by content hash (the bytes are in the
evidence store). New tables only: nothing that was stored before changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(length=16), nullable=False, unique=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("case_uuid", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("objector", sa.String(length=200), nullable=True),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_objections_case_id", "objections", ["case_id"])
    op.create_index("ix_objections_uscc", "objections", ["uscc"])
    op.create_index("ix_objections_state", "objections", ["state"])
    op.create_table(
        "objection_attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "objection_id", sa.Integer(), sa.ForeignKey("objections.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.UniqueConstraint("objection_id", "position", name="uq_objection_attachment_position"),
    )
    op.create_index("ix_objection_attachments_objection_id", "objection_attachments", ["objection_id"])
    op.create_index("ix_objection_attachments_sha256", "objection_attachments", ["sha256"])


def downgrade() -> None:
    op.drop_table("objection_attachments")
    op.drop_table("objections")
