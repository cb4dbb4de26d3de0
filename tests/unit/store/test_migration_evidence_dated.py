"""Migration 0009 (issue 12 §1.1): the evidence of a 0008 database reads with no date proved, keeps its
results and its finalized revisions' integrity, and can be dated afterwards."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from cityeval_desktop.domain.case_json import case_json
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import check_database
from cityeval_desktop.store.location import SCHEMA_HEAD
from tests.unit.store.old_databases import copy_rows

USCC = "91350100M000100Y43"
TABLES = (
    "frameworks",
    "entities",
    "cases",
    "answers",
    "veto_decisions",
    "evidence",
    "verifications",
    "audit",
    "audit_heads",
)


def test_upgrade_to_0009_gives_old_evidence_no_date(tmp_path: Path, database_at_revision) -> None:
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0008")
    ctx = open_context(tmp_path / "scratch.sqlite3", tmp_path)
    ref = case_service.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="甲公司", uscc=USCC
    ).ref
    case_service.set_answer(ctx, ref, "P1.1", value=3)
    (tmp_path / "合同.pdf").write_bytes(b"%PDF-1.4 contract")
    case_service.add_evidence(ctx, ref, "P1.1", [tmp_path / "合同.pdf"])
    before = case_json(case_service.load_case(ctx, ref))
    ctx.close()
    columns = copy_rows(
        tmp_path / "scratch.sqlite3", db, TABLES
    )  # the rows as the 0008 program wrote them (its columns only)
    assert "dated" not in columns["evidence"]

    ctx = open_context(db, tmp_path)
    try:
        con = sqlite3.connect(db)
        assert "dated" in [r[1] for r in con.execute("PRAGMA table_info(evidence)")]
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        con.close()
        detail = case_service.load_case(ctx, ref)
        after = case_json(detail)
        assert after["result"] == before["result"]
        assert [(e["name"], e["dated"], e["outside_window"]) for e in after["evidence"]] == [("合同.pdf", None, False)]
        assert check_database(ctx).problems == []
        dated = case_service.set_evidence_date(ctx, ref, detail.evidence[0].id, "2022-01-10")
        assert dated.evidence[0].dated == date(2022, 1, 10)
    finally:
        ctx.close()
