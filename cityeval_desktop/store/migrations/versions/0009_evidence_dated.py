"""the date an evidence file proves (证明日期), e.g. a contract's signing date

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:30:00

``evidence`` gains ``dated``: the day the file proves, optional. The column is nullable, so every
file attached before keeps its meaning (no date said). Whether the date lies outside the case's
review window (考察期) is computed when the case is read, never stored: changing the reference date
re-evaluates it. A plain ``ADD COLUMN`` through Alembic's batch mode, which SQLite and PostgreSQL
both run.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dated", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("dated")
