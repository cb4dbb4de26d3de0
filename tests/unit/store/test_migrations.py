"""Upgrading an older database: a backup is written first and every row survives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.store.engine import SCHEMA_HEAD
from tests.unit.store.old_databases import copy_rows


def test_upgrade_from_the_first_schema_backs_up_and_keeps_cases(tmp_path: Path, database_at_revision) -> None:
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0001")
    # a case written by the first schema's tables, as version 0.1 would have
    ctx = open_context(tmp_path / "scratch.sqlite3", tmp_path)
    summary = case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="self",
        entity_name="旧库主体",
        uscc="91350100M000100Y43",
    )
    case_service.set_answer(ctx, summary.ref, "P1.2", value=4)
    ctx.close()
    # the old schema's columns: later migrations add columns the first schema did not have
    copy_rows(tmp_path / "scratch.sqlite3", db, ("frameworks", "entities", "cases", "answers", "audit"))

    ctx = open_context(db, tmp_path)
    backups = list(tmp_path.glob("old.sqlite3.before-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT count(*) FROM cases").fetchone() == (1,)
    tables = set(inspect(ctx.engine).get_table_names())
    assert {"trusted_certificates", "case_reports"} <= tables
    with ctx.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD
    detail = case_service.load_case(ctx, summary.case_uuid)
    assert detail.raw_values == {"P1.2": 4}
    ctx.close()
