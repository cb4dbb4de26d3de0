"""The start-up look at the case list (services.case_index): the same rows as the case service, read
without SQLAlchemy, and never a change to anything: whatever it cannot read exactly it leaves to the
full start path (None)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import case_index, cases
from cityeval_desktop.services.context import open_context

# the look reads the SQLite file itself with the standard library; a server database is always the
# full start's (test_a_server_database_is_left_to_the_full_start)
pytestmark = pytest.mark.sqlite

USCC = ("91350100M000100Y43", "91512081MA62K0260E")


def test_a_server_database_is_left_to_the_full_start(data_dir: Path) -> None:
    # nothing listens on port 9: a look that tried to connect would hang or fail, not return at once
    assert case_index.peek("postgresql+psycopg://u:p@127.0.0.1:9/cityeval", data_dir) is None


def _populate(ctx: Any) -> None:
    """Three cases: answered, finalized then amended (two revisions), and an empty self-check."""
    a = cases.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="福州规划院", uscc=USCC[0]
    )
    cases.set_answer(ctx, a.ref, "P1.1", value=7, note="七人持证")
    cases.set_answer(ctx, a.ref, "P1.2", value=4)
    b = cases.new_case(
        ctx,
        framework="operations-maintenance",
        tier="regional",
        mode="third-party",
        entity_name="简阳运营公司",
        uscc=USCC[1],
        assessor="李四",
    )
    cases.set_answer(ctx, b.ref, "O1.1", value="itss2")
    with ctx.transaction() as s:
        cases.mark_finalized(s, cases.find_case(s, b.ref), "tester")
    cases.amend(ctx, b.ref, "复核更正")
    cases.new_case(
        ctx,
        framework="construction-implementation",
        tier="enterprise",
        mode="self",
        entity_name="自评主体",
        uscc=USCC[0],
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_look_gives_exactly_what_the_case_service_lists(ctx: Any, data_dir: Path) -> None:
    _populate(ctx)
    listed = cases.list_cases(ctx)
    preview = case_index.peek(data_dir / "cases.sqlite3", data_dir)
    assert preview is not None
    assert preview.url == ctx.url
    assert preview.cases == listed
    assert [c.revision for c in preview.cases if c.entity_name == "简阳运营公司"] == [2]
    answered = next(c for c in preview.cases if c.entity_name == "福州规划院")
    assert answered.total is not None and answered.grade is not None
    assert answered.updated_at.tzinfo is not None
    # every revision too, through the same query
    assert len(cases.list_cases(ctx, all_revisions=True)) == 4


def test_the_look_uses_the_data_folder_and_the_environment_like_the_full_start(
    data_dir: Path, monkeypatch: Any
) -> None:
    ctx = open_context(None, data_dir)  # the data folder's default database
    _populate(ctx)
    ctx.close()
    preview = case_index.peek(None, data_dir)
    assert preview is not None and len(preview.cases) == 3
    monkeypatch.setenv("CITYEVAL_DATA_DIR", str(data_dir))
    assert case_index.peek() == preview


def test_a_missing_database_is_left_to_the_full_start_and_nothing_is_created(tmp_path: Path) -> None:
    where = tmp_path / "nowhere" / "cases.sqlite3"
    assert case_index.peek(where, tmp_path / "data") is None
    assert not (tmp_path / "nowhere").exists()
    assert not (tmp_path / "data").exists()


def test_server_and_unusual_urls_are_left_to_the_full_start(data_dir: Path) -> None:
    for url in (
        "postgresql://assessor@localhost/cityeval",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///relative.sqlite3",
        f"sqlite:///{data_dir / 'x.sqlite3'}?mode=ro",
    ):
        assert case_index.peek(url, data_dir) is None, url


def test_a_database_that_needs_migrating_or_refusing_is_not_touched(ctx: Any, data_dir: Path) -> None:
    _populate(ctx)
    ctx.close()
    db = data_dir / "cases.sqlite3"
    for version in ("0001", "9999"):
        con = sqlite3.connect(db)
        con.execute("UPDATE alembic_version SET version_num = ?", (version,))
        con.commit()
        con.close()
        before = _digest(db)
        assert case_index.peek(db, data_dir) is None, version
        assert _digest(db) == before


def test_foreign_and_damaged_files_are_left_to_the_full_start(data_dir: Path) -> None:
    not_a_db = data_dir / "notes.sqlite3"
    not_a_db.write_bytes(b"these are my notes, not a database\n" * 100)
    other = data_dir / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE things (id INTEGER)")
    con.commit()
    con.close()
    folder = data_dir / "folder.sqlite3"
    folder.mkdir()
    for path in (not_a_db, other, folder):
        before = _digest(path) if path.is_file() else None
        assert case_index.peek(path, data_dir) is None, path
        if before is not None:
            assert _digest(path) == before


def test_rows_that_do_not_read_back_are_left_to_the_full_start(ctx: Any, data_dir: Path) -> None:
    _populate(ctx)
    ctx.close()
    db = data_dir / "cases.sqlite3"
    con = sqlite3.connect(db)
    con.execute("UPDATE cases SET total = 'not a number' WHERE entity_name = '福州规划院'")
    con.commit()
    con.close()
    assert case_index.peek(db, data_dir) is None


def test_a_locked_database_does_not_make_the_start_wait(ctx: Any, data_dir: Path) -> None:
    _populate(ctx)
    ctx.close()
    db = data_dir / "cases.sqlite3"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode = DELETE")  # an exclusive lock then blocks readers too
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.perf_counter()
        assert case_index.peek(db, data_dir) is None
        assert time.perf_counter() - start < 2.0  # no busy wait (the full start explains the lock)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_look_and_the_workbench_shell_load_without_sqlalchemy(ctx: Any, data_dir: Path) -> None:
    """What the workbench paints first must not import SQLAlchemy (about 0.3 s of start-up)."""
    _populate(ctx)
    ctx.close()
    code = (
        "import sys\n"
        "from cityeval_desktop.services import case_index\n"
        "import cityeval_desktop.ui.app, cityeval_desktop.ui.main_window\n"
        f"preview = case_index.peek({str(data_dir / 'cases.sqlite3')!r}, {str(data_dir)!r})\n"
        "assert preview is not None and len(preview.cases) == 3\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
