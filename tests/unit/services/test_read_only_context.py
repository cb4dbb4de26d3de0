"""A context opened read-only (the second workbench, issue 8 item 22) cannot write: every transaction is refused,
SQLite itself refuses a write, and the database file keeps its bytes and time stamp."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from cityeval_desktop.services import cases
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.errors import StateError
from cityeval_desktop.store import audit
from cityeval_desktop.store.engine import DatabaseError

GOOD = {
    "framework": "planning-consulting",
    "tier": "city",
    "mode": "third-party",
    "entity_name": "福州数字规划研究院有限公司",
    "uscc": "91350100M000100Y43",
}


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.mark.parametrize("writer_open", [True, False], ids=["first-workbench-running", "alone"])
def test_nothing_can_be_written(data_dir: Path, writer_open: bool) -> None:
    db = data_dir / "cases.sqlite3"
    writer = open_context(db, data_dir, actor="first")
    summary = cases.new_case(writer, **GOOD)
    with writer.reading() as s:
        rows = audit.count(s)
    if not writer_open:
        writer.close()
    before = fingerprint(db)

    ro = open_context(db, data_dir, actor="second", read_only=True)
    try:
        assert ro.read_only
        assert [c.ref for c in cases.list_cases(ro)] == [summary.ref]
        assert cases.load_case(ro, summary.ref).summary.uscc == GOOD["uscc"]
        for attempt in (
            lambda: cases.set_answer(ro, summary.ref, "P1.1", value=3),
            lambda: cases.new_case(ro, **GOOD),
            lambda: cases.delete_draft(ro, summary.ref),
            lambda: ro.set_evidence_limit(1024),
        ):
            with pytest.raises(StateError) as info:
                attempt()
            assert "read-only" in info.value.problems[0].message.en
            assert "只读" in info.value.problems[0].message.zh
        with pytest.raises(sa_exc.OperationalError, match="readonly"), ro.sessions() as s, s.begin():
            s.execute(text("DELETE FROM cases"))  # past the service layer: SQLite itself refuses
        with ro.reading() as s:
            assert audit.count(s) == rows
        ro.close()
        assert fingerprint(db) == before  # compared before the first workbench closes (it checkpoints)
    finally:
        ro.close()
        if writer_open:
            writer.close()


def test_a_missing_database_is_not_created(data_dir: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_context(data_dir / "none.sqlite3", data_dir, read_only=True)
    assert not (data_dir / "none.sqlite3").exists()


def test_a_database_to_upgrade_is_refused_untouched(data_dir: Path) -> None:
    db = data_dir / "old.sqlite3"
    ctx = open_context(db, data_dir)
    with ctx.transaction() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    ctx.close()
    before = fingerprint(db)
    with pytest.raises(DatabaseError) as info:
        open_context(db, data_dir, read_only=True)
    assert "needs an upgrade" in info.value.message.en
    assert fingerprint(db) == before


def test_a_file_that_is_not_a_database_is_refused(data_dir: Path) -> None:
    db = data_dir / "notes.sqlite3"
    db.write_bytes(b"not a database at all" * 100)
    before = fingerprint(db)
    with pytest.raises(DatabaseError, match="not a CityEval database"):
        open_context(db, data_dir, read_only=True)
    assert fingerprint(db) == before
