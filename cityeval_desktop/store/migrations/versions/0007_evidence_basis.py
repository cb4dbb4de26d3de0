"""case data: N/A grounds, the basis of veto decisions, typed and verified evidence

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 09:00:00

``answers.ground`` names the framework's ground of an N/A; ``veto_decisions`` gains the basis of a
decision (``source``, ``queried_at``); ``evidence`` gains the file's ``kind`` and ``veto_id`` (a file
attached to a veto decision rather than an indicator); ``verifications`` records how an assessor
verified one file or an indicator's evidence. Every new column is nullable, so existing rows keep
their meaning (no ground, no basis, no kind, nothing verified). Plain ``ALTER TABLE … ADD COLUMN``
through Alembic's batch mode, which SQLite and PostgreSQL both run.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ground", sa.String(length=64), nullable=True))
    with op.batch_alter_table("veto_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("queried_at", sa.String(length=40), nullable=True))
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("veto_id", sa.String(length=32), nullable=True))
    op.create_table(
        "verifications",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("indicator_id", sa.String(length=32), primary_key=True),
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("conclusion", sa.String(length=16), nullable=False),
        sa.Column("verified_by", sa.String(length=200), nullable=False),
        sa.Column("verified_at", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("verifications")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("veto_id")
        batch_op.drop_column("kind")
    with op.batch_alter_table("veto_decisions", schema=None) as batch_op:
        batch_op.drop_column("queried_at")
        batch_op.drop_column("source")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("ground")
