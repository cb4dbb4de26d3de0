"""The fast path of ``open_database`` (no Alembic import when already at the head) stays right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cityeval_desktop.store.engine import SCHEMA_HEAD, head_revision, open_database


def test_schema_head_constant_is_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_HEAD, "a migration was added: update SCHEMA_HEAD in store/location.py"


def test_reopening_a_database_at_the_head_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    code = (
        "import sys\n"
        "from cityeval_desktop.store.engine import open_database\n"
        f"open_database({f'sqlite:///{path}'!r}).dispose()\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert proc.stdout.strip() == ""
