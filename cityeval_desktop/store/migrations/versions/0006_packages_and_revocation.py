"""packages: the import ledger, where imported revisions came from, revocation lists

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 14:40:00

``package_imports`` is the agency's import ledger (every attempt, rejected ones included);
``case_origins`` marks an imported revision (read-only at the agency) with its package, signer and
trust; ``revocation_lists`` holds the CRLs added to the trust store, ``ca_revocations`` a CA's own
register of what it revoked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "package_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("package_sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("case_uuid", sa.String(length=36), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signer_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("trusted", sa.Boolean(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("quarantine", sa.Text(), nullable=True),
    )
    op.create_index("ix_package_imports_at", "package_imports", ["at"])
    op.create_index("ix_package_imports_package_sha256", "package_imports", ["package_sha256"])
    op.create_index("ix_package_imports_case_uuid", "package_imports", ["case_uuid"])
    op.create_table(
        "case_origins",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("package_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("accepted_by", sa.String(length=200), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column("signer_certificates", sa.Text(), nullable=True),
        sa.Column("distrusted", sa.Text(), nullable=True),
    )
    op.create_table(
        "revocation_lists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(length=64), nullable=False, unique=True),
        sa.Column("issuer_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("crl_number", sa.String(length=64), nullable=True),
        sa.Column("this_update", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_update", sa.DateTime(timezone=True), nullable=True),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
    )
    op.create_index("ix_revocation_lists_issuer_fingerprint", "revocation_lists", ["issuer_fingerprint"])
    op.create_table(
        "ca_revocations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ca_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("cert_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=True),
        sa.UniqueConstraint("ca_fingerprint", "serial", name="uq_ca_revocations_serial"),
    )
    op.create_index("ix_ca_revocations_ca_fingerprint", "ca_revocations", ["ca_fingerprint"])


def downgrade() -> None:
    op.drop_table("ca_revocations")
    op.drop_table("revocation_lists")
    op.drop_table("case_origins")
    op.drop_table("package_imports")
