"""Migration 0004 gives every existing case revision a version counter that writes then increment."""

from __future__ import annotations

from pathlib import Path

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.maintenance import check_database
from tests.unit.store.old_databases import copy_rows

USCC = "91350100M000100Y43"


def _version(ctx, ref: str) -> int:
    with ctx.reading() as s:
        return case_service.find_case(s, ref).version


def test_upgrade_to_0004_starts_existing_revisions_at_version_1(tmp_path: Path, database_at_revision) -> None:
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0003")
    ctx = open_context(tmp_path / "scratch.sqlite3", tmp_path)
    refs = []
    for name in ("甲公司", "乙公司"):
        ref = case_service.new_case(
            ctx, framework="planning-consulting", tier="city", mode="self", entity_name=name, uscc=USCC
        ).ref
        case_service.set_answer(ctx, ref, "P1.2", value=4)
        case_service.set_answer(ctx, ref, "P1.1", value=3)
        refs.append(ref)
    ctx.close()
    # copy the rows into a database still at 0003, as an older version of the program wrote them
    columns = copy_rows(
        tmp_path / "scratch.sqlite3", db, ("frameworks", "entities", "cases", "answers", "veto_decisions", "audit")
    )
    assert "version" not in columns["cases"]

    ctx = open_context(db, tmp_path)
    try:
        assert list(tmp_path.glob("old.sqlite3.before-*.bak"))  # the old file was kept first
        assert [_version(ctx, ref) for ref in refs] == [1, 1]
        before = case_service.load_case(ctx, refs[0])
        case_service.set_answer(ctx, refs[0], "P1.2", value=2)
        assert [_version(ctx, ref) for ref in refs] == [2, 1]  # only the revision written to
        assert case_service.load_case(ctx, refs[0]).result.total != before.result.total
        assert check_database(ctx).problems == []
    finally:
        ctx.close()
