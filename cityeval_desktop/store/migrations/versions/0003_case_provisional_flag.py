"""case list: cached provisional flag

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00

The case list reads cached figures (total, grade, completeness). Whether a result is provisional
also depends on the framework's veto items, which only the framework file knows, so the decision
is cached with the other figures whenever a case changes. Existing rows are filled here: a finalized
revision is never provisional; a draft is when its cached completeness is below 1 or a veto item of
its pinned framework has no decision. This migration reads the stored framework bytes with plain
YAML (no application code, so it keeps working whatever the domain model becomes).
"""

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _veto_ids(content: bytes) -> set[str] | None:
    import yaml

    try:
        data = yaml.load(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("vetoes", []), list):
        return None
    return {str(v.get("id")) for v in data.get("vetoes", []) if isinstance(v, dict)}


def _complete(text: str | None) -> bool:
    try:
        return text is not None and Decimal(text) >= 1
    except InvalidOperation:
        return False


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provisional", sa.Boolean(), nullable=True))

    conn = op.get_bind()
    vetoes = {
        sha: _veto_ids(content) for sha, content in conn.execute(sa.text("SELECT sha256, content FROM frameworks"))
    }
    decided: dict[int, set[str]] = {}
    for case_id, veto_id in conn.execute(sa.text("SELECT case_id, veto_id FROM veto_decisions")):
        decided.setdefault(case_id, set()).add(veto_id)
    rows = conn.execute(sa.text("SELECT id, status, completeness, framework_sha256 FROM cases")).fetchall()
    for case_id, status, completeness, sha in rows:
        if status != "draft":
            provisional = False
        else:
            ids = vetoes.get(sha)
            provisional = not _complete(completeness) or ids is None or bool(ids - decided.get(case_id, set()))
        conn.execute(sa.text("UPDATE cases SET provisional = :p WHERE id = :id"), {"p": provisional, "id": case_id})


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("provisional")
