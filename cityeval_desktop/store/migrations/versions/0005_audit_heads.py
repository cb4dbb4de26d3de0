"""audit: one head record per chain

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:40:00

Each audit entry is chained to the one before it, so a changed or removed entry in the middle of
a chain is found; nothing recorded where a chain ends, so deleting its last entries, or a whole
chain, went unnoticed. ``audit_heads`` keeps, per chain, the position and hash of its newest entry,
written in the same transaction as that entry; the database check compares each chain with its
head and every case with its chain. Existing chains get their current newest entry as their head.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_heads",
        sa.Column("chain", sa.String(length=36), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
    )
    op.execute(
        "INSERT INTO audit_heads (chain, position, hash) "
        "SELECT a.chain, a.position, a.hash FROM audit a "
        "JOIN (SELECT chain, MAX(position) AS top FROM audit GROUP BY chain) m "
        "ON a.chain = m.chain AND a.position = m.top"
    )


def downgrade() -> None:
    op.drop_table("audit_heads")
