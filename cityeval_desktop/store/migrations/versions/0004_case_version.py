"""cases: revision version counter

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 09:00:00

Finalize must lock exactly the revision it rendered and signed. ``updated_at`` has one-second
resolution, so an answer committed in the same second as the rendering went unnoticed. Every write
to a case revision now increments ``version`` in its own transaction, and the transaction that
locks a revision checks that the version is still the one the report was rendered from. Existing
rows start at 1 (only equality between two reads of the same row matters, never the number itself).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("version")
