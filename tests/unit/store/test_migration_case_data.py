"""Migration 0008 (issue 12): cases of a 0007 database keep their results, finalized ones their integrity,
and read with no case data (null / [])."""

from __future__ import annotations

from pathlib import Path

from cityeval_desktop.domain.case_json import case_json
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import check_database
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


def test_upgrade_to_0008_keeps_old_cases_and_gives_them_no_case_data(tmp_path: Path, database_at_revision) -> None:
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0007")
    ctx = open_context(tmp_path / "scratch.sqlite3", tmp_path)
    ref = case_service.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="甲公司", uscc=USCC
    ).ref
    case_service.set_answer(ctx, ref, "P1.2", value=4)
    case_service.set_answer(ctx, ref, "P1.1", value=3)
    before = case_json(case_service.load_case(ctx, ref))
    ctx.close()
    columns = copy_rows(
        tmp_path / "scratch.sqlite3", db, TABLES
    )  # the rows as the 0007 program wrote them (its columns only)
    assert "reference_date" not in columns["cases"]

    ctx = open_context(db, tmp_path)
    try:
        after = case_json(case_service.load_case(ctx, ref))
        assert after["result"] == before["result"]
        assert (after["reference_date"], after["window"], after["valid"], after["report_no"]) == (
            None,
            None,
            None,
            None,
        )
        assert after["team"] == [] and after["inspections"] == [] and after["opinion"] is None
        assert case_service.list_cases(ctx)[0].reference_date is None
        assert check_database(ctx).problems == []
    finally:
        ctx.close()
