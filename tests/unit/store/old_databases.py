"""Databases as an older version of the program left them (migration tests): the schema of an older
revision, and rows copied into it from a database the current program wrote, in the old columns only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from cityeval_desktop.store.engine import MIGRATIONS


def database_at(path: Path, revision: str) -> None:
    """Create ``path`` with the schema of migration ``revision`` (no CityEval marks, no rows)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def copy_rows(src: Path, dst: Path, tables: Iterable[str]) -> dict[str, list[str]]:
    """Copy the rows of ``tables`` from ``src`` into the older database ``dst``, in ``dst``'s columns (the
    columns later migrations added are left behind, as the older program never wrote them).

    Returns:
        The columns of each table in ``dst`` (what the older schema had).
    """
    columns: dict[str, list[str]] = {}
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        for table in tables:
            cols = [r[1] for r in target.execute(f"PRAGMA table_info({table})")]
            rows = source.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            target.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
            columns[table] = cols
    source.close()
    target.close()
    return columns
