"""Migration 0005 gives every existing audit chain a head record, so deleting its last entries shows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import maintenance as m
from cityeval_desktop.services.context import open_context
from tests.unit.store.old_databases import copy_rows

USCC = "91350100M000100Y43"


def test_upgrade_to_0005_records_the_head_of_every_existing_chain(tmp_path: Path, database_at_revision) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    ctx = open_context(scratch / "new.sqlite3", scratch)
    refs = []
    for name in ("甲公司", "乙公司"):
        ref = case_service.new_case(
            ctx, framework="planning-consulting", tier="city", mode="self", entity_name=name, uscc=USCC
        ).ref
        case_service.set_answer(ctx, ref, "P1.1", value=3)
        refs.append(ref)
    ctx.close()
    # the same rows in a database still at 0004, as an older version of the program wrote them
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0004")
    copy_rows(scratch / "new.sqlite3", db, ("frameworks", "entities", "cases", "answers", "veto_decisions", "audit"))
    with sqlite3.connect(db) as old:
        assert not old.execute("SELECT name FROM sqlite_master WHERE name = 'audit_heads'").fetchall()
    old.close()

    ctx = open_context(db, tmp_path)
    try:
        assert m.check_database(ctx).ok
        with sqlite3.connect(db) as con:
            heads = dict(con.execute("SELECT chain, position FROM audit_heads"))
            assert heads == dict(con.execute("SELECT chain, MAX(position) FROM audit GROUP BY chain"))
        case_service.set_answer(ctx, refs[0], "P1.2", value=2)  # the head moves with the chain
        assert m.check_database(ctx).ok
        uuid = refs[0].split("@")[0]
        with sqlite3.connect(db) as con:
            con.execute(
                "DELETE FROM audit WHERE chain = ? AND position = (SELECT MAX(position) FROM audit WHERE chain = ?)",
                (uuid, uuid),
            )
        found = [(p.kind, p.subject, p.reason) for p in m.check_database(ctx).problems]
        assert found == [(m.AUDIT, uuid, m.CHAIN_TRUNCATED)]
    finally:
        ctx.close()
