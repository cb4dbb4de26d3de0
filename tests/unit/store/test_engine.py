"""Engine factory and database opening (DESIGN §5 "Database"): WAL, foreign keys, Alembic
head on a new file, consistent backups, and refusal (untouched) of files that are not ours."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, text

from cityeval_desktop.store.engine import DatabaseError, backup_database, head_revision, open_database


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def make_cityeval_db(path: Path) -> None:
    """A real CityEval database with one row in the settings table, closed cleanly."""
    engine = open_database(url_of(path))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('marker', 'kept')"))
    engine.dispose()


def assert_refused_untouched(path: Path, *, fragment: str) -> DatabaseError:
    folder = path.parent
    before_bytes, before_files = digest(path), listing(folder)
    with pytest.raises(DatabaseError) as info:
        open_database(url_of(path))
    err = info.value
    assert fragment in err.message.en, err.message.en
    assert err.message.zh and err.message.zh != err.message.en
    assert str(path) in err.render("en"), "the message must name the file"
    assert digest(path) == before_bytes, "the refused file was modified"
    assert listing(folder) == before_files, "files were created beside the refused database"
    return err


# ----------------------------------------------------------------------------- new database
def test_new_database_gets_wal_foreign_keys_and_the_alembic_head(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = open_database(url_of(path))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
            tables = set(inspect(conn).get_table_names())
        assert {"cases", "answers", "evidence", "audit", "entities", "frameworks", "settings"} <= tables
        # foreign keys are enforced, not just declared
        with pytest.raises(sa_exc.IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO answers (case_id, indicator_id, not_applicable, updated_at) "
                    "VALUES (4242, 'P1.1', 0, '2026-01-01')"
                )
            )
    finally:
        engine.dispose()
    # WAL is a property of the file: a plain connection from elsewhere sees it too
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_reopening_an_up_to_date_database_keeps_data_and_writes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    make_cityeval_db(path)
    engine = open_database(url_of(path))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT value FROM settings WHERE key = 'marker'")).scalar() == "kept"
    finally:
        engine.dispose()
    assert not [name for name in listing(tmp_path) if ".bak" in name or "before-" in name]


# ----------------------------------------------------------------------------- backup
def test_backup_database_is_a_consistent_usable_copy_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    engine = open_database(url_of(path))
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO settings (key, value) VALUES ('marker', 'in the wal')"))
        # the row is committed but still in the WAL file (no checkpoint yet): the copy must have it
        out = backup_database(engine, tmp_path / "copies" / "backup.sqlite3")
        assert out == (tmp_path / "copies" / "backup.sqlite3").resolve()
        assert not list(out.parent.glob("*.partial")), "temporary file left behind"

        copy = sqlite3.connect(out)
        try:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT value FROM settings WHERE key = 'marker'").fetchone()[0] == "in the wal"
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        finally:
            copy.close()

        # refuses to overwrite an existing file, which stays as it was
        before = digest(out)
        with pytest.raises(DatabaseError) as info:
            backup_database(engine, out)
        assert "exists" in info.value.message.en
        assert digest(out) == before
    finally:
        engine.dispose()
    # and the copy opens as a CityEval database without migration or backup
    reopened = open_database(url_of(out))
    reopened.dispose()
    assert not [name for name in listing(out.parent) if ".bak" in name]


# ----------------------------------------------------------------------------- refusals
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path, journal: str) -> None:
    path = tmp_path / "newer.sqlite3"
    make_cityeval_db(path)
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.commit()
    raw.execute(f"PRAGMA journal_mode = {journal}")
    raw.close()
    err = assert_refused_untouched(path, fragment="newer")
    assert "9999_from_the_future" in err.message.en


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"meeting notes\nnot a database at all\n" * 40],
    ids=["random-bytes", "text-file"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    assert_refused_untouched(path, fragment="not a CityEval database")


def test_sqlite_database_made_by_something_else_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other-app.sqlite3"
    raw = sqlite3.connect(path)  # default rollback journal, as most programs leave it
    raw.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    raw.execute("INSERT INTO customers (name) VALUES ('someone else''s data')")
    raw.commit()
    raw.close()
    assert_refused_untouched(path, fragment="not made by CityEval")
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["customers"]
    finally:
        raw.close()
