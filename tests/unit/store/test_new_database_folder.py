"""A new database in a folder that does not exist yet gets its folder, as it always did.

(Refusing unsafe paths before SQLite opens them once made this say "read-only": the folder was
looked at for write access before anything created it.)
"""

from __future__ import annotations

from pathlib import Path

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context


def test_open_context_makes_the_folder_of_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "agency" / "2026" / "cases.sqlite3"
    ctx = open_context(db, tmp_path / "data")
    try:
        assert db.is_file()
        assert case_service.list_cases(ctx) == []
        assert not ctx.read_only
    finally:
        ctx.close()


def test_the_command_line_makes_it_too(cli, tmp_path: Path) -> None:
    db = tmp_path / "new-folder" / "cases.sqlite3"
    res = cli("case", "list", "--db", str(db))
    assert res.code == 0, res.err
    assert db.is_file() and "只读" not in res.err
