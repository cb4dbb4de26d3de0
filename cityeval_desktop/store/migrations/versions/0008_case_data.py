"""case data of an official report: reference date, review window, validity, numbers, team, declarations,
opinion, on-site inspections

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:00:00

``cases`` gains the reference date (评估基准日) and the review window (考察期) before it, the validity
(有效期), the report and certificate numbers and the written opinion (综合评价意见); every new column
is nullable, so a case made before keeps its meaning (none of them set). New tables: the assessment
team (``case_team``), each member's signed independence declaration (``case_declarations``), the
on-site inspection records (``case_inspections``), and the numbering: ``number_counters`` (the last
number of each scope) and ``issued_numbers`` (every number handed out, never deleted, so none is
handed out twice). Plain ``ADD COLUMN`` through Alembic's batch mode and ``CREATE TABLE``, which SQLite
and PostgreSQL both run.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _case_id() -> sa.Column:
    return sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("window_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("window_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("report_no", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("certificate_no", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("opinion", sa.Text(), nullable=True))
        batch_op.create_index("ix_cases_report_no", ["report_no"], unique=False)
    op.create_table(
        "case_team",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("org", sa.String(length=200), nullable=False),
        sa.Column("qualification", sa.String(length=100), nullable=True),
        sa.UniqueConstraint("case_id", "name", name="uq_case_team_name"),
    )
    op.create_index("ix_case_team_case_id", "case_team", ["case_id"])
    op.create_table(
        "case_declarations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_id(),
        sa.Column("member", sa.String(length=100), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("case_id", "member", name="uq_case_declaration_member"),
    )
    op.create_index("ix_case_declarations_case_id", "case_declarations", ["case_id"])
    op.create_table(
        "case_inspections",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("participants_json", sa.Text(), nullable=False),
        sa.Column("checked", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("sampled_projects_json", sa.Text(), nullable=False),
        sa.Column("sampled_staff_json", sa.Text(), nullable=False),
        sa.Column("attachments_json", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_inspections_case_id", "case_inspections", ["case_id"])
    op.create_table(
        "number_counters",
        sa.Column("scope", sa.String(length=200), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "issued_numbers",
        sa.Column("number", sa.String(length=64), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("case_uuid", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_issued_numbers_case_uuid", "issued_numbers", ["case_uuid"])


def downgrade() -> None:
    op.drop_index("ix_issued_numbers_case_uuid", table_name="issued_numbers")
    op.drop_table("issued_numbers")
    op.drop_table("number_counters")
    op.drop_index("ix_case_inspections_case_id", table_name="case_inspections")
    op.drop_table("case_inspections")
    op.drop_index("ix_case_declarations_case_id", table_name="case_declarations")
    op.drop_table("case_declarations")
    op.drop_index("ix_case_team_case_id", table_name="case_team")
    op.drop_table("case_team")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_report_no")
        for column in (
            "opinion",
            "certificate_no",
            "report_no",
            "valid_until",
            "valid_from",
            "window_to",
            "window_from",
            "reference_date",
        ):
            batch_op.drop_column(column)
