"""Migration 0010 (issue 13): a 0009 database's revisions get their numeric total and dimension scores by
scoring them again, score the same, and still pass ``db check``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cityeval_desktop.domain.case_json import case_json
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import check_database
from tests.unit.store.old_databases import copy_rows

USCC = "91350100M000100Y43"
TABLES = ("frameworks", "entities", "cases", "answers", "veto_decisions", "audit", "audit_heads")


def test_upgrade_to_0010_fills_figures_of_existing_revisions(tmp_path: Path, database_at_revision) -> None:
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0009")
    ctx = open_context(tmp_path / "scratch.sqlite3", tmp_path)
    ref = case_service.new_case(
        ctx, framework="planning-consulting", tier="city", mode="self", entity_name="甲公司", uscc=USCC
    ).ref
    case_service.set_answer(ctx, ref, "P1.1", value=3)
    case_service.set_answer(ctx, ref, "P1.2", value=2)
    before = case_json(case_service.load_case(ctx, ref))
    ctx.close()
    columns = copy_rows(
        tmp_path / "scratch.sqlite3", db, TABLES
    )  # the rows as the 0009 program wrote them (its columns only)
    assert "total_hundredths" not in columns["cases"]

    ctx = open_context(db, tmp_path)
    try:
        detail = case_service.load_case(ctx, ref)
        assert case_json(detail)["result"] == before["result"]
        con = sqlite3.connect(db)
        (total,) = con.execute("SELECT total_hundredths FROM cases").fetchone()
        dims = dict(con.execute("SELECT dimension_id, score_hundredths FROM case_dimension_scores").fetchall())
        con.close()
        assert total == int(detail.result.total_shown * 100) and total > 0
        assert dims == {
            d.id: None if d.score_shown is None else int(d.score_shown * 100) for d in detail.result.dimensions
        }
        assert check_database(ctx).problems == []
    finally:
        ctx.close()
