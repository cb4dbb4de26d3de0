"""Where the database is and which schema it must have: plain Python, no SQLAlchemy.

Kept apart from :mod:`.engine` so that the workbench can find and peek at its database before the
ORM is imported (see :mod:`cityeval_desktop.services.case_index`).
"""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "cityeval.sqlite3"
# The newest migration's revision. A database already at it opens without importing Alembic
# (~70 ms of every command's start, see tests/benchmarks); tests/unit/store/test_schema_head.py
# fails when a migration is added and this is not updated.
SCHEMA_HEAD = "0010"
_SQLITE_PREFIX = "sqlite:///"


def resolve_url(db: str | os.PathLike[str] | None, data_dir: Path) -> str:
    """A SQLAlchemy URL from ``--db`` (path or URL), ``CITYEVAL_DB`` or the data folder."""
    chosen = str(db) if db else os.environ.get("CITYEVAL_DB")
    if chosen and "://" in chosen:
        return chosen
    path = Path(chosen).expanduser() if chosen else data_dir / DB_FILENAME
    return f"{_SQLITE_PREFIX}{path.resolve()}"


def plain_sqlite_file(url: str) -> Path | None:
    """The file behind a plain ``sqlite:///PATH`` URL (no driver, no query string), else None.

    Deliberately narrow: anything unusual is left to SQLAlchemy's own URL parsing.
    """
    if not url.startswith(_SQLITE_PREFIX) or "?" in url:
        return None
    rest = url[len(_SQLITE_PREFIX) :]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)
