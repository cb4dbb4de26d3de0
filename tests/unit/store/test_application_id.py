"""Only CityEval's own SQLite files are migrated: PRAGMA application_id, not a revision id (issue 9, item 10)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from cityeval_desktop.store.engine import APPLICATION_ID, DatabaseError, open_database


def _app_id(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA application_id").fetchone()[0]


def test_a_new_database_is_marked_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    assert _app_id(path) == APPLICATION_ID


@pytest.mark.parametrize("revision", ["0001", "0003"])
def test_another_alembic_application_at_our_revision_id_is_refused_untouched(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "other-app.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO users (name) VALUES ('alice')")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError) as info:
        open_database(f"sqlite:///{path}")
    assert "another application" in info.value.render("en")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.bak"))


def test_a_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
    with pytest.raises(DatabaseError):
        open_database(f"sqlite:///{path}")


def test_a_cityeval_file_made_before_the_id_is_recognised_by_its_tables_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0")
    open_database(f"sqlite:///{path}").dispose()
    assert _app_id(path) == APPLICATION_ID
