"""case figures for the regional view: a numeric total and the dimension scores of every revision

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:30:00

``cases`` gains ``total_hundredths``: the shown total (rounded half-up to 2 decimals, DESIGN §4) as an
exact integer of hundredths of a point. The text ``total`` the case list shows stays; the integer is
what SQL sorts, sums and averages, exactly, on SQLite and PostgreSQL alike (a ``Numeric`` column would
read back as a binary float on SQLite). New table ``case_dimension_scores``: one row per dimension of
the revision's framework, its shown score in hundredths (NULL and ``excluded`` when the dimension has
no applicable indicator at the case's tier). Both are cached figures, written with ``total`` and
``grade`` whenever a revision's result is written; none of them is part of the sealed content of a
finalized revision (``store/digest.py``), so ``db check`` seals stay as they were.

Existing rows are filled here by scoring each revision again with the domain's scoring
(``domain/scoring.py``) from its stored answers, veto decisions and the exact framework bytes it pins:
the figures must be the very ones the program computes, and only the domain code defines them. A
revision that cannot be scored (its framework's bytes damaged, an answer the framework no longer
reads) gets its total from the cached text and no dimension rows; ``db check`` reports it as a stale
cache and ``db repair`` rewrites it.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _hundredths(text: str | None) -> int | None:
    try:
        return None if text is None else int((Decimal(text) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        return None


def _frameworks(conn: sa.Connection) -> dict[str, Any]:
    import hashlib

    from cityeval_desktop.domain.loader import load_bytes

    loaded: dict[str, Any] = {}
    for sha, content in conn.execute(sa.text("SELECT sha256, content FROM frameworks")):
        if hashlib.sha256(content).hexdigest() != sha:
            continue  # changed bytes: db check reports the framework itself
        try:
            loaded[sha] = load_bytes(content, sha)
        except Exception:  # noqa: BLE001 - a framework this program cannot read is left to db check
            continue
    return loaded


def _score(framework: Any, tier: str, answer_rows: list[Any], veto_rows: list[Any]) -> Any:
    from cityeval_desktop.domain.scoring import Answer, score

    answers: dict[str, Answer] = {}
    for indicator_id, value_json, not_applicable, reason, note, ground in answer_rows:
        indicator = framework.indicator(indicator_id)
        if indicator is None:
            continue
        raw = None if value_json is None else json.loads(value_json, parse_float=Decimal)
        value = indicator.method.parse(raw) if raw is not None and not not_applicable else None
        answers[indicator_id] = Answer(value, bool(not_applicable), reason, note, ground)
    return score(framework, tier, answers, {veto_id: bool(decided) for veto_id, decided in veto_rows})


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("total_hundredths", sa.Integer(), nullable=True))
    op.create_table(
        "case_dimension_scores",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("dimension_id", sa.String(length=32), primary_key=True),
        sa.Column("score_hundredths", sa.Integer(), nullable=True),
        sa.Column("excluded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_case_dimension_scores_dimension", "case_dimension_scores", ["dimension_id"])

    conn = op.get_bind()
    frameworks = _frameworks(conn)
    answers: dict[int, list[Any]] = {}
    for row in conn.execute(
        sa.text("SELECT case_id, indicator_id, value_json, not_applicable, reason, note, ground FROM answers")
    ):
        answers.setdefault(row[0], []).append(tuple(row[1:]))
    vetoes: dict[int, list[Any]] = {}
    for case_id, veto_id, decided in conn.execute(sa.text("SELECT case_id, veto_id, decided FROM veto_decisions")):
        vetoes.setdefault(case_id, []).append((veto_id, decided))
    cases = conn.execute(sa.text("SELECT id, framework_sha256, tier, total FROM cases")).fetchall()
    dimension_rows: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    for case_id, sha, tier, total in cases:
        hundredths = _hundredths(total)
        framework = frameworks.get(sha)
        if framework is not None:
            try:
                result = _score(framework, tier, answers.get(case_id, []), vetoes.get(case_id, []))
            except Exception:  # noqa: BLE001 - an unscorable revision keeps its cached text (see above)
                result = None
            if result is not None:
                hundredths = int(result.total_shown * 100)
                for d in result.dimensions:
                    shown = d.score_shown
                    dimension_rows.append(
                        {
                            "case_id": case_id,
                            "dimension_id": d.id,
                            "score_hundredths": None if shown is None else int(shown * 100),
                            "excluded": shown is None,
                        }
                    )
        totals.append({"t": hundredths, "id": case_id})
    if totals:
        conn.execute(sa.text("UPDATE cases SET total_hundredths = :t WHERE id = :id"), totals)
    if dimension_rows:
        conn.execute(
            sa.text(
                "INSERT INTO case_dimension_scores (case_id, dimension_id, score_hundredths, excluded) "
                "VALUES (:case_id, :dimension_id, :score_hundredths, :excluded)"
            ),
            dimension_rows,
        )


def downgrade() -> None:
    op.drop_index("ix_case_dimension_scores_dimension", table_name="case_dimension_scores")
    op.drop_table("case_dimension_scores")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("total_hundredths")
